/**
 * When a citizen's time to answer a request for information ends (patch
 * `information-deadline-working-days`). Public-service deadlines count working days, so the
 * service's period in whole days — its definition's `informationDeadline`, 'P10D' — is read as that
 * many working days over Kazakhstan's calendar (lib/calendar), ending 24:00 Almaty time of the last
 * one, counted from the day after the request: the same convention as the review SLAs and the
 * hearing window. A period that is not whole days (none in the catalog) stays a calendar span. A
 * permitted test or demo override (TimingOverrides.informationDeadlineMs) is a span from the
 * request, as before.
 *
 * Pure and deterministic (workflow time in): the workflow computes the instant once, then the
 * timeline, the SMS and the API all show that one instant.
 */
import { resolveDeadline, type Deadline } from '../../lib/calendar/index.ts';

const DAY_MS = 86_400_000;

/** The service's period as a deadline: whole days as working days, anything else as the span it is. */
export function informationPeriodOf(policyMs: number): Deadline {
  if (Number.isInteger(policyMs) && policyMs > 0 && policyMs % DAY_MS === 0) return { workingDays: policyMs / DAY_MS };
  return { calendar: `PT${Math.max(Math.round(policyMs / 1000), 1)}S` };
}

export interface InformationDue {
  dueAt: string;
  /** The working days counted; null for a calendar span or an override. */
  workingDays: number | null;
  /** The last working day counted ('YYYY-MM-DD', Almaty); null for a calendar span or an override. */
  lastDay: string | null;
  /** False when a day counted lies in a calendar year not checked against its acts, or estimated. */
  calendarVerified: boolean;
}

/**
 * The deadline of a request made at `nowMs`. A year the calendar holds no data for yet is
 * estimated from the statutory holidays (and marked unverified) rather than failing the workflow
 * task: a request must never stall because next year's transfers are not published.
 */
export function informationDueAt(policyMs: number, overrideMs: number | undefined, nowMs: number): InformationDue {
  if (overrideMs !== undefined) return { dueAt: new Date(nowMs + overrideMs).toISOString(), workingDays: null, lastDay: null, calendarVerified: true };
  const period = informationPeriodOf(policyMs);
  const resolved = resolveDeadline(nowMs, period, { onMissingYear: 'estimate' });
  return {
    dueAt: resolved.dueAt,
    workingDays: 'workingDays' in period ? period.workingDays : null,
    lastDay: resolved.lastDay ?? null,
    calendarVerified: resolved.verified,
  };
}
