/**
 * Hostile input through every mutation's free-text and id fields (scripts/hostile/attack.ts, the
 * runner behind `npm run hostile`), on PostgreSQL: no 5xx and no INTERNAL_SERVER_ERROR or
 * UNAVAILABLE in any answer, every case's workflow state equal to its read model afterwards, and
 * the security audit stream grown by exactly one entry per input refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHostile } from '../../scripts/hostile/attack.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { citizenProof } from './support/fixtures.ts';

const REQUESTS = Number(process.env.HOSTILE_REQUESTS ?? 240);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ kind: 'postgresql' });
});
afterAll(async () => h?.close());

describe('hostile input', () => {
  it(`${REQUESTS} hostile requests: 0 diverged cases, 0 server errors, one security entry per refusal`, async () => {
    const { credentials: c } = h;
    const report = await runHostile(
      {
        send: h.post,
        prisma: h.engine.db.prisma,
        temporal: h.engine.client,
        dataset: h.engine.dataset,
        credentials: { frontend: c.frontendA, officer: c.officerSocial, supervisor: c.supervisorSocial, engineer: c.engineer },
        citizenProof: (iin) => citizenProof(h, iin, { ttlSeconds: 3600 }),
      },
      { requests: REQUESTS },
    );
    console.log(JSON.stringify(report, null, 1));
    expect(report.serverErrors).toEqual([]);
    expect(report.verdicts.SERVER_ERROR).toBe(0);
    expect(report.diverged).toEqual([]);
    expect(report.casesChecked).toBeGreaterThan(0);
    expect(report.verdicts.INPUT_REFUSED).toBeGreaterThan(REQUESTS / 2);
    expect(report.inputRefusedEntries).toBe(report.verdicts.INPUT_REFUSED);
    expect(report.securityGrowth).toBe(report.verdicts.INPUT_REFUSED);
  }, 600_000);
});
