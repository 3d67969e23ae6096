/**
 * Proactive services: a registered birth becomes offers, sent as one SMS; the citizen consents (the
 * case runs with no application), refuses, stays silent, or refuses and changes their mind within
 * the window. The SMS reply endpoint is test/case-engine.offer-bundle.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerCaseId } from '../activities/offers.ts';
import { respondToOfferUpdate } from '../workflows/messages.ts';
import { offerBundleId } from '../activities/offer-bundles.ts';
import { smsKzt } from '../services/offer-sms.ts';
import { startEngine, type Engine } from './support/engine.ts';

describe('case engine: proactive offers', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine({ kind: 'postgresql' });
  });
  afterAll(async () => engine?.close());

  let events = 0;
  async function birthOffers(windowMs: number, persona: 'newbornMother' | 'fourthChildMother' | 'singleMotherNewborn' | 'twinsMother' = 'newbornMother') {
    const p = engine.dataset.personas[persona];
    const mother = { iin: p.iin, childIin: p.childIin ?? p.childIins![0] };
    const birth = engine.dataset.births.get(mother.childIin!)!;
    const eventId = `birth-${mother.childIin}-${Date.now()}-${++events}`;
    const event = { eventId, type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: mother.childIin!, payload: { childIin: mother.childIin, motherIin: mother.iin, fatherIin: birth.fatherIin, birthDate: birth.birthDate }, timing: { consentWindowMs: windowMs } };
    await engine.submitLifeEvent(event);
    await engine.submitLifeEvent(event); // a repeated delivery is one event
    const caseId = offerCaseId(eventId, 'birth-allowance');
    await engine.waitFor(caseId, (s) => s.status === 'OFFERED');
    return { caseId, eventId, mother };
  }

  it('creates one offer per matching service, once, and runs the case on consent', async () => {
    const { caseId, eventId, mother } = await birthOffers(60_000);
    const cases = await engine.db.prisma.case.findMany({ where: { lifeEventId: eventId } });
    expect(cases.map((c) => c.serviceCode).sort()).toEqual(['birth-allowance', 'childcare-allowance', 'large-family-allowance']);
    expect(cases.every((c) => c.origin === 'PROACTIVE' && c.applicantIin === mother.iin)).toBe(true);

    // One SMS for the birth (its bundle), none per case; it quotes the amount each pre-check
    // computed: the amount the decision then pays.
    const bundleId = offerBundleId(eventId);
    await expect.poll(() => engine.sms.filter((m) => m.idempotencyKey === `${bundleId}:offer`).length, { timeout: 30_000 }).toBe(1);
    expect(engine.sms.filter((m) => cases.some((c) => m.idempotencyKey === `${c.id}:offer`))).toEqual([]);
    const offerText = engine.sms.find((m) => m.idempotencyKey === `${bundleId}:offer`)!.text;

    await engine.update(caseId, respondToOfferUpdate, { consent: true, channel: 'sms:1414' });
    expect((await engine.result(caseId)).status).toBe('APPROVED');
    const paid = await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    expect(offerText).toContain(smsKzt(Number(paid.amount)));
    expect(offerText).toMatch(/(уход за ребенком \d[\d ]*(,\d{2})? ₸\/мес|бала күтімі \d[\d ]*(,\d{2})? ₸\/ай|уход за ребенком сумма позже|бала күтімі сомасы кейін)/);
    const audit = await engine.db.prisma.auditEntry.findMany({ where: { stream: `case:${caseId}` }, orderBy: { seq: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['OFFER_ACCEPTED', 'DECISION_ISSUED']);
  });

  it('closes a refused offer as REFUSED when the window ends', async () => {
    const { caseId } = await birthOffers(1500, 'fourthChildMother');
    expect(await engine.update(caseId, respondToOfferUpdate, { consent: false, channel: 'sms:1414' })).toBe('REFUSED');
    expect((await engine.result(caseId)).status).toBe('REFUSED');
    await expect(engine.db.prisma.decision.findFirst({ where: { caseId } })).resolves.toBeNull();
  });

  it('closes an unanswered offer as EXPIRED', async () => {
    const { caseId } = await birthOffers(1000, 'singleMotherNewborn');
    expect((await engine.result(caseId)).status).toBe('EXPIRED');
    // The bundle tells the expiry once, when its window has passed.
    const { eventId } = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } }).then((c) => ({ eventId: c.lifeEventId! }));
    await expect.poll(() => engine.sms.filter((m) => m.idempotencyKey === `${offerBundleId(eventId)}:expired`).length, { timeout: 15_000 }).toBe(1);
    expect(engine.sms.some((m) => m.idempotencyKey === `${caseId}:expired`)).toBe(false);
    const row = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.status).toBe('EXPIRED');
  });

  it('lets an accidental refusal be reversed within the window', async () => {
    // Another child: the newborn's allowance was granted on consent above, and is granted once.
    const { caseId } = await birthOffers(60_000, 'twinsMother');
    expect(await engine.update(caseId, respondToOfferUpdate, { consent: false, channel: 'sms:1414' })).toBe('REFUSED');
    await engine.update(caseId, respondToOfferUpdate, { consent: true, channel: 'egov-portal' });
    expect((await engine.result(caseId)).status).toBe('APPROVED');
    const timeline = await engine.db.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' }, select: { type: true } });
    expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['OFFERED', 'OFFER_REFUSED', 'OFFER_ACCEPTED', 'DECIDED']));
  });
});
