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
import { addDays } from '../lib/dates.ts';
import { almatyDate, almatyStartOfDay, calendarRows, type CalendarDay } from '../lib/calendar/index.ts';
import { signOfficerUpdate } from '../lib/claims/sign-claim.ts';
import { kzDateTime, kzDeadline } from '../lib/kz-time.ts';
import { caseWorkflowId, claimTaskUpdate, resolveTaskUpdate } from '../workflows/messages.ts';
import { officers, startEngine, type Engine } from './support/engine.ts';
import { startTimeSkippingServer } from './support/time-skipping.ts';

const HOUR = 3_600_000;

/**
 * The first Friday after `fromMs` whose next week holds a public holiday, from the calendar's rows
 * (a year not yet in the data is estimated from the statutory list), with the rows that follow it.
 */
function fridayBeforeHoliday(fromMs: number): { friday: string; rows: CalendarDay[] } {
  for (let d = addDays(almatyDate(fromMs), 1); ; d = addDays(d, 1)) {
    const rows = calendarRows(addDays(d, 1), addDays(d, 40), { onMissingYear: 'estimate' });
    if (new Date(`${d}T00:00:00Z`).getUTCDay() === 5 && rows.slice(0, 7).some((r) => r.kind === 'HOLIDAY' && r.isoWeekday <= 5)) return { friday: d, rows };
  }
}

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

  it('a request for information made on a Friday before a public holiday is due at the end of the 10th working day after it', async () => {
    // Ten working days: the job-loss payment's informationDeadline 'P10D', counted over the calendar.
    const { friday, rows } = fridayBeforeHoliday(await env.currentTimeMs());
    const working = rows.filter((r) => r.working);
    const lastDay = working[9]!.date;
    const expectedDue = new Date(almatyStartOfDay(addDays(lastDay, 1))).toISOString();
    const shown = rows.filter((r) => r.date <= lastDay).map((r) => `${r.date} ${r.kind}${r.holiday ? ` (${r.holiday.name.en})` : ''}${r.working ? ` #${working.indexOf(r) + 1}` : ''}`);
    console.log(`request on Friday ${friday}, 10:00 Almaty; the calendar rows after it:\n  ${shown.join('\n  ')}\n  → due ${expectedDue} (${kzDateTime(expectedDue)} Almaty)`);
    // The holiday the Friday comes before is skipped: the 10th working day is not the 10th weekday.
    expect(rows.filter((r) => r.date <= lastDay && r.isoWeekday <= 5 && !r.working).length).toBeGreaterThan(0);

    // Workflow time jumps to 10:00 Almaty on that Friday; the case starts and reaches an officer there.
    await env.sleep(almatyStartOfDay(friday) + 10 * HOUR - (await env.currentTimeMs()));
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-20' } });
    const taskRow = () => engine.db.prisma.task.findFirst({ where: { caseId }, orderBy: { createdAt: 'asc' } });
    await expect.poll(taskRow, { timeout: 120_000 }).toBeTruthy();
    const task = (await taskRow())!;
    // The officer's claims are signed at workflow time (the test server's clock is days ahead of this machine's).
    const handle = engine.client.workflow.getHandle(caseWorkflowId(caseId));
    const asOfficer = async <I extends object>(update: typeof claimTaskUpdate | typeof resolveTaskUpdate, input: I) => {
      const signed = signOfficerUpdate(engine.claimSigner, { officer: officers.dana, workflowId: handle.workflowId, updateName: update.name, input, nowMs: await env.currentTimeMs() });
      return handle.executeUpdate(update as never, { args: [signed.input] as never, updateId: signed.updateId });
    };
    await asOfficer(claimTaskUpdate, { taskId: task.id });
    await asOfficer(resolveTaskUpdate, { taskId: task.id, action: 'REQUEST_INFORMATION', reason: 'no registry record', request: 'Upload your work record book' });

    const requested = async () => (await engine.db.prisma.caseEvent.findMany({ where: { caseId, type: 'INFORMATION_REQUESTED' } }))[0];
    await expect.poll(requested, { timeout: 60_000 }).toBeTruthy();
    const event = (await requested())!;
    expect(almatyDate(event.at)).toBe(friday);
    // What the API shows (Case.informationRequests reads this event) and what the citizen's SMS says: one instant.
    expect(event.data).toMatchObject({ dueAt: expectedDue, workingDays: 10, lastDay });
    await expect.poll(() => engine.db.prisma.notification.findFirst({ where: { caseId, template: 'informationRequested' } }), { timeout: 60_000 }).toBeTruthy();
    const sms = (await engine.db.prisma.notification.findFirst({ where: { caseId, template: 'informationRequested' } }))!;
    // The last day to answer, to its end: '<lastDay> 24:00', never the next day's 00:00.
    expect(kzDeadline(expectedDue)).toBe(`${lastDay} 24:00`);
    expect(sms.body).toContain(kzDeadline(expectedDue));

    // An hour before the deadline the case still waits; just after it, it is back with an officer.
    const dueMs = Date.parse(expectedDue);
    await env.sleep(dueMs - (await env.currentTimeMs()) - HOUR);
    expect((await events(caseId)).some((e) => e.type === 'INFORMATION_DEADLINE_PASSED')).toBe(false);
    await env.sleep(2 * HOUR);
    await expect.poll(async () => (await events(caseId)).find((e) => e.type === 'INFORMATION_DEADLINE_PASSED'), { timeout: 60_000 }).toBeTruthy();
    const passed = (await events(caseId)).find((e) => e.type === 'INFORMATION_DEADLINE_PASSED')!;
    expect(passed.at.getTime()).toBeGreaterThanOrEqual(dueMs);
    expect(passed.at.getTime()).toBeLessThan(dueMs + HOUR);
  }, 300_000);

  it('an officer\'s 3-working-day SLA started on a Friday before a public holiday passes at the end of the 3rd working day, with a staff notice at each step', async () => {
    // The job-loss payment's chain: the employment officers have 3 working days (services/operational-policy.ts).
    const { friday, rows } = fridayBeforeHoliday(await env.currentTimeMs());
    const working = rows.filter((r) => r.working);
    const lastDay = working[2]!.date;
    const expectedDue = new Date(almatyStartOfDay(addDays(lastDay, 1))).toISOString();
    const shown = rows.filter((r) => r.date <= lastDay).map((r) => `${r.date} ${r.kind}${r.holiday ? ` (${r.holiday.name.en})` : ''}${r.working ? ` #${working.indexOf(r) + 1}` : ''}`);
    console.log(`task opened on Friday ${friday}, 10:00 Almaty; the calendar rows after it:\n  ${shown.join('\n  ')}\n  → officers' SLA due ${expectedDue} (${kzDeadline(expectedDue)} Almaty)`);
    // A weekday holiday lies inside the three working days: the due date is not three weekdays on.
    expect(rows.filter((r) => r.date <= lastDay && r.isoWeekday <= 5 && !r.working).length).toBeGreaterThan(0);

    await env.sleep(almatyStartOfDay(friday) + 10 * HOUR - (await env.currentTimeMs()));
    const p = engine.dataset.personas.notFoundEmployment;
    const caseId = await engine.startCase({ serviceCode: 'job-loss-payment', applicantIin: p.iin, application: { jobLossDate: '2026-02-20' } });
    const taskRow = () => engine.db.prisma.task.findFirst({ where: { caseId }, orderBy: { createdAt: 'asc' } });
    await expect.poll(taskRow, { timeout: 120_000 }).toBeTruthy();
    const task = (await taskRow())!;
    expect(almatyDate(task.createdAt)).toBe(friday);
    expect(task.dueAt.toISOString()).toBe(expectedDue);

    const dueMs = Date.parse(expectedDue);
    await env.sleep(dueMs - (await env.currentTimeMs()) - HOUR);
    expect((await taskRow())!.escalated).toBe(false);
    await env.sleep(2 * HOUR);
    await expect.poll(async () => (await taskRow())!.escalated, { timeout: 60_000 }).toBe(true);
    const breach = (await events(caseId)).find((e) => e.type === 'SLA_BREACHED')!;
    expect(breach.at.getTime()).toBeGreaterThanOrEqual(dueMs);
    expect(breach.at.getTime()).toBeLessThan(dueMs + HOUR);
    // Staff were told at each step: the new task, its breach, and its escalation to the supervisors.
    const notices = async () => (await engine.db.prisma.staffNotification.findMany({ where: { taskId: task.id } })).map((n) => `${n.event}@${n.level}`).sort();
    await expect.poll(notices, { timeout: 60_000 }).toEqual(expect.arrayContaining(['TASK_OPENED@0', 'TASK_OVERDUE@0', 'TASK_ESCALATED@1']));
  }, 300_000);
});
