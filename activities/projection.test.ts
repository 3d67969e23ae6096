/**
 * The projection activity on both databases, for values that can never be written: PostgreSQL's
 * jsonb refuses a NUL (22P05) and canonical JSON a lone surrogate. Retrying cannot help, so the
 * activity fails non-retryably with InvalidData and the workflow sees it at once.
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../lib/db/client.ts';
import { DATABASE_KINDS, openTestDatabase } from '../test/support/database.ts';
import { FailureType } from '../workflows/messages.ts';
import { createProjectionActivities } from './projection.ts';

describe.each(DATABASE_KINDS)('projectStep on %s: data that can never be written', (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.close());

  let n = 0;
  async function newCase(): Promise<string> {
    const id = `c-invalid-${kind}-${Date.now()}-${++n}`;
    await db.prisma.case.create({
      data: { id, workflowId: `case-${id}`, serviceCode: 'birth-allowance', department: 'social-payments', status: 'RECEIVED', origin: 'APPLICATION', applicantIin: '900101300123', application: {} },
    });
    return id;
  }
  const step = async (over: object) => ({ caseId: await newCase(), seq: 1, stepKey: '1:X', at: new Date().toISOString(), event: { type: 'X', data: {} }, ...over });

  it.each([
    ['a NUL in the event data (jsonb refuses it)', { event: { type: 'WITHDRAWN', data: { reason: 'bye\u0000' } } }],
    ['a lone surrogate in an audit detail (canonical JSON refuses it)', { event: { type: 'WITHDRAWN', data: {} }, audit: { actor: 'citizen', action: 'CASE_WITHDRAWN', details: { reason: 'bye \uD800' } } }],
  ])('%s fails non-retryably as InvalidData', async (_name, over) => {
    const e = await createProjectionActivities({ prisma: db.prisma })
      .projectStep((await step(over)) as never)
      .then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(ApplicationFailure);
    expect(e).toMatchObject({ type: FailureType.InvalidData, nonRetryable: true });
  });
});
