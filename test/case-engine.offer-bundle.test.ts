/**
 * One offer per life event: a birth makes one bundle and one SMS listing every service with the
 * amount its pre-check estimated; the citizen's "1", delivered by the SMS gateway to
 * POST /sms/inbound, opens every case of the bundle, with the message id as the consent's proof.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerBundleId, type OfferBundleItem } from '../activities/offer-bundles.ts';
import { OFFER_SMS_MAX_SEGMENTS, smsKzt, smsSegments } from '../services/offer-sms.ts';
import { startEngine, type Engine } from './support/engine.ts';
import { inboundSmsHandler, signedSmsRequest } from './support/sms-inbound.ts';

const SECRET = 'test-sms-inbound-secret-0123456789abcdef';

describe('case engine: one offer per life event, answered by SMS', () => {
  let engine: Engine;
  let inbound: (request: Request) => Promise<Response>;
  beforeAll(async () => {
    engine = await startEngine();
    inbound = inboundSmsHandler(engine, SECRET);
  });
  afterAll(async () => engine?.close());

  let events = 0;
  async function birth(persona: 'newbornMother' | 'fourthChildMother' | 'twinsMother', timing: Record<string, number> = {}) {
    const p = engine.dataset.personas[persona];
    const childIin = p.childIin ?? p.childIins![0]!;
    const record = engine.dataset.births.get(childIin)!;
    const eventId = `bundle-${childIin}-${Date.now()}-${++events}`;
    await engine.submitLifeEvent({
      eventId,
      type: 'BIRTH_REGISTERED',
      source: 'civil-registry',
      subjectIin: childIin,
      payload: { childIin, motherIin: p.iin, fatherIin: record.fatherIin, birthDate: record.birthDate },
      timing: { consentWindowMs: 120_000, ...timing },
    });
    const bundleId = offerBundleId(eventId);
    await expect.poll(() => engine.db.prisma.offerBundle.findUnique({ where: { id: bundleId } }), { timeout: 60_000, interval: 200 }).not.toBeNull();
    const bundle = await engine.db.prisma.offerBundle.findUniqueOrThrow({ where: { id: bundleId } });
    const phone = (await engine.registry.query('civil.person', { iin: p.iin })).data.phone!;
    return { eventId, bundle, items: bundle.items as unknown as OfferBundleItem[], phone, motherIin: p.iin };
  }

  function deliver(body: unknown, secret = SECRET): Promise<Response> {
    return inbound(signedSmsRequest(secret, body));
  }

  const accepted = (caseIds: string[]) => engine.db.prisma.caseEvent.findMany({ where: { caseId: { in: caseIds }, type: 'OFFER_ACCEPTED' } });

  it('sends one SMS for a birth, listing both services with their amounts; "1" opens both cases; the same message again changes nothing', async () => {
    const { eventId, bundle, items, phone } = await birth('newbornMother');
    const all = await engine.db.prisma.case.findMany({ where: { lifeEventId: eventId } });
    // A third child does not make a large family: its pre-check offers nothing.
    expect(all.find((c) => c.serviceCode === 'large-family-allowance')?.status).toBe('NOT_OFFERED');
    const cases = all.filter((c) => c.serviceCode !== 'large-family-allowance');
    expect(items.map((i) => i.serviceCode).sort()).toEqual(['birth-allowance', 'childcare-allowance']);
    expect(items.map((i) => i.caseId).sort()).toEqual(cases.map((c) => c.id).sort());
    // 2026 birth, third child: 38 MCI × 4,325 (budget law 2026).
    expect(items.find((i) => i.serviceCode === 'birth-allowance')!.amount).toBe(164_350);

    const toMother = engine.sms.filter((m) => m.to === phone);
    expect(toMother).toHaveLength(1);
    expect(toMother[0]!.idempotencyKey).toBe(`${bundle.id}:offer`);
    const text = toMother[0]!.text;
    expect(text).toBe(bundle.body);
    for (const item of items) if (item.amount !== null) expect(text).toContain(smsKzt(item.amount));
    expect(bundle.segments).toBe(smsSegments(text));
    expect(bundle.segments).toBeLessThanOrEqual(OFFER_SMS_MAX_SEGMENTS);
    // No case sent an offer of its own.
    expect(engine.sms.filter((m) => cases.some((c) => m.idempotencyKey === `${c.id}:offer`))).toEqual([]);

    const reply = { messageId: `gw-${eventId}-1`, from: phone, text: ' 1 ', receivedAt: '2026-03-16T07:00:00Z' };
    const first = await deliver(reply);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ outcome: 'ACCEPTED', duplicate: false });
    const events = await accepted(cases.map((c) => c.id));
    expect(events).toHaveLength(2);
    expect(events.every((e) => (e.data as { proof?: string }).proof === reply.messageId)).toBe(true);
    const after = await engine.db.prisma.offerBundle.findUniqueOrThrow({ where: { id: bundle.id } });
    expect(after).toMatchObject({ status: 'ACCEPTED', consentMessageId: reply.messageId });
    for (const c of cases) await engine.waitFor(c.id, (s) => s.status !== 'OFFERED');
    const smsBefore = engine.sms.length;

    const again = await deliver(reply);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'ACCEPTED', duplicate: true });
    expect(await accepted(cases.map((c) => c.id))).toHaveLength(2);
    expect(engine.sms.slice(smsBefore).filter((m) => m.to === phone)).toEqual([]);
    expect(engine.sms.filter((m) => m.idempotencyKey === `sms-reply:${reply.messageId}`)).toHaveLength(1);
    expect(await engine.db.prisma.inboundSms.count({ where: { messageId: reply.messageId } })).toBe(1);

    // A reply when nothing waits for one gets a polite SMS, not an error.
    const late = await deliver({ ...reply, messageId: `gw-${eventId}-2`, text: '1' });
    expect(await late.json()).toMatchObject({ outcome: 'NO_OPEN_OFFER' });
  });

  it('answers a 4th birth with one offer that includes the large-family allowance; anything but 1 or 2 gets help, "2" refuses all', async () => {
    const { eventId, bundle, items, phone } = await birth('fourthChildMother');
    expect(items.map((i) => i.serviceCode).sort()).toEqual(['birth-allowance', 'childcare-allowance', 'large-family-allowance']);
    // From the 4th child: 63 MCI × 4,325.
    expect(items.find((i) => i.serviceCode === 'birth-allowance')!.amount).toBe(272_475);
    expect(items.find((i) => i.serviceCode === 'large-family-allowance')!.monthly).toBe(true);
    expect(engine.sms.filter((m) => m.to === phone && m.idempotencyKey.endsWith(':offer'))).toHaveLength(1);
    expect(bundle.segments).toBeLessThanOrEqual(OFFER_SMS_MAX_SEGMENTS);

    const help = await deliver({ messageId: `gw-${eventId}-h`, from: phone, text: 'да', receivedAt: '2026-03-16T07:00:00Z' });
    expect(await help.json()).toMatchObject({ outcome: 'HELP' });
    const no = await deliver({ messageId: `gw-${eventId}-n`, from: phone, text: '2', receivedAt: '2026-03-16T07:01:00Z' });
    expect(await no.json()).toMatchObject({ outcome: 'REFUSED' });
    for (const item of items) await engine.waitFor(item.caseId, (s) => s.status === 'REFUSED');
    expect(await accepted(items.map((i) => i.caseId))).toEqual([]);
  });

  it('asks the registries again after consent for the evidence the pre-check could not get', async () => {
    engine.registry.setOutage('bank', true);
    let offered: Awaited<ReturnType<typeof birth>>;
    try {
      offered = await birth('twinsMother', { registryMaxAttempts: 1, registryRetryInitialIntervalMs: 50 });
    } finally {
      engine.registry.setOutage('bank', false);
    }
    const { eventId, items, phone } = offered;
    const birthCase = items.find((i) => i.serviceCode === 'birth-allowance')!.caseId;
    const bankAtPrecheck = await engine.db.prisma.caseEvent.findMany({ where: { caseId: birthCase, type: 'EVIDENCE_UNAVAILABLE' } });
    expect(bankAtPrecheck.map((e) => (e.data as { keys: string[] }).keys)).toEqual([['bank']]);
    const yes = await deliver({ messageId: `gw-${eventId}-y`, from: phone, text: '1', receivedAt: '2026-03-16T07:00:00Z' });
    expect(await yes.json()).toMatchObject({ outcome: 'ACCEPTED' });
    // Fetched again with the bank registry back: decided automatically, not sent to an officer for a missing account.
    const settled = await engine.waitFor(birthCase, (st) => st.status === 'APPROVED' || st.status === 'PENDING_REVIEW');
    expect(settled.status).toBe('APPROVED');
  });

  it('refuses a wrong signature (401), a bad body (400) and an oversized one (413), storing nothing', async () => {
    const body = { messageId: 'gw-unsigned-1', from: '+77010000000', text: '1', receivedAt: '2026-03-16T07:00:00Z' };
    const forged = await deliver(body, 'another-secret-0123456789abcdef0123');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const unsigned = await inbound(new Request('http://api/sms/inbound', { method: 'POST', body: JSON.stringify(body) }));
    expect(unsigned.status).toBe(401);
    const bad = await deliver({ ...body, receivedAt: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const huge = await deliver({ ...body, text: 'x'.repeat(10_000) });
    expect(huge.status).toBe(413);
    expect(await engine.db.prisma.inboundSms.count({ where: { messageId: 'gw-unsigned-1' } })).toBe(0);
  });
});
