import { describe, expect, it } from 'vitest';
import { catalog, entitlementOf, entitlements } from './catalog/index.ts';
import { validateDefinition } from './definition.ts';
import { claimValidUntil, entitlementKeysOf, keysNeedEvidence } from './entitlements.ts';
import { evaluateService } from './rules.ts';
import { toyDefinition } from './testing/toy-definition.ts';

const MOTHER = '900101400123';
const CHILD = '260301500123';

describe('entitlement declarations', () => {
  it('every catalog service declares one; childcare is one scope across both tiers', () => {
    expect(Object.keys(entitlements).sort()).toEqual([...new Set(catalog.map((d) => d.code))].sort());
    expect(entitlementOf('childcare-allowance')).toMatchObject({ scope: 'childcare' });
    expect(entitlementOf('no-such-service')).toBeNull();
  });

  it('birth allowance and childcare: the child, known at intake', () => {
    for (const code of ['birth-allowance', 'childcare-allowance']) {
      const decl = entitlementOf(code)!;
      expect(keysNeedEvidence(decl)).toBe(false);
      expect(entitlementKeysOf(decl, { applicantIin: MOTHER, application: { childIin: CHILD }, legalFactDate: '2026-03-01' })).toEqual({ status: 'KNOWN', scope: decl.scope, keys: [CHILD] });
    }
  });

  it('job loss: the applicant and the job-loss date', () => {
    const decl = entitlementOf('job-loss-payment')!;
    expect(entitlementKeysOf(decl, { applicantIin: MOTHER, application: { jobLossDate: '2026-02-20' }, legalFactDate: '2026-02-20' })).toEqual({ status: 'KNOWN', scope: 'job-loss', keys: [`${MOTHER}@2026-02-20`] });
  });

  it('large family: the children who count, from the registries, each held for the months granted', () => {
    const decl = entitlementOf('large-family-allowance')!;
    expect(keysNeedEvidence(decl)).toBe(true);
    const facts = { applicantIin: MOTHER, application: { confirmsCohabitation: true }, legalFactDate: '2026-03-16' };
    expect(entitlementKeysOf(decl, facts)).toEqual({ status: 'NEEDS_EVIDENCE', scope: 'large-family' });
    const child = (iin: string, birthDate: string, registeredAddress: string, inFullTimeEducation = false) => ({ iin, birthDate, registeredAddress, inFullTimeEducation });
    const evidence = {
      person: { registeredAddress: 'home' },
      children: [child('b', '2010-01-01', 'home'), child('a', '2015-01-01', 'home'), child('adult', '2000-01-01', 'home'), child('student', '2005-01-01', 'home', true), child('elsewhere', '2012-01-01', 'other')],
    };
    expect(entitlementKeysOf(decl, { ...facts, evidence })).toEqual({ status: 'KNOWN', scope: 'large-family', keys: ['a', 'b', 'student'] });
    expect(entitlementKeysOf(decl, { ...facts, evidence: { person: null, children: null } })).toMatchObject({ status: 'UNKNOWN' });
    expect(claimValidUntil(decl, '2026-03-16', 12)).toBe('2027-03-15');
    expect(claimValidUntil(entitlementOf('birth-allowance')!, '2026-03-16', null)).toBeNull();
  });
});

describe('benefits.granted evidence', () => {
  it('a definition may ask for prior grants and a rule may read them', () => {
    const def = validateDefinition(
      toyDefinition({
        evidence: [
          { key: 'person', query: 'civil.person', params: { iin: 'applicant.iin' }, required: true },
          { key: 'grants', query: 'benefits.granted', params: { iin: 'applicant.iin' }, required: true },
        ],
        rules: [
          {
            id: 'TY-01',
            expression: '!evidence.grants.exists(g, g.scope == "birth-allowance")',
            legalBasis: { act: 'Toy Act', article: 'Article 1' },
            text: { kk: 'No earlier grant (kk)', ru: 'No earlier grant (ru)', en: 'No earlier grant' },
            failText: { kk: 'Granted before (kk)', ru: 'Granted before (ru)', en: 'Granted before' },
          },
        ],
      }),
    );
    const input = (grants: unknown[]) => ({
      application: { eventDate: '2025-03-01' },
      applicant: { iin: MOTHER },
      evidence: { person: { status: 'FOUND' as const, data: { deceased: false } }, grants: { status: 'FOUND' as const, data: grants } },
      asOf: '2025-03-05',
    });
    const rule = (grants: unknown[]) => evaluateService(def, input(grants), 'en').rules.find((r) => r.id === 'TY-01')!.status;
    expect(rule([])).toBe('PASS');
    expect(rule([{ scope: 'birth-allowance', key: CHILD, caseId: 'c1' }])).toBe('FAIL');
  });
});
