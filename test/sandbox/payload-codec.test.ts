/**
 * The payload codec on the real dev server: a workflow started through a client with the codec
 * runs to completion on a worker with the codec; its history, read without the codec, holds no
 * clear text; the Replayer replays it with the codec (and, after a key rotation, with the new key
 * set) and cannot without it; the Temporal CLI shows it decoded through the codec server.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { requireTemporalCli } from '../../lib/temporal/cli.ts';
import { createCodecServer } from '../../lib/temporal/codec-server.ts';
import { EncryptionCodec, type PayloadKeySet } from '../../lib/temporal/payload-codec.ts';
import { bundleSandboxWorkflows, connectTestClient, startTestWorker, type TestWorker } from './harness.ts';
import { answerUpdate } from './workflows.ts';

const exec = promisify(execFile);
const key = () => new Uint8Array(randomBytes(32));
const k1 = key();
const keysV1: PayloadKeySet = { active: 'k1', keys: new Map([['k1', k1]]) };
const keysV2: PayloadKeySet = { active: 'k2', keys: new Map([['k1', k1], ['k2', key()]]) };
const onlyNew: PayloadKeySet = { active: 'k2', keys: new Map([['k2', keysV2.keys.get('k2')!]]) };
const converter = (keys: PayloadKeySet) => ({ payloadCodecs: [new EncryptionCodec(keys)] });

const SECRET = `Секрет-${randomUUID()}`; // workflow input
const ANSWER = `IBAN KZ75-${randomUUID()}`; // Update input
const ECHO = 'echoed-by-activity'; // activity result

describe('payload codec on the dev server', () => {
  let code: string;
  let worker: TestWorker;
  let handle: WorkflowHandle;
  let withCodec: Awaited<ReturnType<typeof connectTestClient>>;
  let plain: Awaited<ReturnType<typeof connectTestClient>>;
  let result: unknown;

  beforeAll(async () => {
    code = await bundleSandboxWorkflows();
    worker = await startTestWorker({ code, dataConverter: converter(keysV1), activities: { echo: async (s: string) => `${s}|${ECHO}` } });
    withCodec = await connectTestClient(converter(keysV1));
    plain = await connectTestClient();
    handle = await withCodec.client.workflow.start('codecWorkflow', { taskQueue: worker.taskQueue, workflowId: `codec-${randomUUID()}`, args: [{ secret: SECRET }] });
    expect(await handle.executeUpdate(answerUpdate, { args: [{ answer: ANSWER }] })).toBe(ANSWER);
    result = await handle.result();
  });
  afterAll(async () => {
    await worker?.stop();
    await withCodec?.close();
    await plain?.close();
  });

  it('runs to completion through a worker with the codec', () => {
    expect(result).toEqual({ secret: SECRET, echoed: `${SECRET}|${ECHO}`, answer: ANSWER });
  });

  it('stores a history with no clear text: every payload is encrypted', async () => {
    const history = await plain.client.workflow.getHandle(handle.workflowId).fetchHistory();
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    for (const marker of [SECRET, ANSWER, ECHO, 'json/plain']) expect([marker, bytes.includes(Buffer.from(marker, 'utf8'))]).toEqual([marker, false]);
    const asJson = JSON.stringify(temporal.api.history.v1.History.toObject(temporal.api.history.v1.History.decode(bytes), { bytes: String }));
    expect(asJson).not.toContain(SECRET.slice(0, 12));
    expect(bytes.includes(Buffer.from('binary/encrypted'))).toBe(true);
    // The client without the codec cannot read the result either.
    await expect(plain.client.workflow.getHandle(handle.workflowId).result()).rejects.toThrow(/encoding|binary\/encrypted/i);
  });

  it('replays with the codec, with the rotated key set, and not without the old key', async () => {
    const history = await plain.client.workflow.getHandle(handle.workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { code }, dataConverter: converter(keysV1) }, history, handle.workflowId);
    await Worker.runReplayHistory({ workflowBundle: { code }, dataConverter: converter(keysV2) }, history, handle.workflowId);
    await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history, handle.workflowId)).rejects.toThrow();
    await expect(Worker.runReplayHistory({ workflowBundle: { code }, dataConverter: converter(onlyNew) }, history, handle.workflowId)).rejects.toThrow(/k1/);
  });

  it('the Temporal CLI shows the history decoded through the codec server, and only with a valid token', async () => {
    const handleCodec = createCodecServer({ codec: new EncryptionCodec(keysV2), authorize: ({ token }) => token === 'engineer-token' });
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]]));
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
      const response = await handleCodec(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/codec`;
    const show = (...extra: string[]) =>
      exec(requireTemporalCli(), ['workflow', 'show', '-w', handle.workflowId, '--address', inject('temporalAddress'), '--output', 'json', ...extra], { maxBuffer: 16 << 20 }).then(
        (r) => ({ ok: true, out: r.stdout + r.stderr }),
        (e: { stdout: string; stderr: string }) => ({ ok: false, out: e.stdout + e.stderr }),
      );
    try {
      const decoded = await show('--codec-endpoint', endpoint, '--codec-auth', 'Bearer engineer-token');
      expect(decoded.ok).toBe(true);
      expect(payloadTexts(decoded.out)).toContain(SECRET);
      expect(payloadTexts(decoded.out)).toContain(ANSWER);
      const raw = await show();
      expect(raw.ok).toBe(true);
      expect(payloadTexts(raw.out)).not.toContain(SECRET);
      const refused = await show('--codec-endpoint', endpoint, '--codec-auth', 'Bearer stolen');
      expect(payloadTexts(refused.out)).not.toContain(SECRET);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** The CLI's JSON output carries payload data as base64: the text of every payload, decoded. */
function payloadTexts(cliOutput: string): string {
  return [...cliOutput.matchAll(/"data": "([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8')).join('\n');
}
