import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaClient } from '../generated/prisma/client.ts';
import { birthAllowanceV1, birthAllowanceV2, catalog } from './catalog/index.ts';
import { DefinitionInvalid, type ServiceDefinition } from './definition.ts';
import { definitionHash } from './definition-hash.ts';
import {
  CatalogIntegrityError,
  EffectivePeriodOverlap,
  PublishedVersionImmutable,
  loadCatalog,
  loadCatalogEntries,
  promoteDraft,
  publishAll,
  publishService,
} from './publish.ts';

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
const changed = (def: ServiceDefinition, patch: Partial<ServiceDefinition>): ServiceDefinition => ({ ...JSON.parse(JSON.stringify(def)), ...patch });

describe('publishService', () => {
  it('creates a published row with the content hash and dates', async () => {
    const { action, row } = await publishService(prisma, birthAllowanceV1, { status: 'PUBLISHED', now: NOW });
    expect(action).toBe('CREATED');
    expect(row).toMatchObject({
      id: 'birth-allowance@1',
      code: 'birth-allowance',
      version: 1,
      status: 'PUBLISHED',
      department: 'social-payments',
      contentHash: definitionHash(birthAllowanceV1),
      effectiveFrom: new Date('2024-01-01T00:00:00Z'),
      effectiveTo: new Date('2025-12-31T00:00:00Z'),
      publishedAt: NOW,
    });
  });

  it('is idempotent for identical content', async () => {
    const first = await publishService(prisma, birthAllowanceV1, { status: 'PUBLISHED', now: NOW });
    const again = await publishService(prisma, JSON.parse(JSON.stringify(birthAllowanceV1)), { status: 'PUBLISHED' });
    expect(again.action).toBe('UNCHANGED');
    expect(again.row).toEqual(first.row);
    // Asking for a draft of something already published changes nothing either.
    expect((await publishService(prisma, birthAllowanceV1, { status: 'DRAFT' })).action).toBe('UNCHANGED');
    expect(await prisma.serviceVersion.count()).toBe(1);
  });

  it('refuses new content under a published code and version', async () => {
    await publishService(prisma, birthAllowanceV1, { status: 'PUBLISHED' });
    const edited = changed(birthAllowanceV1, { description: { ...birthAllowanceV1.description, en: 'Edited after publication' } });
    const attempt = publishService(prisma, edited, { status: 'PUBLISHED' });
    await expect(attempt).rejects.toBeInstanceOf(PublishedVersionImmutable);
    await expect(publishService(prisma, edited, { status: 'DRAFT' })).rejects.toMatchObject({
      code: 'PublishedVersionImmutable',
      service: 'birth-allowance',
      version: 1,
      publishedHash: definitionHash(birthAllowanceV1),
      attemptedHash: definitionHash(edited),
    });
  });

  it('lets drafts be overwritten, then promoted', async () => {
    const draft = changed(birthAllowanceV2, { description: { ...birthAllowanceV2.description, en: 'Draft wording' } });
    expect((await publishService(prisma, draft, { status: 'DRAFT' })).action).toBe('CREATED');
    expect((await publishService(prisma, draft, { status: 'DRAFT' })).action).toBe('UNCHANGED');
    const updated = await publishService(prisma, birthAllowanceV2, { status: 'DRAFT' });
    expect(updated).toMatchObject({ action: 'UPDATED', row: { status: 'DRAFT', publishedAt: null, contentHash: definitionHash(birthAllowanceV2) } });
    const promoted = await promoteDraft(prisma, 'birth-allowance', 2, { now: NOW });
    expect(promoted).toMatchObject({ action: 'PROMOTED', row: { status: 'PUBLISHED', publishedAt: NOW } });
  });

  it('publishes a new version that supersedes an open-ended one from its start date', async () => {
    await publishAll(prisma, [birthAllowanceV1, birthAllowanceV2], { status: 'PUBLISHED' });
    const v3 = changed(birthAllowanceV2, { version: 3, effectiveFrom: '2027-01-01' });
    expect((await publishService(prisma, v3, { status: 'PUBLISHED' })).action).toBe('CREATED');
    const loaded = await loadCatalog(prisma);
    expect(loaded.filter((d) => d.code === 'birth-allowance').map((d) => d.version)).toEqual([1, 2, 3]);
  });

  it('rejects overlapping effective periods among published versions, but not among drafts', async () => {
    await publishService(prisma, birthAllowanceV1, { status: 'PUBLISHED' });
    const overlapping = changed(birthAllowanceV2, { effectiveFrom: '2025-07-01' });
    await expect(publishService(prisma, overlapping, { status: 'PUBLISHED' })).rejects.toThrow(EffectivePeriodOverlap);
    await expect(publishService(prisma, overlapping, { status: 'PUBLISHED' })).rejects.toThrow(
      'birth-allowance@2 (2025-07-01…open) overlaps the published birth-allowance@1 (2024-01-01…2025-12-31)',
    );
    expect((await publishService(prisma, overlapping, { status: 'DRAFT' })).action).toBe('CREATED');
    await expect(promoteDraft(prisma, 'birth-allowance', 2)).rejects.toThrow(EffectivePeriodOverlap);
  });

  it('validates before writing anything', async () => {
    const broken = changed(birthAllowanceV1, { rules: [{ ...birthAllowanceV1.rules[0]!, expression: 'evidence.birth.motherIin ==' }] });
    await expect(publishService(prisma, broken, { status: 'DRAFT' })).rejects.toThrow(DefinitionInvalid);
    await expect(publishService(prisma, broken, { status: 'DRAFT' })).rejects.toThrow(/rules\[BA-01\]: CEL/);
    expect(await prisma.serviceVersion.count()).toBe(0);
  });

  it('serialises concurrent publishers of one service', async () => {
    const results = await Promise.allSettled([
      publishService(prisma, birthAllowanceV2, { status: 'PUBLISHED' }),
      publishService(prisma, changed(birthAllowanceV2, { version: 3 }), { status: 'PUBLISHED' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(EffectivePeriodOverlap) });
  });
});

describe('loadCatalog', () => {
  it('returns the published definitions, validated and identical to what was published', async () => {
    await publishAll(prisma, catalog, { status: 'PUBLISHED' });
    await publishService(prisma, changed(birthAllowanceV2, { version: 3, effectiveFrom: '2027-01-01' }), { status: 'DRAFT' });
    const loaded = await loadCatalog(prisma);
    expect(loaded.map((d) => `${d.code}@${d.version}`)).toEqual([
      'birth-allowance@1',
      'birth-allowance@2',
      'childcare-allowance@1',
      'job-loss-payment@1',
      'large-family-allowance@1',
    ]);
    for (const def of loaded) expect(definitionHash(def)).toBe(definitionHash(catalog.find((c) => c.code === def.code && c.version === def.version)!));
    expect(await loadCatalogEntries(prisma, { includeDrafts: true })).toHaveLength(6);
  });

  it('fails loudly on a row edited behind the platform’s back', async () => {
    await publishService(prisma, birthAllowanceV1, { status: 'PUBLISHED' });
    const tampered = changed(birthAllowanceV1, { parameters: [{ name: 'mci', values: [{ from: '2024-01-01', value: 100_000 }] }] });
    await prisma.serviceVersion.update({ where: { id: 'birth-allowance@1' }, data: { definition: tampered as object } });
    await expect(loadCatalog(prisma)).rejects.toThrow(CatalogIntegrityError);
    await expect(loadCatalog(prisma)).rejects.toThrow(/content hash .* differs from the stored/);
  });
});
