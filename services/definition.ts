/**
 * The service definition format: a government service as DATA — JSON that a ministry can review,
 * version, publish and hash. Everything executable is a CEL expression string (see cel.ts).
 *
 * The schema never fills in defaults and rejects unknown keys, so a validated definition is the
 * same JSON that was written: its content hash does not depend on whether it was validated.
 * Defaults (onIndeterminate = ESCALATE, consent window PT72H) are applied where they are used.
 */
import { z } from 'zod';
import { QUERY_NAMES } from '../registries/types.ts';
import { isIsoDate } from '../lib/dates.ts';
import { durationToMs, isDuration } from './duration.ts';

export { durationToMs, InvalidDuration } from './duration.ts';
export { inputSchemaToZod } from './input.ts';

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

// Checks, never transforms (no .trim()): the validated definition must be byte-for-byte the input.
const nonEmpty = z.string().refine((s) => s.trim() !== '' && s.trim() === s, { message: 'must not be blank or padded with spaces' });
export const LocalizedTextSchema = z.strictObject({ kk: nonEmpty, ru: nonEmpty, en: nonEmpty });
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

export const IsoDateSchema = z.string().refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' });
export const DurationSchema = z.string().refine(isDuration, {
  message: 'expected an ISO-8601 duration in weeks/days/hours/minutes/seconds, e.g. P3D or PT72H',
});
const Identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an identifier (letters, digits, _)');
const CelExpression = z.string().refine((s) => s.trim() !== '', { message: 'empty expression' });
const Amount = z.number().finite().nonnegative();

export const ServiceCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/, 'expected a kebab-case or snake_case code, e.g. birth-allowance');

// ── applicant input ──────────────────────────────────────────────────────────────────────────
export const INPUT_FIELD_TYPES = ['string', 'iin', 'date', 'number', 'boolean', 'enum'] as const;

export const InputFieldSchema = z.strictObject({
  name: Identifier,
  type: z.enum(INPUT_FIELD_TYPES),
  required: z.boolean(),
  label: LocalizedTextSchema,
  /** Allowed values of an `enum` field. */
  values: z.array(nonEmpty).min(1).optional(),
  /** Bounds of a `number` field. */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** Longest accepted `string`. */
  maxLength: z.number().int().positive().optional(),
  /**
   * A declaration the applicant must tick (a `boolean` that only `true` satisfies): an unticked
   * box is refused at intake as NOT_CONFIRMED, never decided by a rule.
   */
  mustBeTrue: z.literal(true).optional(),
});
export type InputField = z.infer<typeof InputFieldSchema>;

// ── legal fact ───────────────────────────────────────────────────────────────────────────────
export const LegalFactSchema = z.discriminatedUnion('from', [
  /** The birth date encoded in an IIN field of the application (the child's IIN). */
  z.strictObject({ from: z.literal('iinBirthDate'), field: Identifier }),
  /**
   * A date field of the application (the job-loss date). With `otherwise`, the date in `field`
   * when the application gives one, else the date in `otherwise` (job loss: the registration as
   * unemployed, which the labour registry reports, else the job-loss date a citizen states).
   */
  z.strictObject({ from: z.literal('field'), field: Identifier, otherwise: Identifier.optional() }),
  /** The submission date itself (allowances whose entitlement starts with the application). */
  z.strictObject({ from: z.literal('submissionDate') }),
]);
export type LegalFact = z.infer<typeof LegalFactSchema>;

// ── evidence ─────────────────────────────────────────────────────────────────────────────────
/**
 * Where a query parameter comes from: `applicant.<field>`, `application.<field>`,
 * `legalFactDate`, `today`, or a literal value.
 */
export const ParamSourceSchema = z.union([
  z.string().regex(/^(?:applicant\.(?:iin|birthDate|sex)|application\.[A-Za-z_][A-Za-z0-9_]*|legalFactDate|today)$/, {
    message: 'expected applicant.<iin|birthDate|sex>, application.<field>, legalFactDate or today',
  }),
  z.strictObject({ literal: z.union([z.string(), z.number(), z.boolean()]) }),
]);
export type ParamSource = z.infer<typeof ParamSourceSchema>;

