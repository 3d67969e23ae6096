/**
 * What the Temporal Web UI shows of a Qyzmet workflow so support staff can tell cases apart: the
 * static summary (one line in the workflow list) and static details (markdown on the workflow's
 * page) given at start, the summaries of the main activity calls, and the case's current details
 * (status, open task, due date) kept up to date by the workflow.
 *
 * Only codes and Qyzmet's own ids go in: service, department, origin, case/appeal/instruction id,
 * statuses and dates. Never personal data — no IIN, no name, no phone, no free text. Every value
 * passes `code()`, which lets through identifier-shaped text only and blanks anything holding a
 * run of 12 digits (an IIN's shape). Imported by workflow code: pure functions, no I/O.
 */
import type { CaseOrigin, CaseStatus, TaskState } from './messages.ts';

export interface UserMetadata {
  staticSummary: string;
  staticDetails: string;
}

/**
 * Twelve digits standing as a word of their own (an IIN's shape): not inside a longer number, nor
 * glued to letters as in Qyzmet's hex ids (`c34077f7…`), which would otherwise be blanked by chance.
 */
const IIN_SHAPED = /(?<![A-Za-z0-9])\d{12}(?![A-Za-z0-9])/;

/** An identifier or code as shown in the UI; anything else (spaces, text, an IIN-shaped word) becomes `?`. */
export const code = (value: string | null | undefined): string => {
  if (value === null || value === undefined || value === '') return '—';
  if (!/^[A-Za-z0-9_.:#@+-]{1,120}$/.test(value) || IIN_SHAPED.test(value)) return '?';
  return value;
};

/** Who started a case workflow: the API's intake, the worker's reconciler, a life event, the nightly sweep. */
export type CaseStarter = 'intake' | 'reconciler' | 'life-event' | 'population-sweep';

const STARTED_BY: Record<CaseStarter, string> = {
  intake: 'API intake (startCase)',
  reconciler: 'case reconciler (intake row without a workflow)',
  'life-event': 'life-event workflow (proactive offer)',
  'population-sweep': 'population sweep (proactive offer)',
};

const details = (title: string, rows: [string, string][]): string =>
  [`**${title}**`, '', ...rows.map(([k, v]) => `- ${k}: \`${v}\``)].join('\n');

export function caseMetadata(c: { caseId: string; serviceCode: string; department: string; origin: CaseOrigin; startedBy: CaseStarter; parent?: string }): UserMetadata {
  return {
    staticSummary: `Case ${code(c.serviceCode)} · ${code(c.department)} · ${code(c.origin)} · ${code(c.caseId)}`,
    staticDetails: details('Qyzmet case', [
      ['Case', code(c.caseId)],
      ['Service', code(c.serviceCode)],
      ['Department', code(c.department)],
      ['Origin', code(c.origin)],
      ['Started by', STARTED_BY[c.startedBy]],
      ...(c.parent ? ([['Parent workflow', code(c.parent)]] as [string, string][]) : []),
    ]),
  };
}

export function appealMetadata(a: { appealId: string; caseId: string; department: string }): UserMetadata {
  return {
    staticSummary: `Appeal · ${code(a.department)} · case ${code(a.caseId)} · ${code(a.appealId)}`,
    staticDetails: details('Qyzmet appeal', [
      ['Appeal', code(a.appealId)],
      ['Case', code(a.caseId)],
      ['Department', code(a.department)],
      ['Origin', 'fileAppeal (API)'],
    ]),
  };
}

export function entitlementMetadata(e: { caseId: string }): UserMetadata {
  return {
    staticSummary: `Entitlement · payments of case ${code(e.caseId)}`,
    staticDetails: details('Qyzmet entitlement', [
      ['Case', code(e.caseId)],
      ['Origin', 'approved decision of the case'],
    ]),
  };
}

export function paymentRejectionMetadata(p: { instructionId: string; startedBy: 'entitlement' | 'api' }): UserMetadata {
  return {
    staticSummary: `Payment rejection · instruction ${code(p.instructionId)}`,
    staticDetails: details('Qyzmet payment rejection', [
      ['Payment instruction', code(p.instructionId)],
      ['Origin', p.startedBy === 'entitlement' ? 'entitlement workflow (bank rejected the payment)' : 'API (payments)'],
    ]),
  };
}

export function lifeEventMetadata(e: { eventId: string; type: string; source: string }): UserMetadata {
  return {
    staticSummary: `Life event ${code(e.type)} · from ${code(e.source)} · ${code(e.eventId)}`,
    staticDetails: details('Qyzmet life event', [
      ['Event', code(e.eventId)],
      ['Type', code(e.type)],
      ['Source', code(e.source)],
      ['Origin', 'submitLifeEvent (API)'],
    ]),
  };
}

export function populationSweepMetadata(s: { sweepId: string; serviceCode: string; asOf: string; startedBy: 'schedule' | 'command' }): UserMetadata {
  return {
    staticSummary: `Population sweep ${code(s.serviceCode)} · ${s.asOf ? code(s.asOf) : 'date of run'}`,
    staticDetails: details('Qyzmet population sweep', [
      ['Sweep', s.sweepId ? code(s.sweepId) : 'dated by its first run'],
      ['Service', code(s.serviceCode)],
      ['As of', s.asOf ? code(s.asOf) : 'date of run'],
      ['Origin', s.startedBy === 'schedule' ? 'nightly Schedule' : 'npm run sweep'],
    ]),
  };
}

/** The case's current details (the UI's "Current details"): status, open task and its due date. */
export function caseCurrentDetails(c: { status: CaseStatus; task: TaskState | undefined; informationDueAt: string | null; offerExpiresAt: string | null }): string {
  const rows: [string, string][] = [['Status', code(c.status)]];
  if (c.task) {
    rows.push(['Open task', code(c.task.taskId)]);
    rows.push(['Task', `${code(c.task.kind)}, ${code(c.task.status)}`]);
    rows.push(['Task group', `${code(c.task.department)}/${code(c.task.role)}${c.task.escalated ? ' (escalated)' : ''}`]);
    rows.push(['Task due', code(c.task.dueAt)]);
  }
  if (c.informationDueAt) rows.push(['Information due', code(c.informationDueAt)]);
  if (c.status === 'OFFERED' && c.offerExpiresAt) rows.push(['Offer expires', code(c.offerExpiresAt)]);
  return details('Now', rows);
}

/** Activity summaries for the main steps (one line each in the workflow's event history). */
export const ACTIVITY_SUMMARY = {
  evidence: (registry: string, key: string) => `Evidence ${code(key)} from the ${code(registry)} registry`,
  evaluation: (purpose: 'PRECHECK' | 'DECISION') => (purpose === 'PRECHECK' ? 'Eligibility pre-check (rules)' : 'Eligibility evaluation (rules)'),
  decision: (outcome: string) => `Issue the signed decision: ${code(outcome)}`,
  notification: (template: string) => `Notify the citizen: ${code(template)}`,
  plan: 'Load the case plan (service version by legal-fact date)',
} as const;
