/**
 * The population sweeps (workflows/population-sweep-workflow.ts) as their checkpoint rows hold
 * them: how far each got, what it scanned and offered. Counts and a cursor only — no person — so
 * engineers (who run the sweeps) see every sweep and supervisors the sweeps of their department's
 * services, whose offers land in their inbox.
 */
import type { PopulationSweep } from '../../generated/prisma/client.ts';
import { isEngineer, workingDepartment } from '../auth/policy.ts';
import { builder } from '../builder.ts';
import { keysetConnection, type SortKey } from '../pagination.ts';

const SweepStatusEnum = builder.enumType('PopulationSweepStatus', { values: ['RUNNING', 'COMPLETED'] as const });

const PopulationSweepRef = builder.objectRef<PopulationSweep>('PopulationSweep').implement({
  description: 'One run of the proactive discovery over the registries’ population, from its checkpoint.',
  authScopes: { $any: { engineer: true, supervisor: true } },
  fields: (t) => ({
    id: t.exposeString('id'),
    serviceCode: t.exposeString('serviceCode', { description: 'The service the sweep offers.' }),
    status: t.field({ type: SweepStatusEnum, resolve: (s) => s.status as 'RUNNING' | 'COMPLETED' }),
    personsScanned: t.exposeInt('scanned', { description: 'Persons of the population read so far.' }),
    familiesEligible: t.exposeInt('eligible', { description: 'Families the service’s discovery found entitled.' }),
    offersMade: t.exposeInt('offered', { description: 'Offers made: proactive cases started.' }),
    familiesSkipped: t.exposeInt('skipped', { description: 'Entitled families left alone: a grant, an open case or an earlier offer.' }),
    pages: t.exposeInt('pages', { description: 'Population pages written to the checkpoint.' }),
    checkpoint: t.exposeString('cursor', { nullable: true, description: 'Where a resumed run reads on from (the registry’s page cursor); null before the first page.' }),
    startedAt: t.field({ type: 'DateTime', resolve: (s) => s.startedAt }),
    updatedAt: t.field({ type: 'DateTime', description: 'When the checkpoint last moved.', resolve: (s) => s.updatedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.finishedAt }),
  }),
});

const NEWEST_FIRST: SortKey<PopulationSweep>[] = [
  { field: 'startedAt', direction: 'desc', kind: 'date', value: (s) => s.startedAt },
  { field: 'id', direction: 'asc', kind: 'string', value: (s) => s.id },
];

builder.queryField('populationSweeps', (t) =>
  t.connection(
    {
      type: PopulationSweepRef,
      description: 'Population sweeps, newest first (engineers: all; supervisors: those of their department’s services).',
      authScopes: { $any: { engineer: true, supervisor: true } },
      resolve: async (_root, args, ctx) => {
        let where: Record<string, unknown> = {};
        if (!isEngineer(ctx.caller)) {
          const department = workingDepartment(ctx.caller);
          const codes = [...new Set((await ctx.catalog.published()).filter((d) => d.department === department).map((d) => d.code))];
          where = { serviceCode: { in: codes } };
        }
        return keysetConnection(args, NEWEST_FIRST, (page) => ctx.prisma.populationSweep.findMany({ where: { AND: [where, page.where] }, orderBy: page.orderBy, take: page.take }));
      },
    },
    { name: 'PopulationSweepConnection' },
    { name: 'PopulationSweepEdge' },
  ),
);
