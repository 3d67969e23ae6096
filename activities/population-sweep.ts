/**
 * The population sweep's activities (workflows/population-sweep-workflow.ts): one page of the civil
 * registry's population extract at a time — read it, find the families entitled to the service
 * (services/discovery.ts) who have no grant, no open case for the same children or applicant and
 * no earlier offer of this family, and create their offers as proactive cases (the same rows a life
 * event's offers are) — then move the checkpoint. The offers and the checkpoint are written in one
 * transaction, and only from the cursor the checkpoint holds: a retried page, or a page replayed
 * after a crash, answers what was written the first time and counts nothing twice.
 */
import { Context } from '@temporalio/activity';
import type { Prisma } from '../generated/prisma/client.ts';
import { RegistryError } from '../registries/types.ts';
import { entitlementOf } from '../services/catalog/index.ts';
import { discoverableService, discoverFamilies } from '../services/discovery.ts';
import { selectVersionForApplication } from '../services/registry.ts';
import { kzDate } from '../lib/kz-time.ts';
import { caseWorkflowId, FailureType, populationSweepId, type SweepCounts, type SweepOffer, type SweepPageInput, type SweepPageResult, type SweepProgress } from '../workflows/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { finalFailure } from './failures.ts';

interface SweepRow {
  id: string;
  status: string;
  cursor: string | null;
  pages: number;
  scanned: number;
  eligible: number;
  offered: number;
  skipped: number;
  lastPage: unknown;
}

const progressOf = (row: SweepRow): SweepProgress => ({
  sweepId: row.id,
  status: row.status as SweepProgress['status'],
  cursor: row.cursor,
  pages: row.pages,
  counts: { scanned: row.scanned, eligible: row.eligible, offered: row.offered, skipped: row.skipped },
});

function signal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

