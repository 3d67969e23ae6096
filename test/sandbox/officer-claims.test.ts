/**
 * Officer claims verified by an Update validator inside the real workflow sandbox, with the
 * trusted keys delivered as a bundle prelude — for a bundle built at start and for a prebuilt
 * bundle file (run here in the legacy one-context-per-workflow VM too). A forged claim is
 * refused by the validator and leaves the history exactly as it was.
 */
import { randomUUID, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLAIM_REJECTED } from '../../lib/claims/in-workflow.ts';
import { createClaimSigner, type ClaimRequest } from '../../lib/claims/sign-claim.ts';
import { withTrustedClaimKeys } from '../../lib/claims/trusted-keys.ts';
import { bundleSandboxWorkflows, connectTestClient, startTestWorker, type TestWorker } from './harness.ts';
import { approvalsQuery, approveUncheckedUpdate, approveUpdate, finishSignal, type ApproveInput } from './workflows.ts';

const newSigner = () => createClaimSigner(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const api = newSigner();
const trusted = { [api.keyId]: api.jwk.x };
const dana = { id: 'off-dana', department: 'social-benefits', roles: ['officer'] };

describe('officer claims in an Update validator', () => {
  let code: string;
  let temporal: Awaited<ReturnType<typeof connectTestClient>>;
  const workers: TestWorker[] = [];

  beforeAll(async () => {
    code = await bundleSandboxWorkflows();
    temporal = await connectTestClient();
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await temporal?.close();
  });

  async function startGuarded(workerCode: string, reuseV8Context?: boolean): Promise<WorkflowHandle> {
    const worker = await startTestWorker({ code: workerCode, reuseV8Context });
    workers.push(worker);
    return temporal.client.workflow.start('guardedWorkflow', { taskQueue: worker.taskQueue, workflowId: `claims-${randomUUID()}` });
  }

  function claimFor(handle: WorkflowHandle, input: ApproveInput, updateId: string, over: Partial<ClaimRequest> = {}, signer = api): ApproveInput {
    return { ...input, claim: signer.sign({ officer: dana, workflowId: handle.workflowId, updateName: 'approve', updateId, input, ...over }) };
  }

  async function refusal(p: Promise<unknown>): Promise<string> {
    const e = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (e as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(CLAIM_REJECTED);
    return ((cause as ApplicationFailure).details?.[0] as { code: string }).code;
  }

  it('bundle built at start: accepts the API-signed claim, refuses forgeries without a trace in history', async () => {
    const handle = await startGuarded(withTrustedClaimKeys(code, trusted));
    const other = await startGuarded(withTrustedClaimKeys(code, trusted));
    const input = { taskId: 'task-1', amount: 85_000 };

    const accepted = await handle.executeUpdate(approveUpdate, { args: [claimFor(handle, input, 'u-ok')], updateId: 'u-ok' });
    expect(accepted).toEqual({ acceptedBy: 'off-dana' });
    const before = (await handle.fetchHistory()).events!.length;

    const forged: [string, ApproveInput, string][] = [
      ['no claim', input, 'NO_CLAIM'],
      ['an untrusted key', claimFor(handle, input, 'u-1', {}, newSigner()), 'UNKNOWN_KEY'],
      ['expired', claimFor(handle, input, 'u-2', { nowMs: Date.now() - 10 * 60_000 }), 'EXPIRED'],
      ['another case', claimFor(handle, input, 'u-3', { workflowId: other.workflowId }), 'WRONG_WORKFLOW'],
      ['another update name', claimFor(handle, input, 'u-4', { updateName: 'approveUnchecked' }), 'WRONG_UPDATE'],
      ['tampered roles', { ...input, claim: tamperRoles(claimFor(handle, input, 'u-5').claim!) }, 'BAD_SIGNATURE'],
      ['another update id', claimFor(handle, input, 'u-other'), 'WRONG_UPDATE_ID'],
      ['a raised amount', { ...claimFor(handle, input, 'u-7'), amount: 8_500_000 }, 'WRONG_INPUT'],
    ];
    for (const [name, args, code] of forged) {
      const updateId = name === 'another update id' ? 'u-6' : (args.claim ? claimUpdateId(args.claim) : 'u-0');
      expect([name, await refusal(handle.executeUpdate(approveUpdate, { args: [args], updateId }))]).toEqual([name, code]);
    }

    // The accepted claim, sent again under its own update id, is answered from history: it runs once.
    expect(await handle.executeUpdate(approveUpdate, { args: [claimFor(handle, { taskId: 'task-1', amount: 85_000 }, 'u-ok')], updateId: 'u-ok' })).toEqual({ acceptedBy: 'off-dana' });

    const history = await handle.fetchHistory();
    expect(history.events!.length).toBe(before);
    const accepts = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepts).toHaveLength(1);
    expect(await handle.query(approvalsQuery)).toEqual([{ taskId: 'task-1', amount: 85_000, officer: dana }]);

    await handle.signal(finishSignal);
    expect(await handle.result()).toBe(1);
    // Validators do not run on replay: the history replays with a bundle that holds no keys at all.
    await Worker.runReplayHistory({ workflowBundle: { code } }, await handle.fetchHistory(), handle.workflowId);
    await other.signal(finishSignal);
  });

  it('prebuilt bundle file, one V8 context per workflow: the same keys work, and only they', async () => {
    const file = path.join(inject('tempRoot'), `claims-bundle-${process.pid}.js`);
    fs.writeFileSync(file, code);
    const handle = await startGuarded(withTrustedClaimKeys(fs.readFileSync(file, 'utf8'), trusted), false);
    const input = { taskId: 'task-9', amount: 120_000 };
    expect(await handle.executeUpdate(approveUpdate, { args: [claimFor(handle, input, 'p-ok')], updateId: 'p-ok' })).toEqual({ acceptedBy: 'off-dana' });
    expect(await refusal(handle.executeUpdate(approveUpdate, { args: [claimFor(handle, input, 'p-1', {}, newSigner())], updateId: 'p-1' }))).toBe('UNKNOWN_KEY');
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe(1);
  });

  it('a worker given no keys refuses every officer action (fails closed)', async () => {
    const handle = await startGuarded(code);
    const input = { taskId: 'task-2', amount: 1 };
    expect(await refusal(handle.executeUpdate(approveUpdate, { args: [claimFor(handle, input, 'n-1')], updateId: 'n-1' }))).toBe('NO_TRUSTED_KEYS');
    expect(await handle.executeUpdate(approveUncheckedUpdate, { args: [{ ...input, claim: 'x' }] })).toEqual({ acceptedBy: 'task-2' });
    await handle.signal(finishSignal);
    expect(await handle.result()).toBe(0);
  });
});

function claimUpdateId(claim: string): string {
  return (JSON.parse(Buffer.from(claim.split('.')[1]!, 'base64url').toString()) as { uid: string }).uid;
}

function tamperRoles(claim: string): string {
  const [h, p, s] = claim.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { roles: string[] };
  payload.roles = ['officer', 'supervisor'];
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}
