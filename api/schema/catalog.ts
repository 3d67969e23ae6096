/**
 * The catalog: published services with their versions, application fields and rules, each
 * explained with its legal basis, in the requested language.
 */
import { loadCatalogEntries, type CatalogEntry } from '../../services/publish.ts';
import type { InputField, LegalBasis, RefusalGround, Rule, ServiceDefinition, Source } from '../../services/definition.ts';
import { isEffectiveOn } from '../../services/registry.ts';
import { kzDate } from '../../lib/kz-time.ts';
import { builder } from '../builder.ts';
import type { Lang } from '../i18n.ts';
import { LanguageEnum } from './scalars.ts';

type Localized<T> = { value: T; lang: Lang };
interface ServiceShape {
  code: string;
  entries: CatalogEntry[];
  lang: Lang;
  today: string;
}

export const LegalSourceRef = builder.objectRef<Source>('LegalSource').implement({
  description: 'Where a legal basis was checked.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    citation: t.exposeString('citation'),
    url: t.exposeString('url'),
    checkedOn: t.field({ type: 'Date', resolve: (s) => s.checkedOn }),
    note: t.string({ nullable: true, description: 'What the source confirms and what it leaves open.', resolve: (s) => s.note ?? null }),
  }),
});

export const LegalBasisRef = builder.objectRef<LegalBasis>('LegalBasis').implement({
  description: 'Where the rule comes from: the act, its article and clause.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    act: t.exposeString('act'),
    article: t.exposeString('article'),
    clause: t.string({ nullable: true, resolve: (b) => b.clause ?? null }),
    citation: t.string({ description: 'The three as one line.', resolve: (b) => [b.act, b.article, b.clause].filter(Boolean).join(', ') }),
    verified: t.boolean({ description: 'The act, article and clause were confirmed in the source; false: not (yet) confirmed against the law in force.', resolve: (b) => b.verified === true }),
    source: t.field({ type: LegalSourceRef, nullable: true, resolve: (b) => b.source ?? null }),
  }),
});

const InputFieldRef = builder.objectRef<Localized<InputField>>('InputField').implement({
  description: 'A field of the application a front-end must collect.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    name: t.string({ resolve: (f) => f.value.name }),
    type: t.string({ description: 'string, iin, date, number, boolean or enum.', resolve: (f) => f.value.type }),
    required: t.boolean({ resolve: (f) => f.value.required }),
    label: t.string({ resolve: (f) => f.value.label[f.lang] }),
    values: t.stringList({ nullable: true, resolve: (f) => f.value.values ?? null }),
    min: t.float({ nullable: true, resolve: (f) => f.value.min ?? null }),
    max: t.float({ nullable: true, resolve: (f) => f.value.max ?? null }),
  }),
});

const RuleRef = builder.objectRef<Localized<Rule>>('Rule').implement({
  description: 'An eligibility rule, as the law states it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.string({ resolve: (r) => r.value.id }),
    text: t.string({ description: 'What the rule requires.', resolve: (r) => r.value.text[r.lang] }),
    failText: t.string({ description: 'What a failure tells the applicant.', resolve: (r) => r.value.failText[r.lang] }),
    legalBasis: t.field({ type: LegalBasisRef, resolve: (r) => r.value.legalBasis }),
    onIndeterminate: t.string({ description: 'ESCALATE (to an officer) or FAIL when the rule cannot be decided.', resolve: (r) => r.value.onIndeterminate ?? 'ESCALATE' }),
  }),
});

export const RefusalGroundRef = builder.objectRef<Localized<RefusalGround>>('RefusalGround').implement({
  description: "A ground on which the service may be refused: the closed list an officer's DENY chooses from.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    code: t.string({ resolve: (g) => g.value.code }),
    text: t.string({ resolve: (g) => g.value.text[g.lang] }),
    legalBasis: t.field({ type: LegalBasisRef, resolve: (g) => g.value.legalBasis }),
    rules: t.stringList({ description: 'The rules whose failure refuses on this ground.', resolve: (g) => g.value.rules }),
  }),
});

