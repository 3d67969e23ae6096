/**
 * What verifying an officer claim costs inside Temporal's workflow sandbox, against the same work
 * without the verification, in one run on one dev server. Prints ratios; run it once:
 *
 *   node --import tsx test/sandbox/bench-claim-verify.ts [--updates 200] [--batch 300]
 *
 * 1. Node, outside the sandbox: verifyOfficerClaim (pure-JS @noble/curves) vs node:crypto's
 *    native Ed25519 verify of the same token.
 * 2. In the sandbox, per verification: a query that verifies the claim `batch` times vs one that
 *    only decodes it `batch` times; the difference divided by `batch`.
 * 3. End to end: Updates whose validator verifies the claim vs the same Update whose validator
 *    only checks the input's shape, sent one after another, interleaved in rounds.
 */
import { createPublicKey, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { claimInputDigest } from '../../lib/claims/claim-format.ts';
import { createClaimSigner } from '../../lib/claims/sign-claim.ts';
import { withTrustedClaimKeys } from '../../lib/claims/trusted-keys.ts';
import { verifyOfficerClaim } from '../../lib/claims/verify-claim.ts';
import { quietLogger } from '../../lib/logger.ts';
import { requireTemporalCli } from '../../lib/temporal/cli.ts';
import { startDevServer } from '../../lib/temporal/dev-server.ts';
import { installRuntime } from '../../lib/temporal/runtime.ts';
import { bundleWorkflows } from '../../lib/temporal/workflow-code.ts';
import { SANDBOX_WORKFLOWS } from './harness-paths.ts';
import { approveUncheckedUpdate, approveUpdate, finishSignal, verifyManyQuery } from './workflows.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const UPDATES = arg('updates', 200);
const BATCH = arg('batch', 300);
installRuntime(quietLogger('bench-claim-verify'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void, n: number) => {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / n; // ms per op
};

const { privateKey } = generateKeyPairSync('ed25519');
const signer = createClaimSigner(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const keys = { [signer.keyId]: signer.jwk.x };
const officer = { id: 'off-dana', department: 'social-benefits', roles: ['officer'] };

// 1. Node
const input = { taskId: 't', amount: 1 };
const context = { workflowId: 'w', updateName: 'approve', updateId: 'u', input };
const token = signer.sign({ officer, ...context, ttlSeconds: 300 });
const [h, p, s] = token.split('.') as [string, string, string];
const pub = createPublicKey(privateKey);
for (let i = 0; i < 200; i++) verifyOfficerClaim(token, { ...context, keys, nowMs: Date.now() }); // warm up (precomputation)
const nobleMs = median([1, 2, 3].map(() => time(() => verifyOfficerClaim(token, { ...context, keys, nowMs: Date.now() }), 500)));
const nativeMs = median([1, 2, 3].map(() => time(() => nodeVerify(null, Buffer.from(`${h}.${p}`), pub, Buffer.from(s, 'base64url')), 2000)));
const digestMs = median([1, 2, 3].map(() => time(() => claimInputDigest(input), 5000)));

// 2 and 3 on a dev server
const server = await startDevServer({ cli: requireTemporalCli(), uiPort: false, port: 0 });
try {
  const code = await bundleWorkflows(SANDBOX_WORKFLOWS);
  const connection = await NativeConnection.connect({ address: server.address });
  const taskQueue = 'claim-bench';
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: { code: withTrustedClaimKeys(code, keys) } });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });

  const bench = await client.workflow.start('claimBenchWorkflow', { taskQueue, workflowId: `claim-bench-${Date.now()}` });
  const query = async (verify: boolean) => {
    const t0 = performance.now();
    const accepted = await bench.query(verifyManyQuery, { token, context, times: BATCH, verify });
    if (accepted !== BATCH) throw new Error(`the sandbox accepted ${accepted} of ${BATCH}`);
    return performance.now() - t0;
  };
  await query(true); // warm up the sandbox's precomputation
  const withVerify: number[] = [];
  const withoutVerify: number[] = [];
  for (let round = 0; round < 5; round++) {
    withVerify.push(await query(true));
    withoutVerify.push(await query(false));
  }
  const sandboxMs = (median(withVerify) - median(withoutVerify)) / BATCH;
  await bench.signal(finishSignal);

  const guarded = await client.workflow.start('guardedWorkflow', { taskQueue, workflowId: `claim-bench-updates-${Date.now()}` });
  const checked: number[] = [];
  const unchecked: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    for (const verify of i % 2 ? [true, false] : [false, true]) {
      const updateId = `${verify ? 'v' : 'n'}-${i}`;
      const args = { taskId: `t-${i}`, amount: i };
      const claim = signer.sign({ officer, workflowId: guarded.workflowId, updateName: verify ? 'approve' : 'approveUnchecked', updateId, input: args });
      const t0 = performance.now();
      await guarded.executeUpdate(verify ? approveUpdate : approveUncheckedUpdate, { args: [{ ...args, claim }], updateId });
      (verify ? checked : unchecked).push(performance.now() - t0);
    }
  }
  await guarded.signal(finishSignal);
  worker.shutdown();
  await running;
  await connection.close();

  const r = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(`Officer-claim verification cost (${new Date().toISOString()})`);
  console.log(`1. Node: verifyOfficerClaim ${(nobleMs * 1000).toFixed(0)} µs vs node:crypto Ed25519 verify ${(nativeMs * 1000).toFixed(0)} µs: ${r(nobleMs, nativeMs)} (input digest alone ${(digestMs * 1000).toFixed(1)} µs)`);
  console.log(`2. Sandbox, per verification: ${(sandboxMs * 1000).toFixed(0)} µs (query of ${BATCH}: ${median(withVerify).toFixed(1)} ms verifying vs ${median(withoutVerify).toFixed(1)} ms decoding only: ${r(median(withVerify), median(withoutVerify))}); vs Node: ${r(sandboxMs, nobleMs)}`);
  console.log(`3. Update round trip, median of ${UPDATES}: ${median(checked).toFixed(2)} ms verifying vs ${median(unchecked).toFixed(2)} ms without: ${r(median(checked), median(unchecked))}`);
} finally {
  await server.stop();
}
