/**
 * A population sweep's offer is answered by SMS like a birth's one offer: the offer SMS the case
 * sends on its own is recorded as a bundle of that one case, so the citizen's "1" to 1414
 * (POST /sms/inbound, signed, idempotent by message id) consents with the message id as proof,
 * and "2" refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseOfferBundleId, type OfferBundleItem } from '../activities/offer-bundles.ts';
import { populationSweepWorkflowId, type PopulationSweepInput } from '../workflows/messages.ts';
import type { populationSweepWorkflow } from '../workflows/population-sweep-workflow.ts';
import { REFERENCE_DATE, startEngine, type Engine } from './support/engine.ts';
import { inboundSmsHandler, signedSmsRequest } from './support/sms-inbound.ts';

const SECRET = 'test-sms-inbound-secret-0123456789abcdef';
const SERVICE = 'large-family-allowance';

describe('a sweep offer answered by SMS', () => {
  let engine: Engine;
  let inbound: (request: Request) => Promise<Response>;
  let offered: string[] = [];
  /** Where the first test's offer sits in `offered`: the second answers a later one. */
  let answeredIndex = -1;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'postgresql', populationHouseholds: 150 });
    inbound = inboundSmsHandler(engine, SECRET);
    const sweepId = `sms-sweep-${Date.now()}`;
    const input: PopulationSweepInput = { sweepId, serviceCode: SERVICE, asOf: REFERENCE_DATE, pageSize: 500, pagesPerSecond: 20, pagesPerRun: 10 };
    const handle = await engine.client.workflow.start<typeof populationSweepWorkflow>('populationSweepWorkflow', { workflowId: populationSweepWorkflowId(sweepId), taskQueue: engine.taskQueue, args: [input] });
    const result = await handle.result();
    expect(result.counts.offered).toBeGreaterThanOrEqual(2);
    offered = (await engine.db.prisma.case.findMany({ where: { serviceCode: SERVICE, origin: 'PROACTIVE', lifeEventId: null }, select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id);
  }, 180_000);
  afterAll(async () => engine?.close());

  function deliver(body: unknown): Promise<Response> {
    return inbound(signedSmsRequest(SECRET, body));
  }

  /** The first sweep offer (from `from` on) whose SMS left, with its bundle and phone. */
  async function offeredBySms(from: number) {
    for (const caseId of offered.slice(from)) {
      const state = await engine.waitFor(caseId, (s) => !['RECEIVED', 'GATHERING_EVIDENCE', 'EVALUATING'].includes(s.status), 60_000);
      if (state.status !== 'OFFERED') continue;
      const id = caseOfferBundleId(caseId);
      await expect.poll(() => engine.db.prisma.offerBundle.findUnique({ where: { id } }), { timeout: 30_000, interval: 200 }).not.toBeNull();
      const bundle = await engine.db.prisma.offerBundle.findUniqueOrThrow({ where: { id } });
      if (!bundle.recipientPhone) continue;
      return { caseId, bundle, index: offered.indexOf(caseId) };
    }
    throw new Error('no sweep offer reached a phone');
  }

  it('"1" to 1414 consents to the sweep offer, with the message id as proof; the same message again changes nothing', async () => {
    const { caseId, bundle, index } = await offeredBySms(0);
    answeredIndex = index;
    expect(bundle).toMatchObject({ lifeEventId: null, status: 'OPEN' });
    expect(bundle.items as unknown as OfferBundleItem[]).toEqual([expect.objectContaining({ caseId, serviceCode: SERVICE })]);
    // The bundle holds the very SMS the case sent, which asks for "1" or "2".
    const sent = engine.sms.find((m) => m.idempotencyKey === `${caseId}:offer`)!;
    expect(sent.text).toBe(bundle.body);
    expect(sent.to).toBe(bundle.recipientPhone);
    expect(bundle.body).toContain('1414');

    const messageId = `gw-${caseId}-yes`;
    const first = await deliver({ messageId, from: bundle.recipientPhone, text: ' 1 ', receivedAt: new Date().toISOString() });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: 'ACCEPTED', duplicate: false });
    const consent = await engine.db.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'OFFER_ACCEPTED' } });
    expect(JSON.stringify(consent.data)).toContain(messageId);
    expect(await engine.db.prisma.offerBundle.findUniqueOrThrow({ where: { id: bundle.id } })).toMatchObject({ status: 'ACCEPTED', consentMessageId: messageId });
    const after = await engine.waitFor(caseId, (s) => s.status !== 'OFFERED' && s.status !== 'GATHERING_EVIDENCE' && s.status !== 'EVALUATING', 60_000);
    expect(['APPROVED', 'DENIED', 'PENDING_REVIEW']).toContain(after.status);

    const again = await deliver({ messageId, from: bundle.recipientPhone, text: ' 1 ', receivedAt: new Date().toISOString() });
    expect(await again.json()).toMatchObject({ outcome: 'ACCEPTED', duplicate: true });
    expect(await engine.db.prisma.caseEvent.count({ where: { caseId, type: 'OFFER_ACCEPTED' } })).toBe(1);
  });

  it('"2" refuses a sweep offer; an unsigned delivery is refused', async () => {
    const { caseId, bundle } = await offeredBySms(answeredIndex + 1);
    const raw = JSON.stringify({ messageId: `gw-${caseId}-unsigned`, from: bundle.recipientPhone, text: '2', receivedAt: new Date().toISOString() });
    const unsigned = await inbound(new Request('http://api/sms/inbound', { method: 'POST', body: raw }));
    expect(unsigned.status).toBe(401);

    const no = await deliver({ messageId: `gw-${caseId}-no`, from: bundle.recipientPhone, text: '2', receivedAt: new Date().toISOString() });
    expect(await no.json()).toMatchObject({ outcome: 'REFUSED' });
    expect(await engine.db.prisma.offerBundle.findUniqueOrThrow({ where: { id: bundle.id } })).toMatchObject({ status: 'REFUSED' });
    expect(await engine.db.prisma.caseEvent.count({ where: { caseId, type: 'OFFER_ACCEPTED' } })).toBe(0);
  });
});
