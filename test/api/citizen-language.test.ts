/**
 * The citizen's language: given to startCase, it is the language of every message, whatever the
 * population register holds; omitted, the register's language is used. The case records the
 * choice, each notification the language it was sent in.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { START_CASE } from '../../api/client/operations.ts';
import { freshApplicants } from '../support/fresh-applicants.ts';
import { expectOk, startHarness, type Harness } from './support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

async function decidedIn(language: string | undefined) {
  const app = freshApplicants(h.engine).birth();
  const registryLanguage = h.engine.dataset.persons.get(app.applicantIin)!.language;
  const input = { clientRequestId: `req-${randomUUID()}`, ...app, ...(language ? { language } : {}) };
  const started = expectOk(await h.gql('frontendA', START_CASE, { input }, { 'accept-language': 'ru' })).startCase as { case: { caseId: string } };
  const caseId = started.case.caseId;
  expect(await h.engine.result(caseId)).toMatchObject({ status: 'APPROVED' });
  const notification = await h.engine.db.prisma.notification.findFirstOrThrow({ where: { caseId, template: 'approved' } });
  const row = await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
  return { registryLanguage, notification, row };
}

describe('the language of a case', () => {
  it("the applicant's explicit choice wins over the register's language", async () => {
    const { registryLanguage, notification, row } = await decidedIn('EN');
    expect(registryLanguage).not.toBe('en');
    expect(row).toMatchObject({ language: 'en', languageChosen: true });
    expect(notification.language).toBe('en');
    expect(notification.body).toMatch(/allowance|approved/i);
  });

  it("without a choice, the register's language is used; the case records the request's", async () => {
    const { registryLanguage, notification, row } = await decidedIn(undefined);
    expect(row).toMatchObject({ language: 'ru', languageChosen: false });
    expect(notification.language).toBe(registryLanguage);
  });
});
