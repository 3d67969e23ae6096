/**
 * The real durations, not overrides: on Temporal's time-skipping test server the engine runs a
 * case with the service's own consent window (72 hours) and review SLAs (days), and the server
 * jumps to each timer. Nothing here sets `timing`; the other engine tests shorten clocks per case,
 * so this file is what shows the durations in the catalog are the ones the workflow waits for.
 * Replaces none of them: overrides still let the dev-server tests run the paths quickly.
 */
import { TimeSkippingWorkflowClient, type TestWorkflowEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { offerCaseId } from '../activities/offers.ts';
import { caseWorkflowId } from '../workflows/messages.ts';
import { startEngine, type Engine } from './support/engine.ts';
import { startTimeSkippingServer } from './support/time-skipping.ts';

const HOUR = 3_600_000;

describe('case engine on the time-skipping server: the catalog\'s own clocks', () => {
  let env: TestWorkflowEnvironment;
  let engine: Engine;
  // A server per scenario: one scenario's timers never fire inside another's jump in time.
  beforeEach(async () => {
    env = await startTimeSkippingServer();
    engine = await startEngine({ kind: 'pglite', address: env.address });
  }, 180_000);
  afterEach(async () => {
    await engine?.close();
    await env?.teardown();
  });

  const events = async (caseId: string) =>
    engine.db.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' }, select: { type: true, at: true } });

  it('expires an unanswered offer when its 72-hour consent window has passed, not before', async () => {
    const p = engine.dataset.personas.newbornMother;
    const birth = engine.dataset.births.get(p.childIin!)!;
    const eventId = `birth-${p.childIin}-time-skipping`;
    await engine.submitLifeEvent({
      eventId,
      type: 'BIRTH_REGISTERED',
      source: 'civil-registry',
      subjectIin: p.childIin!,
      payload: { childIin: p.childIin, motherIin: p.iin, fatherIin: birth.fatherIin, birthDate: birth.birthDate },
    });
    const caseId = offerCaseId(eventId, 'birth-allowance');
    const offered = await engine.waitFor(caseId, (s) => s.status === 'OFFERED');

    const wall = Date.now();
    // The time-skipping client lets the server jump to the next timer while it waits.
    const skipping = new TimeSkippingWorkflowClient({ connection: env.connection, dataConverter: engine.platform.dataConverter });
    const result = await skipping.getHandle(caseWorkflowId(caseId)).result();
    const wallMs = Date.now() - wall;
    expect(result.status).toBe('EXPIRED');

    const timeline = await events(caseId);
    const offeredAt = timeline.find((e) => e.type === 'OFFERED')!.at.getTime();
    const closedAt = timeline.find((e) => e.type === 'OFFER_CLOSED')!.at.getTime();
    expect(closedAt - offeredAt).toBeGreaterThanOrEqual(72 * HOUR);
    expect(closedAt - offeredAt).toBeLessThan(73 * HOUR);
    expect(Date.parse(offered.offerExpiresAt!) - offeredAt).toBe(72 * HOUR);
    console.log(`consent window: ${((closedAt - offeredAt) / HOUR).toFixed(2)} h of workflow time in ${wallMs} ms`);
  }, 300_000);

  it('hands a review to the supervisors when the officers\' SLA passes, and goes on past theirs', async () => {
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-20' } });
    // The read model, not a query: the test server answers queries only between workflow tasks.
    const taskRow = () => engine.db.prisma.task.findFirst({ where: { caseId }, orderBy: { createdAt: 'asc' } });
    await expect.poll(taskRow, { timeout: 120_000 }).toBeTruthy();
    const task = (await taskRow())!;
    const openedAt = (await events(caseId)).find((e) => e.type === 'TASK_OPENED')!.at.getTime();
    const dueAt = task.dueAt.getTime();
    // Days, as the service's policy says — never the milliseconds of a test override.
    expect(dueAt - openedAt).toBeGreaterThanOrEqual(24 * HOUR);

    // Just short of the due date nothing moves; just past it the supervisors hold the task.
    await env.sleep(dueAt - (await env.currentTimeMs()) - HOUR);
    expect((await taskRow())!.escalated).toBe(false);
    await env.sleep(2 * HOUR);
    await expect.poll(async () => (await taskRow())!.escalated, { timeout: 60_000 }).toBe(true);
    const escalated = (await taskRow())!;
    expect(escalated.role).not.toBe(task.role);
    const breach = (await events(caseId)).find((e) => e.type === 'SLA_BREACHED')!;
    expect(breach.at.getTime()).toBeGreaterThanOrEqual(dueAt);
    expect(breach.at.getTime()).toBeLessThan(dueAt + 2 * HOUR);

    // The supervisors' SLA is days too, and its breach is recorded when it passes.
    const supervisorDue = escalated.dueAt.getTime();
    expect(supervisorDue - breach.at.getTime()).toBeGreaterThanOrEqual(24 * HOUR);
    await env.sleep(supervisorDue - (await env.currentTimeMs()) + HOUR);
    await expect
      .poll(async () => (await events(caseId)).filter((e) => /SLA_BREACHED|ESCALATED/.test(e.type) && e.at.getTime() >= supervisorDue).length, { timeout: 60_000 })
      .toBeGreaterThan(0);
  }, 300_000);
});