export function createPopulationSweepActivities({ prisma, catalog, registries }: Pick<ActivityDeps, 'prisma' | 'catalog' | 'registries'>) {
  return {
    /**
     * Opens the sweep's checkpoint (or finds it): where a new run of the workflow resumes. A sweep
     * started with no date (the nightly Schedule's) is dated here, today in Kazakhstan.
     */
    async openPopulationSweep({ sweepId, serviceCode, asOf }: { sweepId: string; serviceCode: string; asOf: string }): Promise<SweepProgress & { asOf: string }> {
      if (!discoverableService(serviceCode)) throw finalFailure('VALIDATION_FAILED', `service ${serviceCode} is not offered by population sweeps`);
      const date = asOf || kzDate(new Date());
      const id = sweepId || populationSweepId(serviceCode, date);
      const row = await prisma.populationSweep.upsert({ where: { id }, create: { id, serviceCode, status: 'RUNNING' }, update: {} });
      return { ...progressOf(row), asOf: date };
    },

    async finishPopulationSweep({ sweepId }: { sweepId: string }): Promise<SweepProgress> {
      await prisma.populationSweep.updateMany({ where: { id: sweepId, status: 'RUNNING' }, data: { status: 'COMPLETED', finishedAt: new Date() } });
      return progressOf(await prisma.populationSweep.findUniqueOrThrow({ where: { id: sweepId } }));
    },

    async sweepPopulationPage({ sweepId, serviceCode, cursor, pageSize, asOf }: SweepPageInput): Promise<SweepPageResult> {
      const service = discoverableService(serviceCode);
      if (!service) throw finalFailure('VALIDATION_FAILED', `service ${serviceCode} is not offered by population sweeps`);
      const before = await prisma.populationSweep.findUniqueOrThrow({ where: { id: sweepId } });
      const written = before.lastPage as (SweepPageResult & { from: string | null }) | null;
      // Written already (this page's earlier attempt committed): answer what it wrote.
      if (before.cursor !== cursor) {
        if (written && written.from === cursor) return { next: written.next, offers: written.offers, counts: written.counts };
        throw finalFailure('VALIDATION_FAILED', `sweep ${sweepId} is at ${before.cursor ?? 'the start'}, not at ${cursor ?? 'the start'}`);
      }

      let page;
      try {
        page = (await registries.query('civil.population', { cursor, limit: pageSize }, { signal: signal() })).data;
      } catch (e) {
        if (e instanceof RegistryError && !e.retryable) throw finalFailure(FailureType.RegistryBadRequest, e.message);
        throw e;
      }
      const families = discoverFamilies(service, page.persons, asOf);
      const skip = new Set<string>();
      if (families.length) {
        const keys = families.flatMap((f) => f.keys);
        const applicants = families.map((f) => f.applicantIin);
        const ids = families.map((f) => f.caseId);
        const { scope } = entitlementOf(serviceCode)!;
        // A grant holds one of the children; an open case asks for them or for this applicant; this family was offered before.
        const held = await prisma.$queryRawUnsafe<{ key: string }[]>(
          `SELECT "key" FROM "EntitlementClaim" WHERE "scope" = $1 AND "key" = ANY($2::text[]) AND ("validUntil" IS NULL OR "validUntil" >= $3::date)
           UNION SELECT ce."key" FROM "CaseEntitlement" ce JOIN "Case" c ON c."id" = ce."caseId" WHERE ce."scope" = $1 AND ce."key" = ANY($2::text[]) AND c."closedAt" IS NULL`,
          scope,
          keys,
          asOf,
        );
        const heldKeys = new Set(held.map((r) => r.key));
        const offeredBefore = new Set((await prisma.case.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((c) => c.id));
        const openApplicants = new Set(
          (await prisma.case.findMany({ where: { serviceCode, applicantIin: { in: applicants }, closedAt: null }, select: { applicantIin: true } })).map((c) => c.applicantIin),
        );
        for (const f of families) if (offeredBefore.has(f.caseId) || openApplicants.has(f.applicantIin) || f.keys.some((k) => heldKeys.has(k))) skip.add(f.caseId);
      }
      const toOffer = families.filter((f) => !skip.has(f.caseId));
      let department = '';
      if (toOffer.length) {
        const published = await catalog.published();
        department = selectVersionForApplication(published, serviceCode, toOffer[0]!.application, asOf).definition.department;
      }
      const offers: SweepOffer[] = toOffer.map((f) => ({ caseId: f.caseId, serviceCode, department }));
      const counts: SweepCounts = { scanned: page.persons.length, eligible: families.length, offered: offers.length, skipped: skip.size };
      const result: SweepPageResult = { next: page.nextCursor, offers, counts };
      await prisma.$transaction(async (tx) => {
        if (toOffer.length) {
          await tx.case.createMany({
            data: toOffer.map((f) => ({
              id: f.caseId,
              workflowId: caseWorkflowId(f.caseId),
              serviceCode,
              department,
              status: 'RECEIVED',
              origin: 'PROACTIVE',
              applicantIin: f.applicantIin,
              application: f.application as Prisma.InputJsonValue,
            })),
            skipDuplicates: true,
          });
        }
        const moved = await tx.$executeRawUnsafe(
          `UPDATE "PopulationSweep" SET "cursor" = $3, "pages" = "pages" + $9, "scanned" = "scanned" + $4, "eligible" = "eligible" + $5,
             "offered" = "offered" + $6, "skipped" = "skipped" + $7, "lastPage" = $8::jsonb, "updatedAt" = now()
           WHERE "id" = $1 AND "cursor" IS NOT DISTINCT FROM $2`,
          sweepId,
          cursor,
          // The last page leaves the cursor on its last person, so a retry of it finds the page written.
          page.nextCursor ?? page.persons.at(-1)?.iin ?? cursor,
          counts.scanned,
          counts.eligible,
          counts.offered,
          counts.skipped,
          JSON.stringify({ ...result, from: cursor }),
          page.persons.length ? 1 : 0,
        );
        // Another attempt of this page got there first: roll back, the retry answers its result.
        if (moved !== 1) throw new Error(`sweep ${sweepId} moved past ${cursor ?? 'the start'} meanwhile`);
      });
      return result;
    },
  };
}