/**
 * Evidence Qyzmet answers from its own records, not from another agency: `benefits.granted`, the
 * grants a person holds or is covered by (services/entitlement-store.ts), so a rule can read prior
 * grants (`evidence.<key>.exists(g, g.scope == "childcare")`).
 */
export const INTERNAL_QUERY_NAMES = ['benefits.granted'] as const;
export type InternalQueryName = (typeof INTERNAL_QUERY_NAMES)[number];
export const EVIDENCE_QUERY_NAMES = [...QUERY_NAMES, ...INTERNAL_QUERY_NAMES] as const;
export const isInternalQuery = (query: string): query is InternalQueryName => (INTERNAL_QUERY_NAMES as readonly string[]).includes(query);

export const EvidenceSpecSchema = z.strictObject({
  key: Identifier,
  query: z.enum(EVIDENCE_QUERY_NAMES),
  params: z.record(Identifier, ParamSourceSchema),
  /** Required evidence that is not FOUND keeps the case from an automatic approval. */
  required: z.boolean(),
});
export type EvidenceSpec = z.infer<typeof EvidenceSpecSchema>;

// ── sources and verification ─────────────────────────────────────────────────────────────────
/** Where a legal basis or a figure was checked: what was read, at which address, on which day. */
export const SourceSchema = z.strictObject({
  citation: nonEmpty,
  url: z.string().url(),
  checkedOn: IsoDateSchema,
  /** What the source confirms and what it leaves open (why something stays unverified). */
  note: z.string().optional(),
});
export type Source = z.infer<typeof SourceSchema>;

/**
 * `verified: true` says the act, article and clause (for a figure: the value) were confirmed in
 * `source`, which it then requires. `false`, or absent (definitions published before the field
 * existed), is unverified: evaluations, the API and signed decisions say so, and publishing it is
 * refused outside development.
 */
const Verification = { verified: z.boolean().optional(), source: SourceSchema.optional() };

// ── dated parameters ─────────────────────────────────────────────────────────────────────────
export const ParameterValueSchema = z.strictObject({ from: IsoDateSchema, to: IsoDateSchema.optional(), value: z.number().finite(), ...Verification });
export type ParameterValue = z.infer<typeof ParameterValueSchema>;

export const ParameterSchema = z.strictObject({
  name: Identifier,
  description: z.string().optional(),
  /** Ascending by `from`; a value holds until the next one's `from`, or until its own `to`. */
  values: z.array(ParameterValueSchema).min(1),
});
export type Parameter = z.infer<typeof ParameterSchema>;

export const DerivedSchema = z.strictObject({ name: Identifier, expression: CelExpression, description: z.string().optional() });
export type DerivedValue = z.infer<typeof DerivedSchema>;

// ── rules ────────────────────────────────────────────────────────────────────────────────────
export const LegalBasisSchema = z.strictObject({ act: nonEmpty, article: nonEmpty, clause: z.string().optional(), ...Verification });
export type LegalBasis = z.infer<typeof LegalBasisSchema>;

export const RuleSchema = z.strictObject({
  id: z.string().regex(/^[A-Z]{2,4}-\d{2,3}$/, 'expected a rule id like BA-01'),
  expression: CelExpression,
  legalBasis: LegalBasisSchema,
  text: LocalizedTextSchema,
  failText: LocalizedTextSchema,
  /**
   * What an undecidable rule does: ESCALATE (default) hands the case to an officer; FAIL makes
   * the rule count as failed (only for requirements the applicant must prove).
   */
  onIndeterminate: z.enum(['ESCALATE', 'FAIL']).optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

/** Consistency checks between sources (application vs registry); false = EVIDENCE_CONFLICT. */
export const CrossCheckSchema = z.strictObject({
  id: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an UPPER_SNAKE id'),
  expression: CelExpression,
  text: LocalizedTextSchema,
});
export type CrossCheck = z.infer<typeof CrossCheckSchema>;

// ── refusal grounds ──────────────────────────────────────────────────────────────────────────
/**
 * A ground on which the service may be refused: the closed list an officer's DENY chooses from and
 * the automatic refusals cite. `rules` maps rule failures to it: a failed rule refuses on the
 * ground that lists it. Its legal basis is that of its rules (never an article of its own).
 */
export const RefusalGroundSchema = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an UPPER_SNAKE code'),
  text: LocalizedTextSchema,
  legalBasis: LegalBasisSchema,
  rules: z.array(z.string()),
});
export type RefusalGround = z.infer<typeof RefusalGroundSchema>;

