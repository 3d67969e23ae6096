/**
 * Publishing definitions to the database catalog (ServiceVersion). A published version is
 * immutable: decisions carry its content hash, so changing it in place would make old decisions
 * unexplainable. A wrong published version is corrected by a new version that `supersedes` it:
 * the old row stays, marked SUPERSEDED, for the decisions signed under it, and no longer decides
 * anything. Drafts can be overwritten and promoted. Publishing is idempotent — the same content
 * twice is a no-op — so seeds and deploy scripts can simply publish everything.
 *
 * Unverified law (a legal basis or a figure not confirmed in its source) is refused for
 * publication unless the caller allows it, which configuration permits only outside production
 * (ALLOW_UNVERIFIED_LAW). Drafts may always hold it: they decide nothing.
 */
import type { PrismaClient, ServiceVersion } from '../generated/prisma/client.ts';
import { deepFreeze } from './catalog/common.ts';
import { definitionHash } from './definition-hash.ts';
import type { ServiceDefinition } from './definition.ts';
import { periodsConflict } from './registry.ts';
import { validateDefinition } from './validate.ts';
import { unverifiedContent } from './verification.ts';

export type PublishStatus = 'DRAFT' | 'PUBLISHED' | 'SUPERSEDED';
export type PublishAction = 'CREATED' | 'UPDATED' | 'PROMOTED' | 'UNCHANGED';

export class PublishedVersionImmutable extends Error {
  readonly code = 'PublishedVersionImmutable';
  constructor(
    readonly service: string,
    readonly version: number,
    readonly publishedHash: string,
    readonly attemptedHash: string,
  ) {
    super(
      `${service}@${version} is already published with content ${publishedHash}; the new content ${attemptedHash} ` +
        'must be published as a new version',
    );
    this.name = 'PublishedVersionImmutable';
  }
}

export class EffectivePeriodOverlap extends Error {
  readonly code = 'EffectivePeriodOverlap';
  constructor(
    readonly service: string,
    readonly version: number,
    readonly conflictingVersion: number,
    readonly period: string,
    readonly conflictingPeriod: string,
  ) {
    super(
      `${service}@${version} (${period}) overlaps the published ${service}@${conflictingVersion} (${conflictingPeriod}); ` +
        'end the earlier version first (publish it as a new version with an effectiveTo)',
    );
    this.name = 'EffectivePeriodOverlap';
  }
}

export class UnverifiedLaw extends Error {
  readonly code = 'UnverifiedLaw';
  constructor(
    readonly service: string,
    readonly version: number,
    /** Paths of what is not verified, e.g. `rules[BA-03].legalBasis`, `parameters[mci].values[2026-01-01]`. */
    readonly unverified: string[],
  ) {
    super(
      `${service}@${version} cites law that is not verified and cannot be published here: ${unverified.join(', ')}; ` +
        'verify each against its source (verified: true with the source), or publish it as a draft',
    );
    this.name = 'UnverifiedLaw';
  }
}

export class VersionSuperseded extends Error {
  readonly code = 'VersionSuperseded';
  constructor(
    readonly service: string,
    readonly version: number,
    readonly supersededBy: number,
  ) {
    super(`${service}@${version} was superseded by ${service}@${supersededBy} and cannot be published again; publish a new version instead`);
    this.name = 'VersionSuperseded';
  }
}

export class CatalogIntegrityError extends Error {
  readonly code = 'CatalogIntegrityError';
  constructor(readonly rowId: string, reason: string) {
    super(`catalog row ${rowId}: ${reason}`);
    this.name = 'CatalogIntegrityError';
  }
}

export interface PublishResult {
  action: PublishAction;
  row: ServiceVersion;
}

const toDbDate = (date: string): Date => new Date(`${date}T00:00:00.000Z`);
const fromDbDate = (date: Date): string => date.toISOString().slice(0, 10);
const period = (from: string, to: string | null) => `${from}…${to ?? 'open'}`;

