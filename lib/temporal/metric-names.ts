/**
 * The names of Qyzmet's own worker metrics and their histogram buckets. Labels carry bounded
 * vocabularies only (service code, outcome, registry, query name, error kind) — never an IIN, a
 * name, a phone or a case id.
 */
export const QYZMET_METRICS = {
  casesStarted: 'qyzmet_cases_started_total',
  caseStepsFailed: 'qyzmet_case_steps_failed_total',
  casesDecided: 'qyzmet_cases_decided_total',
  decisionLatency: 'qyzmet_case_decision_latency_seconds',
  registryCallDuration: 'qyzmet_registry_call_duration_seconds',
  registryCallErrors: 'qyzmet_registry_call_errors_total',
} as const;

/** From a second to a month: a case decided alone takes seconds, one reviewed by officers days. */
const DECISION_LATENCY_BUCKETS = [1, 5, 30, 60, 300, 900, 3600, 4 * 3600, 86_400, 3 * 86_400, 7 * 86_400, 14 * 86_400, 30 * 86_400];
/** A registry answer: milliseconds when healthy, up to its timeout when not. */
const REGISTRY_CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const QYZMET_HISTOGRAM_BUCKETS: Record<string, number[]> = {
  [QYZMET_METRICS.decisionLatency]: DECISION_LATENCY_BUCKETS,
  [QYZMET_METRICS.registryCallDuration]: REGISTRY_CALL_BUCKETS,
};