// ── decision ─────────────────────────────────────────────────────────────────────────────────
export const DecisionSchema = z.strictObject({
  /** KZT; rounded half-up to 2 decimals after cap/floor. For monthly benefits, the monthly amount. */
  amount: CelExpression,
  cap: CelExpression.optional(),
  floor: CelExpression.optional(),
  monthly: z.boolean(),
  /** Monthly benefits: how many months are granted (CEL, a whole number ≥ 1). */
  periodMonths: CelExpression.optional(),
  currency: z.literal('KZT'),
  /** Where the amount formula comes from; a decision without one counts as unverified. */
  legalBasis: LegalBasisSchema.optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;

// ── escalation ───────────────────────────────────────────────────────────────────────────────
export const GroupSchema = z.strictObject({ department: nonEmpty, role: nonEmpty });
export const PolicyConditionSchema = z.strictObject({
  id: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an UPPER_SNAKE id'),
  /** CEL over the context plus `decision.outcome` / `decision.amount` / `decision.total`; true = review. */
  expression: CelExpression,
  text: LocalizedTextSchema,
});
export type PolicyCondition = z.infer<typeof PolicyConditionSchema>;

export const EscalationSchema = z.strictObject({
  candidateGroup: GroupSchema,
  supervisorGroup: GroupSchema,
  sla: DurationSchema,
  supervisorSla: DurationSchema,
  /** Total granted (amount × months) above which two different officers must approve. */
  fourEyesThreshold: Amount,
  conditions: z.array(PolicyConditionSchema),
  informationDeadline: DurationSchema,
  /**
   * Working days a citizen has to state a position on a preliminary refusal before it becomes
   * final (Administrative Procedural Code art. 73); absent: DEFAULT_HEARING_WORKING_DAYS (3).
   */
  hearingWorkingDays: z.number().int().min(1).max(30).optional(),
});
export type Escalation = z.infer<typeof EscalationSchema>;

// ── notifications ────────────────────────────────────────────────────────────────────────────
export const NOTIFICATION_EVENTS = [
  'approved',
  'denied',
  'escalated',
  'informationRequested',
  'offer',
  'withdrawn',
  'refused',
  'expired',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
/** The only placeholders a template may use (the platform knows how to fill each). */
export const NOTIFICATION_PLACEHOLDERS = [
  'serviceTitle',
  'caseId',
  'firstName',
  'amount',
  'periodMonths',
  'reasons',
  'reason',
  'deadline',
] as const;
export const NotificationsSchema = z.strictObject(
  Object.fromEntries(NOTIFICATION_EVENTS.map((e) => [e, LocalizedTextSchema])) as Record<NotificationEvent, typeof LocalizedTextSchema>,
);

// ── proactive offer ──────────────────────────────────────────────────────────────────────────
/** Life events a registry can report; a new type is added here when a service is offered on it. */
/** RETURNED_TO_WORK and CHILDCARE_LEAVE_RESUMED come from the employment registry and change running entitlements (services/employment-events.ts). */
export const LIFE_EVENT_TYPES = ['BIRTH_REGISTERED', 'JOB_LOST', 'JOB_SEEKER_REGISTERED', 'RETURNED_TO_WORK', 'CHILDCARE_LEAVE_RESUMED'] as const;
export type LifeEventType = (typeof LIFE_EVENT_TYPES)[number];
export const ProactiveSchema = z.strictObject({
  trigger: z.enum(LIFE_EVENT_TYPES),
  /** Path in the life event's payload to the IIN of the citizen to offer to, e.g. `event.motherIin`. */
  subject: z.string().regex(/^event\.[A-Za-z_][A-Za-z0-9_]*$/),
  /** Application fields filled from the event: field → `event.<path>`. */
  application: z.record(Identifier, z.string().regex(/^event\.[A-Za-z_][A-Za-z0-9_]*$/)),
  /** How long the citizen has to answer (default PT72H, the Digital Family Card practice). */
  consentWindow: DurationSchema.optional(),
  /** Rules checked on registry data before the offer is sent; a FAIL means no offer. */
  precheck: z.array(z.string()).min(1),
  /**
   * Declarations an application asks for (required boolean inputs) that a proactive case does not
   * ask, because a pre-check rule establishes them from the registry: field → rule id. They are
   * filled `true` in the offer's application; the rule, run again at decision, still decides.
   */
  establishedBy: z.record(Identifier, z.string()).optional(),
});
export type Proactive = z.infer<typeof ProactiveSchema>;

// ── answers that stand in for evidence ───────────────────────────────────────────────────────
/**
 * The registry checks an answer may pass through to stand in for a piece of evidence, and the
 * registry query of the evidence each can replace: an IBAN the citizen gives, confirmed by the
 * bank as held by the applicant, is a verified account as `bank.account` would report one.
 */
export const ANSWER_CHECKS = { 'bank.accountByIban': { replaces: 'bank.account', answer: 'kzIban' } } as const;
export type AnswerCheck = keyof typeof ANSWER_CHECKS;

/**
 * `{ answer: 'iban', evidence: 'bank', check: 'bank.accountByIban' }`: when the citizen answers a
 * request for information with `iban`, re-evaluation asks the bank about that IBAN and, if the
 * applicant holds it, uses the bank's confirmation as the `bank` evidence.
 */
export const AnswerSubstituteSchema = z.strictObject({
  answer: Identifier,
  evidence: Identifier,
  check: z.enum(Object.keys(ANSWER_CHECKS) as [AnswerCheck, ...AnswerCheck[]]),
});
export type AnswerSubstitute = z.infer<typeof AnswerSubstituteSchema>;

// ── the definition ───────────────────────────────────────────────────────────────────────────
export const ServiceDefinitionSchema = z.strictObject({
  code: ServiceCodeSchema,
  version: z.number().int().positive(),
  effectiveFrom: IsoDateSchema,
  effectiveTo: IsoDateSchema.nullable(),
  /**
   * Earlier versions this one corrects: they are withdrawn for every legal fact (their published
   * rows stay, marked SUPERSEDED, for the decisions signed under them).
   */
  supersedes: z.array(z.number().int().positive()).min(1).optional(),
  department: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a kebab-case department, e.g. social-payments'),
  title: LocalizedTextSchema,
  description: LocalizedTextSchema,
  legalFact: LegalFactSchema,
  input: z.array(InputFieldSchema).min(1),
  evidence: z.array(EvidenceSpecSchema),
  parameters: z.array(ParameterSchema),
  derived: z.array(DerivedSchema),
  crossChecks: z.array(CrossCheckSchema),
  rules: z.array(RuleSchema).min(1),
  decision: DecisionSchema,
  escalation: EscalationSchema,
  notifications: NotificationsSchema,
  proactive: ProactiveSchema.optional(),
  /** The closed list of refusal grounds; absent from versions published before grounds existed. */
  refusalGrounds: z.array(RefusalGroundSchema).min(1).optional(),
  /** Answers to a request for information that may stand in for evidence; absent from earlier versions. */
  answerSubstitutes: z.array(AnswerSubstituteSchema).min(1).optional(),
});
export type ServiceDefinition = z.infer<typeof ServiceDefinitionSchema>;

export const DEFAULT_CONSENT_WINDOW = 'PT72H';
export function consentWindowMs(def: ServiceDefinition): number {
  return durationToMs(def.proactive?.consentWindow ?? DEFAULT_CONSENT_WINDOW);
}

export { validateDefinition, checkDefinition, DefinitionInvalid, type DefinitionProblem } from './validate.ts';