export function serviceVersionId(code: string, version: number): string {
  return `${code}@${version}`;
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const supersedesOf = (definition: unknown): number[] => (definition as { supersedes?: number[] } | null)?.supersedes ?? [];

/** Marks the versions `def` corrects as SUPERSEDED; rows not in the catalog (a fresh database) are nothing to withdraw. */
async function withdrawSuperseded(tx: Tx, def: ServiceDefinition): Promise<void> {
  if (!def.supersedes) return;
  await tx.serviceVersion.updateMany({ where: { code: def.code, version: { in: def.supersedes }, status: 'PUBLISHED' }, data: { status: 'SUPERSEDED' } });
}

async function assertNoOverlap(tx: Tx, def: ServiceDefinition): Promise<void> {
  const others = await tx.serviceVersion.findMany({
    where: { code: def.code, status: 'PUBLISHED', version: { not: def.version } },
    orderBy: { version: 'asc' },
  });
  for (const other of others) {
    // A withdrawn version must not come back, even where no period would overlap.
    if (supersedesOf(other.definition).includes(def.version)) throw new VersionSuperseded(def.code, def.version, other.version);
    const from = fromDbDate(other.effectiveFrom);
    const to = other.effectiveTo ? fromDbDate(other.effectiveTo) : null;
    if (periodsConflict(def, { effectiveFrom: from, effectiveTo: to })) throw new EffectivePeriodOverlap(def.code, def.version, other.version, period(def.effectiveFrom, def.effectiveTo), period(from, to));
  }
}

export interface PublishOptions {
  status: 'DRAFT' | 'PUBLISHED';
  now?: Date;
  /** Publish even if some of the law it cites is unverified (development, tests, demos; never production). */
  allowUnverified?: boolean;
}

/**
 * Validates and stores a definition. Identical content → UNCHANGED (the existing row); a draft
 * with the same content published → PROMOTED; new content for a draft → UPDATED; new content
 * for a published (or superseded) version → PublishedVersionImmutable. Publishing withdraws the
 * versions the definition supersedes; a superseded version cannot be published again
 * (VersionSuperseded). Published periods of one code must not overlap (EffectivePeriodOverlap).
 * Unverified law is refused unless allowed (UnverifiedLaw). Serialised per service code by a
 * transaction-scoped lock.
 */
export async function publishService(prisma: PrismaClient, definition: unknown, options: PublishOptions): Promise<PublishResult> {
  const def = validateDefinition(definition);
  const hash = definitionHash(def);
  if (options.status === 'PUBLISHED' && !options.allowUnverified) {
    const unverified = unverifiedContent(def);
    if (unverified.length) throw new UnverifiedLaw(def.code, def.version, unverified);
  }
  const now = options.now ?? new Date();
  const content = {
    status: options.status,
    effectiveFrom: toDbDate(def.effectiveFrom),
    effectiveTo: def.effectiveTo === null ? null : toDbDate(def.effectiveTo),
    department: def.department,
    contentHash: hash,
    definition: def as object,
    publishedAt: options.status === 'PUBLISHED' ? now : null,
  };

  return prisma.$transaction(async (tx) => {
    // Two publishers of the same code must not both pass the overlap check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`qyzmet:service:${def.code}`}))`;
    const existing = await tx.serviceVersion.findUnique({ where: { code_version: { code: def.code, version: def.version } } });

    if (existing && existing.status !== 'DRAFT') {
      if (existing.contentHash === hash) return { action: 'UNCHANGED', row: existing };
      throw new PublishedVersionImmutable(def.code, def.version, existing.contentHash, hash);
    }
    if (options.status === 'PUBLISHED') {
      await withdrawSuperseded(tx, def);
      await assertNoOverlap(tx, def);
    }

    if (existing) {
      if (existing.contentHash === hash && options.status === 'DRAFT') return { action: 'UNCHANGED', row: existing };
      const row = await tx.serviceVersion.update({ where: { id: existing.id }, data: content });
      return { action: existing.contentHash === hash ? 'PROMOTED' : 'UPDATED', row };
    }
    const row = await tx.serviceVersion.create({
      data: { id: serviceVersionId(def.code, def.version), code: def.code, version: def.version, ...content },
    });
    return { action: 'CREATED', row };
  });
}

/** Publishes an existing draft as it is. */
export async function promoteDraft(prisma: PrismaClient, code: string, version: number, options: Omit<PublishOptions, 'status'> = {}): Promise<PublishResult> {
  const row = await prisma.serviceVersion.findUnique({ where: { code_version: { code, version } } });
  if (!row) throw new CatalogIntegrityError(serviceVersionId(code, version), 'no such draft');
  return publishService(prisma, row.definition, { status: 'PUBLISHED', ...options });
}

/** Publishes several definitions in order (e.g. the built-in catalog from a seed). */
export async function publishAll(prisma: PrismaClient, definitions: readonly unknown[], options: PublishOptions): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  for (const def of definitions) results.push(await publishService(prisma, def, options));
  return results;
}

export interface CatalogEntry {
  definition: ServiceDefinition;
  contentHash: string;
  status: PublishStatus;
  publishedAt: Date | null;
}

/**
 * Loads versions from the database, re-validating each definition and re-computing its hash:
 * a row edited behind the platform's back fails loudly instead of deciding cases. By default the
 * published versions only; `includeDrafts` lists every row (drafts and superseded versions too).
 */
export async function loadCatalogEntries(prisma: PrismaClient, options: { includeDrafts?: boolean } = {}): Promise<CatalogEntry[]> {
  const rows = await prisma.serviceVersion.findMany({
    where: options.includeDrafts ? {} : { status: 'PUBLISHED' },
    orderBy: [{ code: 'asc' }, { version: 'asc' }],
  });
  return rows.map((row) => {
    const definition = deepFreeze(validateDefinition(row.definition));
    if (definition.code !== row.code || definition.version !== row.version) {
      throw new CatalogIntegrityError(row.id, `holds ${definition.code}@${definition.version}`);
    }
    const hash = definitionHash(definition);
    if (hash !== row.contentHash) throw new CatalogIntegrityError(row.id, `content hash ${hash} differs from the stored ${row.contentHash}`);
    return { definition, contentHash: hash, status: row.status as PublishStatus, publishedAt: row.publishedAt };
  });
}

/** The published definitions, validated. */
export async function loadCatalog(prisma: PrismaClient): Promise<ServiceDefinition[]> {
  return (await loadCatalogEntries(prisma)).map((e) => e.definition);
}
