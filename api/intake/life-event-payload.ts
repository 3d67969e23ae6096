/**
 * What an event type's payload must carry before it is accepted. An offer is built from these
 * facts (services/proactive.ts), so an event that lacks them would be stored and then offer
 * nothing, silently; the registry is told at once instead (VALIDATION_FAILED naming the fields).
 */
import { isIsoDate } from '../../lib/dates.ts';
import type { FieldProblem } from '../../lib/errors.ts';
import { isEmploymentEvent } from '../../services/employment-events.ts';

/**
 * JOB_SEEKER_REGISTERED (the labour registry, ИС «Рынок труда»): `iin` — the person registered,
 * the event's subject; `registrationDate` — the legal fact of the job-loss payment; `jobLossDate`
 * — the job loss the registration is for, which keys the entitlement.
 */
function jobSeekerProblems(subjectIin: string, payload: Record<string, unknown>, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (payload.iin !== subjectIin) problems.push({ field: 'payload.iin', code: 'MISMATCH', message: 'must be the subjectIin: the person registered as unemployed' });
  for (const field of ['registrationDate', 'jobLossDate'] as const) {
    const value = payload[field];
    if (value === undefined || value === null) problems.push({ field: `payload.${field}`, code: 'REQUIRED', message: 'is required' });
    else if (!isIsoDate(value)) problems.push({ field: `payload.${field}`, code: 'DATE', message: 'must be a date YYYY-MM-DD' });
    else if (value > today) problems.push({ field: `payload.${field}`, code: 'IN_FUTURE', message: `is after today (${today})` });
  }
  const { registrationDate, jobLossDate } = payload;
  if (isIsoDate(registrationDate) && isIsoDate(jobLossDate) && registrationDate < jobLossDate) {
    problems.push({ field: 'payload.registrationDate', code: 'BEFORE_JOB_LOSS', message: 'is before the job loss it registers' });
  }
  return problems;
}

/**
 * RETURNED_TO_WORK / CHILDCARE_LEAVE_RESUMED (the employment registry, ЕСУТД): `iin` — the parent,
 * the event's subject; `date` — the day the parent went back to work or back on childcare leave.
 */
function employmentProblems(subjectIin: string, payload: Record<string, unknown>, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (payload.iin !== subjectIin) problems.push({ field: 'payload.iin', code: 'MISMATCH', message: 'must be the subjectIin: the parent the employment registry reports' });
  const { date } = payload;
  if (date === undefined || date === null) problems.push({ field: 'payload.date', code: 'REQUIRED', message: 'is required' });
  else if (!isIsoDate(date)) problems.push({ field: 'payload.date', code: 'DATE', message: 'must be a date YYYY-MM-DD' });
  else if (date > today) problems.push({ field: 'payload.date', code: 'IN_FUTURE', message: `is after today (${today})` });
  return problems;
}

/** Problems with an event's payload for its type (none for types whose payload is not checked here). */
export function lifeEventPayloadProblems(type: string, subjectIin: string, payload: Record<string, unknown>, today: string): FieldProblem[] {
  if (type === 'JOB_SEEKER_REGISTERED') return jobSeekerProblems(subjectIin, payload, today);
  if (isEmploymentEvent(type)) return employmentProblems(subjectIin, payload, today);
  return [];
}
