/**
 * Histories on the Temporal server hold no clear text: a case whose officer wrote reasons and
 * whose citizen answered a request is read back raw from the server (what the Web UI, the CLI or
 * anyone with the server's database sees) and searched for those words; the replay tools still
 * replay it (decoded with the deployment's keys), and the codec server decodes it for engineers.
 */
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLAIM, PROVIDE_INFORMATION, RESOLVE } from '../api/client/operations.ts';
import { trustEndpoints } from '../api/temporal/trust-endpoints.ts';
import { createTokenVerifier } from '../lib/auth/tokens.ts';
import { fetchHistory, replayHistories } from '../lib/temporal/history/index.ts';
import { ENCODING_ENCRYPTED } from '../lib/temporal/payload-codec.ts';
import { loadWorkflowBundle } from '../lib/temporal/workflow-code.ts';
import { caseWorkflowId } from '../workflows/messages.ts';
import { expectOk, startHarness, STAFF, type Harness } from './api/support/harness.ts';
import { applications, caseInReview } from './api/support/fixtures.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

const marker = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

async function rawHistoryBytes(workflowId: string): Promise<{ bytes: Buffer; encrypted: number; payloads: number; clear: string[] }> {
  const client = h.engine.client;
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let token: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({ namespace: client.options.namespace, execution: { workflowId }, nextPageToken: token });
    events.push(...(page.history?.events ?? []));
    token = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (token);
  const bytes = Buffer.from(temporal.api.history.v1.History.encode({ events }).finish());
  // Count payloads by their encoding in the raw protobuf, as a reader without keys would. Two kinds
  // stay clear by design: search attributes (visibility queries filter on them: service codes and
  // statuses) and the SDK's own marker bookkeeping (`details.data`: a local activity's id, type and
  // time; a patch id) — a local activity's result is `details.result`, encrypted like the rest.
  const plain = temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.decode(bytes), { bytes: String }) as Record<string, unknown>;
  const encodings: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (!node || typeof node !== 'object') return;
    const meta = (node as { metadata?: Record<string, string> }).metadata;
    if (meta?.encoding && !/searchAttributes|markerRecordedEventAttributes\.details\.(data|patch[-_]data)\./.test(path)) encodings.push(`${Buffer.from(meta.encoding, 'base64').toString()} @${path}`);
    for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
  };
  walk(plain, '');
  const encrypted = encodings.filter((e) => e.startsWith(`${ENCODING_ENCRYPTED} `));
  return { bytes, encrypted: encrypted.length, payloads: encodings.length, clear: encodings.filter((e) => !e.startsWith(`${ENCODING_ENCRYPTED} `)) };
}

describe('payload encryption', () => {
  it('keeps officer reasons and citizen answers out of the stored history; replay and the codec server still read it', async () => {
    const [reason, request, answer, denial] = [marker('reason'), marker('request'), marker('answer'), marker('denial')];
    const { caseId, taskId } = await caseInReview(h, 'frontendA', applications(h).fourEyes);
    expectOk(await h.gql('supervisorSocial', CLAIM, { taskId }));
    expectOk(await h.gql('supervisorSocial', RESOLVE, { input: { taskId, action: 'REQUEST_INFORMATION', reason, request } }));
    expectOk(await h.gql('frontendA', PROVIDE_INFORMATION, { input: { caseId, submissionId: 'sub-1', answers: { contract: answer } } }));
    const again = await h.engine.waitFor(caseId, (s) => s.status === 'PENDING_REVIEW' && s.tasks.some((t) => t.status === 'OPEN'));
    const next = again.tasks.find((t) => t.status === 'OPEN')!.taskId;
    expectOk(await h.gql('supervisorSocial', RESOLVE, { input: { taskId: next, action: 'DENY', reason: denial, grounds: ['NOT_PARENT_OF_CHILD'] } }));
    await h.engine.result(caseId);
    const workflowId = caseWorkflowId(caseId);

    const raw = await rawHistoryBytes(workflowId);
    for (const secret of [reason, request, answer, denial, h.engine.dataset.personas.highIncomeParent.iin]) {
      expect(raw.bytes.includes(Buffer.from(secret)), `"${secret}" in the stored history`).toBe(false);
    }
    expect(raw.encrypted).toBeGreaterThan(10);
    expect(raw.clear, 'payloads stored in clear text').toEqual([]);

    // The history toolbox decodes with the client's codec: the words are back, and the code replays it.
    const history = await fetchHistory(h.engine.client, workflowId);
    const decoded = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    for (const secret of [reason, answer, denial]) expect(decoded.includes(Buffer.from(secret))).toBe(true);
    const summary = await replayHistories([{ workflowId, history, source: 'test' }], { bundle: await loadWorkflowBundle({ bundlePath: inject('workflowBundlePath') }) });
    expect(summary).toMatchObject({ replayed: 1, passed: 1, failed: 0 });

    // The codec server decodes the stored payloads for an engineer, and for nobody else.
    const route = trustEndpoints({ config: h.config, keyRing: h.engine.deps.keyRing, payloadCodec: h.engine.platform.payloadCodec, verifyToken: () => createTokenVerifier(h.config) })('/codec/decode')!;
    const accepted = await h.engine.client.workflowService.getWorkflowExecutionHistory({ namespace: h.engine.client.options.namespace, execution: { workflowId } });
    const update = accepted.history!.events!.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'resolveTask')!;
    const payload = update.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads![0]!;
    const body = JSON.stringify({
      payloads: [{ metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(payload.data!).toString('base64') }],
    });
    const call = async (claims: typeof STAFF.engineer) =>
      route(new Request('http://api.test/codec/decode', { method: 'POST', headers: { authorization: `Bearer ${await h.token(claims)}`, 'content-type': 'application/json', 'x-namespace': h.config.TEMPORAL_NAMESPACE }, body }));
    const ok = await call(STAFF.engineer);
    expect(ok.status).toBe(200);
    const out = (await ok.json()) as { payloads: { data: string }[] };
    expect(Buffer.from(out.payloads[0]!.data, 'base64').toString()).toContain(reason);
    expect((await call(STAFF.officerSocial)).status).toBe(403);
  });
});
