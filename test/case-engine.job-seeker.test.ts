/**
 * Registration as unemployed offers the job-loss payment: the labour registry's
 * JOB_SEEKER_REGISTERED event becomes one offer and one SMS; the citizen's "1" through the SMS
 * reply endpoint opens the case, decided under the registration date as its legal fact. A person
 * not entitled is offered nothing, and a registration reported again under a new event id offers
 * nothing new (the entitlement is the job loss, already granted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerBundleId, type OfferBundleItem } from '../activities/offer-bundles.ts';
import { offerCaseId } from '../activities/offers.ts';
import { addDays } from '../lib/dates.ts';
import { smsKzt } from '../services/offer-sms.ts';
import { isSettled } from '../workflows/vocabulary.ts';
import { startEngine, type Engine } from './support/engine.ts';
import { inboundSmsHandler, signedSmsRequest } from './support/sms-inbound.ts';

const SECRET = 'test-sms-inbound-secret-jobseeker-0123456789';

describe('case engine: registration as unemployed offers the job-loss payment', () => {
  let engine: Engine;
  let inbound: (request: Request) => Promise<Response>;
  beforeAll(async () => {
    engine = await startEngine();
    inbound = inboundSmsHandler(engine, SECRET);
  });
  afterAll(async () => engine?.close());

  let events = 0;
  /** The labour registry reports `iin` registered as unemployed two days after the job loss it has on record. */
  async function registered(persona: 'recentlyLaidOff' | 'fewContributions') {
    const iin = engine.dataset.personas[persona].iin;
    const jobLossDate = engine.dataset.employment.get(iin)!.jobLossDate!;
    const registrationDate = addDays(jobLossDate, 2);
    const eventId = `job-seeker-${iin}-${Date.now()}-${++events}`;
    await engine.submitLifeEvent({
      eventId,
      type: 'JOB_SEEKER_REGISTERED',
      source: 'labour-registry',
      subjectIin: iin,
      payload: { iin, registrationDate, jobLossDate },
      timing: { consentWindowMs: 120_000 },
    });
    const caseId = offerCaseId(eventId, 'job-loss-payment');
    const bundleId = offerBundleId(eventId);
    await expect.poll(() => engine.db.prisma.offerBundle.findUnique({ where: { id: bundleId } }), { timeout: 60_000, interval: 200 }).not.toBeNull();
    const bundle = await engine.db.prisma.offerBundle.findUniqueOrThrow({ where: { id: bundleId } });
    const phone = (await engine.registry.query('civil.person', { iin })).data.phone!;
    return { eventId, caseId, bundle, iin, phone, jobLossDate, registrationDate };
  }

  function deliver(body: unknown): Promise<Response> {
    return inbound(signedSmsRequest(SECRET, body));
  }

  let grantedCase = '';

  it('offers the payment in one SMS; "1" opens the case, decided with the registration date as the legal fact', async () => {
    const { eventId, caseId, bundle, iin, phone, jobLossDate, registrationDate } = await registered('recentlyLaidOff');
    const cases = await engine.db.prisma.case.findMany({ where: { lifeEventId: eventId } });
    expect(cases.map((c) => [c.id, c.serviceCode, c.origin, c.applicantIin])).toEqual([[caseId, 'job-loss-payment', 'PROACTIVE', iin]]);
    expect(cases[0]!.application).toEqual({ registrationDate, jobLossDate });
    const items = bundle.items as unknown as OfferBundleItem[];
    expect(items.map((i) => [i.caseId, i.serviceCode])).toEqual([[caseId, 'job-loss-payment']]);

    const toCitizen = engine.sms.filter((m) => m.to === phone);
    expect(toCitizen).toHaveLength(1);
    expect(toCitizen[0]!.text).toBe(bundle.body);
    const person = (await engine.registry.query('civil.person', { iin })).data;
    expect(bundle.language).toBe(person.language);

    const reply = await deliver({ messageId: `gw-${eventId}-1`, from: phone, text: '1', receivedAt: '2026-03-16T07:00:00Z' });
    expect(await reply.json()).toMatchObject({ outcome: 'ACCEPTED', duplicate: false });
    expect((await engine.result(caseId)).status).toBe('APPROVED');

    const row = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.legalFactDate?.toISOString().slice(0, 10)).toBe(registrationDate);
    const pinned = await engine.db.prisma.caseEvent.findFirstOrThrow({ where: { caseId, type: 'SERVICE_VERSION_PINNED' } });
    expect(pinned.data).toMatchObject({ serviceCode: 'job-loss-payment', version: 4 });
    const decision = await engine.db.prisma.decision.findFirstOrThrow({ where: { caseId } });
    // The signed record names the registration as the legal fact.
    expect(JSON.parse(decision.record)).toMatchObject({ legalFactDate: registrationDate });
    const evaluation = await engine.db.prisma.evaluation.findFirstOrThrow({ where: { caseId, purpose: 'DECISION' } });
    expect(evaluation.result).toMatchObject({ legalFactDate: registrationDate, outcome: 'ELIGIBLE' });
    // The SMS quoted the monthly amount the decision pays.
    expect(bundle.body).toContain(smsKzt(Number(decision.amount)));
    grantedCase = caseId;
  });

  it('offers nothing to a person the pre-check finds not entitled, and sends no SMS', async () => {
    const { caseId, phone } = await registered('fewContributions');
    await engine.waitFor(caseId, (s) => isSettled(s.status));
    expect((await engine.result(caseId)).status).toBe('NOT_OFFERED');
    const precheck = await engine.db.prisma.evaluation.findFirstOrThrow({ where: { caseId, purpose: 'PRECHECK' } });
    expect(precheck.result).toMatchObject({ outcome: 'INELIGIBLE', failedRules: expect.arrayContaining(['JL-03']) });
    expect(engine.sms.filter((m) => m.to === phone)).toEqual([]);
  });

  it('offers nothing new when the same registration is reported again under a new event id', async () => {
    expect(grantedCase).not.toBe('');
    const before = engine.sms.length;
    const { caseId, phone } = await registered('recentlyLaidOff');
    await engine.waitFor(caseId, (s) => isSettled(s.status));
    expect((await engine.result(caseId)).status).toBe('NOT_OFFERED');
    const precheck = await engine.db.prisma.evaluation.findFirstOrThrow({ where: { caseId, purpose: 'PRECHECK' } });
    expect(precheck.result).toMatchObject({ failedRules: expect.arrayContaining(['DUPLICATE_ENTITLEMENT']), entitlement: { status: 'GRANTED', caseId: grantedCase } });
    expect(engine.sms.slice(before).filter((m) => m.to === phone)).toEqual([]);
  });
});
