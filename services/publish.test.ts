import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaClient } from '../generated/prisma/client.ts';
import { birthAllowanceV3, catalog } from './catalog/index.ts';
import { DefinitionInvalid, type ServiceDefinition } from './definition.ts';
import { definitionHash } from './definition-hash.ts';
import {
  CatalogIntegrityError,
  EffectivePeriodOverlap,
  PublishedVersionImmutable,
  UnverifiedLaw,
  VersionSuperseded,
  loadCatalog,
  loadCatalogEntries,
  promoteDraft,
  publishAll,
  publishService,
} from './publish.ts';
import { legacyBirthAllowance } from './testing/amendments.ts';

let pg: PGlite;
let prisma: PrismaClient;

beforeAll(async () => {
  pg = new PGlite();
  await pg.exec(fs.readFileSync('prisma/migrations/20261126000000_init/migration.sql', 'utf8'));
  prisma = new PrismaClient({ adapter: new PrismaPGlite(pg) });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await pg?.close();
});

beforeEach(async () => {
  await prisma.serviceVersion.deleteMany();
});

const NOW = new Date('2025-11-01T09:00:00Z');
// The publishing mechanics are exercised on the two versions published before v3 corrected them.
const BA_V1 = legacyBirthAllowance(1);
const BA_V2 = legacyBirthAllowance(2);
const changed = (def: ServiceDefinition, patch: Partial<ServiceDefinition>): ServiceDefinition => ({ ...JSON.parse(JSON.stringify(def)), ...patch });

