/**
 * The appeal policy of each service: how long after a decision the citizen may appeal it, and how
 * long the department's appeal group has to decide the appeal. Law data like the catalog, kept
 * beside it rather than inside the service versions: an appeal concerns a decision already signed
 * under a pinned version, and adding the policy must not republish (and re-hash) the versions
 * every decision is verified against.
 *
 * Neither figure could be checked against the text of the Administrative Procedural Code (АППК,
 * No. 350-VI): /work/shared/DOMAIN.md records only that a complaint goes to the reviewing body,
 * then to the administrative court. So each value is `verified: false` with a note saying so, and
 * the API shows it (Appeal.policy, Decision.appealPolicy). No article is named until one is read.
 */
import type { LegalBasis } from './definition.ts';

export interface AppealPolicy {
  /** How long after the decision an appeal may be filed (a lib/calendar deadline: 'P90D', '10 working days'). */
  period: string;
  /** How long the appeal group has to decide (a lib/calendar deadline). */
  reviewSla: string;
  legalBasis: LegalBasis;
  /** False: the figures above were not confirmed in the law in force. */
  verified: boolean;
  /** What is known and what is not, in one sentence. */
  note: string;
}

const APPEAL_LAW: LegalBasis = {
  act: 'Administrative Procedural Code of the Republic of Kazakhstan (АППК), No. 350-VI',
  article: 'article not identified',
  verified: false,
};

/**
 * The default for every service until its own figures are checked. The 90-day period and the
 * 15-working-day review are working values, not law: both await confirmation in the Code.
 */
export const DEFAULT_APPEAL_POLICY: AppealPolicy = {
  period: 'P90D',
  reviewSla: '15 working days',
  legalBasis: APPEAL_LAW,
  verified: false,
  note: 'The Code gives a complaint against an administrative act to the reviewing body, then to the administrative court; the complaint period and the review period were not confirmed in its text, so both values are working values awaiting verification.',
};

/** Per service: where a service's law sets other figures, its entry overrides the default. */
const BY_SERVICE: Record<string, Partial<AppealPolicy>> = {};

export function appealPolicyOf(serviceCode: string): AppealPolicy {
  return { ...DEFAULT_APPEAL_POLICY, ...BY_SERVICE[serviceCode] };
}
