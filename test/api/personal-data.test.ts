/**
 * Engineers operate the platform without seeing whose cases they operate on: IINs, names,
 * phones and the signed record are masked for them, and they cannot search by IIN. Officers see
 * the case in full.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applications, decidedCase } from './support/fixtures.ts';
import { codesOf, expectOk, startHarness, type Harness } from './support/harness.ts';

const CASE = `query($id: ID!) { case(id: $id) { applicantIin application evidence { key data } decision { record signatureValid } } }`;

describe('personal data and engineers', () => {
  let h: Harness;
  let caseId: string;
  beforeAll(async () => {
    h = await startHarness();
    caseId = await decidedCase(h, 'frontendA');
  });
  afterAll(async () => h?.close());

  it('masks IINs, names and phones for an engineer, and shows them to an officer', async () => {
    const { applicantIin: iin } = await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    const person = h.engine.dataset.persons.get(iin)!;
    const officer = expectOk(await h.gql('officerSocial', CASE, { id: caseId })).case as any;
    expect(officer.applicantIin).toBe(iin);
    expect(JSON.stringify(officer.evidence)).toContain(person.phone);

    const engineer = expectOk(await h.gql('engineer', CASE, { id: caseId })).case as any;
    expect(engineer.applicantIin).toBe(`${iin.slice(0, 2)}**********`); // the birth year at most
    const seen = JSON.stringify(engineer);
    for (const secret of [iin, person.phone, person.firstName, person.lastName]) expect(seen).not.toContain(secret);
    expect(engineer.decision.signatureValid).toBe(true); // checked on the stored record
  });

  it('refuses an engineer a search by IIN, with an audited FORBIDDEN', async () => {
    const iin = applications(h).autoApproved.applicantIin;
    const before = await h.engine.db.prisma.auditEntry.count({ where: { stream: 'security' } });
    const result = await h.gql('engineer', `query($iin: String) { cases(filter: { applicantIin: $iin }) { totalCount } }`, { iin });
    expect(codesOf(result)).toEqual(['FORBIDDEN']);
    await expect.poll(() => h.engine.db.prisma.auditEntry.count({ where: { stream: 'security' } })).toBe(before + 1);
    expect(codesOf(await h.gql('officerSocial', `query($iin: String) { cases(filter: { applicantIin: $iin }) { totalCount } }`, { iin }))).toEqual([]);
  });
});
