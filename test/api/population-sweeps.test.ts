/**
 * populationSweeps through `yoga.fetch`: the checkpoint rows as the sweep writes them, newest
 * first and paged with first/after; engineers see every sweep, a supervisor only the sweeps of
 * the department's services, an officer none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POPULATION_SWEEPS } from '../../api/client/operations.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
const ids = { older: `sweep-test-older-${Date.now()}`, newer: `sweep-test-newer-${Date.now()}`, employment: `sweep-test-employment-${Date.now()}` };

beforeAll(async () => {
  h = await startHarness();
  const prisma = h.engine.db.prisma;
  await prisma.populationSweep.create({
    data: { id: ids.older, serviceCode: 'large-family-allowance', status: 'COMPLETED', cursor: '990101300019', pages: 3, scanned: 2500, eligible: 41, offered: 37, skipped: 4, startedAt: new Date('2026-11-30T01:00:00Z'), finishedAt: new Date('2026-11-30T01:02:00Z') },
  });
  await prisma.populationSweep.create({ data: { id: ids.newer, serviceCode: 'large-family-allowance', status: 'RUNNING', cursor: null, startedAt: new Date('2026-12-01T01:00:00Z') } });
  // A sweep of another department's service (its rows are counts only; the service need not be discoverable here).
  await prisma.populationSweep.create({ data: { id: ids.employment, serviceCode: 'job-loss-payment', status: 'COMPLETED', scanned: 10, startedAt: new Date('2026-11-29T01:00:00Z') } });
}, 120_000);
afterAll(async () => h?.close());

type Page = { edges: { cursor: string; node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
const page = async (role: 'engineer' | 'supervisorSocial', vars: Record<string, unknown>): Promise<Page> =>
  (expectOk(await h.gql(role, POPULATION_SWEEPS, vars)).populationSweeps as Page);

describe('populationSweeps', () => {
  it('engineers page through every sweep, newest first, with its counts and checkpoint', async () => {
    const first = await page('engineer', { first: 1 });
    expect(first.edges.map((e) => e.node.id)).toEqual([ids.newer]);
    expect(first.edges[0]!.node).toMatchObject({ status: 'RUNNING', personsScanned: 0, offersMade: 0, checkpoint: null, finishedAt: null });
    expect(first.pageInfo.hasNextPage).toBe(true);

    const rest = await page('engineer', { first: 10, after: first.pageInfo.endCursor });
    expect(rest.edges.map((e) => e.node.id)).toEqual([ids.older, ids.employment]);
    expect(rest.edges[0]!.node).toMatchObject({
      serviceCode: 'large-family-allowance',
      status: 'COMPLETED',
      personsScanned: 2500,
      familiesEligible: 41,
      offersMade: 37,
      familiesSkipped: 4,
      pages: 3,
      checkpoint: '990101300019',
      startedAt: '2026-11-30T01:00:00.000Z',
      finishedAt: '2026-11-30T01:02:00.000Z',
    });
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it('a supervisor sees the sweeps of the department’s services only; an officer is refused', async () => {
    const seen = await page('supervisorSocial', { first: 10 });
    expect(seen.edges.map((e) => e.node.id)).toEqual([ids.newer, ids.older]);

    const refused = await h.gql('officerSocial', POPULATION_SWEEPS, { first: 10 });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a page over 100 is a bad request', async () => {
    const tooMany = await h.gql('engineer', POPULATION_SWEEPS, { first: 101 });
    expect(tooMany.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });
});