const EvidenceRequirementRef = builder.objectRef<ServiceDefinition['evidence'][number]>('EvidenceRequirement').implement({
  description: 'A registry answer the service needs.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    query: t.exposeString('query', { description: 'The registry query, e.g. civil.birth.' }),
    required: t.exposeBoolean('required'),
  }),
});

const ServiceVersionRef = builder.objectRef<Localized<CatalogEntry> & { today: string }>('ServiceVersion').implement({
  description: 'One version of a service, in force for legal facts in its effective period.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    version: t.int({ resolve: (v) => v.value.definition.version }),
    status: t.string({ description: 'PUBLISHED (or DRAFT).', resolve: (v) => v.value.status }),
    effectiveFrom: t.field({ type: 'Date', resolve: (v) => v.value.definition.effectiveFrom }),
    effectiveTo: t.field({ type: 'Date', nullable: true, resolve: (v) => v.value.definition.effectiveTo }),
    inForce: t.boolean({ description: 'In force today (by the date in Kazakhstan).', resolve: (v) => isEffectiveOn(v.value.definition, v.today) }),
    contentHash: t.string({ description: 'sha256 of the definition; decisions record it.', resolve: (v) => v.value.contentHash }),
    publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.value.publishedAt }),
    title: t.string({ resolve: (v) => v.value.definition.title[v.lang] }),
    description: t.string({ resolve: (v) => v.value.definition.description[v.lang] }),
    department: t.string({ resolve: (v) => v.value.definition.department }),
    fields: t.field({ type: [InputFieldRef], resolve: (v) => v.value.definition.input.map((f) => ({ value: f, lang: v.lang })) }),
    evidence: t.field({ type: [EvidenceRequirementRef], resolve: (v) => v.value.definition.evidence }),
    rules: t.field({ type: [RuleRef], resolve: (v) => v.value.definition.rules.map((r) => ({ value: r, lang: v.lang })) }),
    refusalGrounds: t.field({
      type: [RefusalGroundRef],
      description: 'Empty for versions published before refusal grounds.',
      resolve: (v) => (v.value.definition.refusalGrounds ?? []).map((g) => ({ value: g, lang: v.lang })),
    }),
    proactiveTrigger: t.string({
      nullable: true,
      description: 'The life event that makes the platform offer this service unasked (e.g. BIRTH_REGISTERED).',
      resolve: (v) => v.value.definition.proactive?.trigger ?? null,
    }),
  }),
});

const ServiceRef = builder.objectRef<ServiceShape>('Service').implement({
  description: 'A government service and its versions.',
  authScopes: { authenticated: true },
  fields: (t) => {
    const latest = (s: ServiceShape) => s.entries.at(-1)!.definition;
    const version = (s: ServiceShape, e: CatalogEntry) => ({ value: e, lang: s.lang, today: s.today });
    return {
      code: t.exposeString('code'),
      title: t.string({ description: 'Of the latest version.', resolve: (s) => latest(s).title[s.lang] }),
      description: t.string({ resolve: (s) => latest(s).description[s.lang] }),
      department: t.string({ resolve: (s) => latest(s).department }),
      currentVersion: t.field({
        type: ServiceVersionRef,
        nullable: true,
        description: 'The version in force today; applications are judged by the version in force on their legal-fact date.',
        resolve: (s) => {
          const current = s.entries.filter((e) => isEffectiveOn(e.definition, s.today)).at(-1);
          return current ? version(s, current) : null;
        },
      }),
      versions: t.field({ type: [ServiceVersionRef], resolve: (s) => s.entries.map((e) => version(s, e)) }),
    };
  },
});

builder.queryField('services', (t) =>
  t.field({
    type: [ServiceRef],
    description: 'The published services, with titles, fields and rules in the requested language.',
    authScopes: { authenticated: true },
    args: { lang: t.arg({ type: LanguageEnum, required: false }) },
    resolve: async (_root, args, ctx) => {
      const entries = await loadCatalogEntries(ctx.prisma);
      const byCode = new Map<string, CatalogEntry[]>();
      for (const e of entries) byCode.set(e.definition.code, [...(byCode.get(e.definition.code) ?? []), e]);
      const today = kzDate(new Date());
      return [...byCode].map(([code, list]) => ({ code, entries: list, lang: args.lang ?? ctx.lang, today }));
    },
  }),
);
