/**
 * Proactive offers: from a life event (a registered birth) to the citizen to ask, the application
 * filled on their behalf, and the pre-check that decides whether an offer is worth sending.
 */
import type { Lang, ServiceDefinition } from './definition.ts';
import type { EvaluationInput, RuleResult } from './result.ts';
import { evaluateService } from './rules.ts';

export class NotProactive extends Error {
  readonly code = 'NotProactive';
  constructor(readonly service: string) {
    super(`service ${service} is not offered proactively`);
    this.name = 'NotProactive';
  }
}

function pick(event: Record<string, unknown>, path: string): unknown {
  return event[path.slice('event.'.length)];
}

/** The IIN to offer to and the application filled from the event; null subject when the event lacks it. */
export function offerFromEvent(
  def: ServiceDefinition,
  event: Record<string, unknown>,
): { subjectIin: string | null; application: Record<string, unknown> } {
  if (!def.proactive) throw new NotProactive(def.code);
  const subject = pick(event, def.proactive.subject);
  const application: Record<string, unknown> = {};
  // Declarations a pre-check rule establishes from the registry are not asked (see ProactiveSchema).
  for (const field of Object.keys(def.proactive.establishedBy ?? {})) application[field] = true;
  for (const [field, path] of Object.entries(def.proactive.application)) {
    const value = pick(event, path);
    if (value !== undefined && value !== null) application[field] = value;
  }
  return { subjectIin: typeof subject === 'string' ? subject : null, application };
}

/**
 * Runs the pre-check rules on registry data. An offer is sent unless one of them definitively
 * FAILS: an undecidable pre-check (a registry down) does not cost the citizen the offer, since
 * the full evaluation runs again after consent.
 */
export function precheckOffer(
  def: ServiceDefinition,
  input: EvaluationInput,
  lang: Lang = 'kk',
  /** The pre-check's rules when the definition names none (a population sweep's offer, services/discovery.ts). */
  precheck: readonly string[] | undefined = def.proactive?.precheck,
): { offer: boolean; rules: RuleResult[]; estimatedAmount: number | null } {
  if (!precheck) throw new NotProactive(def.code);
  const ids = new Set(precheck);
  const result = evaluateService(def, input, lang);
  const rules = result.rules.filter((r) => ids.has(r.id));
  const offer = !rules.some((r) => r.status === 'FAIL' || r.treatedAsFail);
  return { offer, rules, estimatedAmount: offer ? (result.amount?.value ?? null) : null };
}