describe('publishService', () => {
  it('creates a published row with the content hash and dates', async () => {
    const { action, row } = await publishService(prisma, BA_V1, { status: 'PUBLISHED', allowUnverified: true, now: NOW });
    expect(action).toBe('CREATED');
    expect(row).toMatchObject({
      id: 'birth-allowance@1',
      code: 'birth-allowance',
      version: 1,
      status: 'PUBLISHED',
      department: 'social-payments',
      contentHash: definitionHash(BA_V1),
      effectiveFrom: new Date('2024-01-01T00:00:00Z'),
      effectiveTo: new Date('2025-12-31T00:00:00Z'),
      publishedAt: NOW,
    });
  });

  it('is idempotent for identical content', async () => {
    const first = await publishService(prisma, BA_V1, { status: 'PUBLISHED', allowUnverified: true, now: NOW });
    const again = await publishService(prisma, JSON.parse(JSON.stringify(BA_V1)), { status: 'PUBLISHED', allowUnverified: true });
    expect(again.action).toBe('UNCHANGED');
    expect(again.row).toEqual(first.row);
    // Asking for a draft of something already published changes nothing either.
    expect((await publishService(prisma, BA_V1, { status: 'DRAFT' })).action).toBe('UNCHANGED');
    expect(await prisma.serviceVersion.count()).toBe(1);
  });

  it('refuses new content under a published code and version', async () => {
    await publishService(prisma, BA_V1, { status: 'PUBLISHED', allowUnverified: true });
    const edited = changed(BA_V1, { description: { ...BA_V1.description, en: 'Edited after publication' } });
    const attempt = publishService(prisma, edited, { status: 'PUBLISHED', allowUnverified: true });
    await expect(attempt).rejects.toBeInstanceOf(PublishedVersionImmutable);
    await expect(publishService(prisma, edited, { status: 'DRAFT' })).rejects.toMatchObject({
      code: 'PublishedVersionImmutable',
      service: 'birth-allowance',
      version: 1,
      publishedHash: definitionHash(BA_V1),
      attemptedHash: definitionHash(edited),
    });
  });

  it('lets drafts be overwritten, then promoted', async () => {
    const draft = changed(BA_V2, { description: { ...BA_V2.description, en: 'Draft wording' } });
    expect((await publishService(prisma, draft, { status: 'DRAFT' })).action).toBe('CREATED');
    expect((await publishService(prisma, draft, { status: 'DRAFT' })).action).toBe('UNCHANGED');
    const updated = await publishService(prisma, BA_V2, { status: 'DRAFT' });
    expect(updated).toMatchObject({ action: 'UPDATED', row: { status: 'DRAFT', publishedAt: null, contentHash: definitionHash(BA_V2) } });
    const promoted = await promoteDraft(prisma, 'birth-allowance', 2, { now: NOW, allowUnverified: true });
    expect(promoted).toMatchObject({ action: 'PROMOTED', row: { status: 'PUBLISHED', publishedAt: NOW } });
  });

  it('publishes a new version that supersedes an open-ended one from its start date', async () => {
    await publishAll(prisma, [BA_V1, BA_V2], { status: 'PUBLISHED', allowUnverified: true });
    const v3 = changed(BA_V2, { version: 3, effectiveFrom: '2027-01-01' });
    expect((await publishService(prisma, v3, { status: 'PUBLISHED', allowUnverified: true })).action).toBe('CREATED');
    const loaded = await loadCatalog(prisma);
    expect(loaded.filter((d) => d.code === 'birth-allowance').map((d) => d.version)).toEqual([1, 2, 3]);
  });

  it('rejects overlapping effective periods among published versions, but not among drafts', async () => {
    await publishService(prisma, BA_V1, { status: 'PUBLISHED', allowUnverified: true });
    const overlapping = changed(BA_V2, { effectiveFrom: '2025-07-01' });
    await expect(publishService(prisma, overlapping, { status: 'PUBLISHED', allowUnverified: true })).rejects.toThrow(EffectivePeriodOverlap);
    await expect(publishService(prisma, overlapping, { status: 'PUBLISHED', allowUnverified: true })).rejects.toThrow(
      'birth-allowance@2 (2025-07-01…open) overlaps the published birth-allowance@1 (2024-01-01…2025-12-31)',
    );
    expect((await publishService(prisma, overlapping, { status: 'DRAFT' })).action).toBe('CREATED');
    await expect(promoteDraft(prisma, 'birth-allowance', 2, { allowUnverified: true })).rejects.toThrow(EffectivePeriodOverlap);
  });

  it('validates before writing anything', async () => {
    const broken = changed(BA_V1, { rules: [{ ...BA_V1.rules[0]!, expression: 'evidence.birth.motherIin ==' }] });
    await expect(publishService(prisma, broken, { status: 'DRAFT' })).rejects.toThrow(DefinitionInvalid);
    await expect(publishService(prisma, broken, { status: 'DRAFT' })).rejects.toThrow(/rules\[BA-01\]: CEL/);
    expect(await prisma.serviceVersion.count()).toBe(0);
  });

  it('serialises concurrent publishers of one service', async () => {
    const results = await Promise.allSettled([
      publishService(prisma, BA_V2, { status: 'PUBLISHED', allowUnverified: true }),
      publishService(prisma, changed(BA_V2, { version: 3 }), { status: 'PUBLISHED', allowUnverified: true }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(EffectivePeriodOverlap) });
  });
});

describe('loadCatalog', () => {
  it('returns the published definitions, validated and identical to what was published', async () => {
    await publishAll(prisma, catalog, { status: 'PUBLISHED', allowUnverified: true });
    await publishService(prisma, changed(birthAllowanceV3, { version: 6, effectiveFrom: '2027-01-01' }), { status: 'DRAFT' });
    const loaded = await loadCatalog(prisma);
    expect(loaded.map((d) => `${d.code}@${d.version}`)).toEqual(['birth-allowance@5', 'childcare-allowance@4', 'job-loss-payment@4', 'large-family-allowance@4']);
    for (const def of loaded) expect(definitionHash(def)).toBe(definitionHash(catalog.find((c) => c.code === def.code && c.version === def.version)!));
    expect(await loadCatalogEntries(prisma, { includeDrafts: true })).toHaveLength(5);
  });

  it('fails loudly on a row edited behind the platform’s back', async () => {
    await publishService(prisma, BA_V1, { status: 'PUBLISHED', allowUnverified: true });
    const tampered = changed(BA_V1, { parameters: [{ name: 'mci', values: [{ from: '2024-01-01', value: 100_000 }] }] });
    await prisma.serviceVersion.update({ where: { id: 'birth-allowance@1' }, data: { definition: tampered as object } });
    await expect(loadCatalog(prisma)).rejects.toThrow(CatalogIntegrityError);
    await expect(loadCatalog(prisma)).rejects.toThrow(/content hash .* differs from the stored/);
  });
});

/** A copy of v3 with every basis marked verified — what the catalog will look like once the ministry has checked it. */
function fullyVerified(def: ServiceDefinition): ServiceDefinition {
  const d = JSON.parse(JSON.stringify(def)) as ServiceDefinition;
  const checked = { citation: 'checked by the ministry', url: 'https://adilet.zan.kz/rus/docs/K2300000224', checkedOn: '2026-12-01' };
  for (const r of d.rules) Object.assign(r.legalBasis, { verified: true, source: checked });
  Object.assign(d.decision.legalBasis!, { verified: true, source: checked });
  return d;
}

describe('unverified law', () => {
  it('is refused for publication, naming each unverified citation and figure', async () => {
    const attempt = publishService(prisma, birthAllowanceV3, { status: 'PUBLISHED' });
    await expect(attempt).rejects.toBeInstanceOf(UnverifiedLaw);
    await expect(publishService(prisma, birthAllowanceV3, { status: 'PUBLISHED' })).rejects.toMatchObject({
      code: 'UnverifiedLaw',
      service: 'birth-allowance',
      version: 3,
      unverified: ['rules[BA-01].legalBasis', 'rules[BA-02].legalBasis', 'rules[BA-03].legalBasis', 'rules[BA-04].legalBasis', 'decision.legalBasis'],
    });
    // A legacy definition has no verification at all: every figure is unverified too.
    await expect(publishService(prisma, BA_V2, { status: 'PUBLISHED' })).rejects.toMatchObject({
      unverified: expect.arrayContaining(['parameters[mci].values[2026-01-01]', 'decision.legalBasis']),
    });
    expect(await prisma.serviceVersion.count()).toBe(0);
  });

  it('may be drafted, but a draft holding it is not promoted', async () => {
    expect((await publishService(prisma, birthAllowanceV3, { status: 'DRAFT' })).action).toBe('CREATED');
    await expect(promoteDraft(prisma, 'birth-allowance', 3)).rejects.toThrow(UnverifiedLaw);
    expect((await promoteDraft(prisma, 'birth-allowance', 3, { allowUnverified: true })).action).toBe('PROMOTED');
  });

  it('is published without the allowance once every citation is verified', async () => {
    expect((await publishService(prisma, fullyVerified(birthAllowanceV3), { status: 'PUBLISHED' })).action).toBe('CREATED');
  });
});

describe('correcting a published version', () => {
  it('reproduces the legacy versions exactly as they were published (same content hash)', () => {
    expect(definitionHash(BA_V1)).toBe('sha256:019a2c7c60eb59434209e70844a23d911f034924067fd9635761d532f302c81b');
    expect(definitionHash(BA_V2)).toBe('sha256:fe90c066c089a8f4ea7cad54cb7ce429a20f918db98264e38e063edbafdfb915');
  });

  it('publishes v3 over a catalog holding v1 and the invented v2: both rows stay, superseded, with their content', async () => {
    await publishAll(prisma, [BA_V1, BA_V2], { status: 'PUBLISHED', allowUnverified: true, now: NOW });
    const [v3] = await publishAll(prisma, [birthAllowanceV3], { status: 'PUBLISHED', allowUnverified: true });
    expect(v3).toMatchObject({ action: 'CREATED', row: { version: 3, status: 'PUBLISHED' } });
    const rows = await prisma.serviceVersion.findMany({ where: { code: 'birth-allowance' }, orderBy: { version: 'asc' } });
    expect(rows.map((r) => [r.version, r.status, r.contentHash, r.publishedAt])).toEqual([
      [1, 'SUPERSEDED', definitionHash(BA_V1), NOW],
      [2, 'SUPERSEDED', definitionHash(BA_V2), NOW],
      [3, 'PUBLISHED', definitionHash(birthAllowanceV3), expect.any(Date)],
    ]);
    // New cases see only v3; the superseded rows are still there for the decisions pinned to them.
    expect((await loadCatalog(prisma)).map((d) => d.version)).toEqual([3]);
    expect((await loadCatalogEntries(prisma, { includeDrafts: true })).map((e) => `${e.definition.version}:${e.status}`)).toEqual(['1:SUPERSEDED', '2:SUPERSEDED', '3:PUBLISHED']);
  });

  it('never brings a superseded version back', async () => {
    await publishAll(prisma, [BA_V1, BA_V2, birthAllowanceV3], { status: 'PUBLISHED', allowUnverified: true });
    // Seeding an old catalog again changes nothing: same content, and it stays superseded.
    expect((await publishService(prisma, BA_V2, { status: 'PUBLISHED', allowUnverified: true })).row.status).toBe('SUPERSEDED');
    await expect(publishService(prisma, changed(BA_V2, { description: { ...BA_V2.description, en: 'Edited' } }), { status: 'PUBLISHED', allowUnverified: true })).rejects.toThrow(
      PublishedVersionImmutable,
    );
  });

  it('refuses a superseded version in a catalog that never held it', async () => {
    await publishService(prisma, birthAllowanceV3, { status: 'PUBLISHED', allowUnverified: true });
    const attempt = publishService(prisma, BA_V2, { status: 'PUBLISHED', allowUnverified: true });
    await expect(attempt).rejects.toBeInstanceOf(VersionSuperseded);
    await expect(publishService(prisma, BA_V2, { status: 'PUBLISHED', allowUnverified: true })).rejects.toThrow(
      'birth-allowance@2 was superseded by birth-allowance@3 and cannot be published again; publish a new version instead',
    );
  });
});
