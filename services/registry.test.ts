import { describe, expect, it } from 'vitest';
import { birthAllowanceV3, catalog, childcareAllowanceV2, jobLossPaymentV2, jobLossPaymentV3 } from './catalog/index.ts';
import { resolveEvidenceRequests } from './evidence.ts';
import {
  AmbiguousVersion,
  ApplicationInvalid,
  LegalFactUnavailable,
  NoEffectiveVersion,
  ServiceNotFound,
  assertValidApplication,
  checkCatalog,
  definitionHash,
  legalFactDateOf,
  periodsConflict,
  selectVersion,
  validateApplication,
} from './registry.ts';
import { legacyBirthAllowance } from './testing/amendments.ts';
import { MOTHER, iin } from './testing/fixtures.ts';

// Versioning is exercised on the two versions published before v3 corrected them.
const BA_V1 = legacyBirthAllowance(1);
const BA_V2 = legacyBirthAllowance(2);
const LEGACY = [BA_V1, BA_V2];

describe('selectVersion', () => {
  const cases: [string, number][] = [
    ['2024-01-01', 1],
    ['2025-12-31', 1],
    ['2026-01-01', 2],
    ['2030-06-01', 2],
  ];
  it.each(cases)('birth-allowance on %s → v%i', (date, version) => {
    expect(selectVersion(LEGACY, 'birth-allowance', date).version).toBe(version);
  });

  it.each(cases)('with v3 published, on %s → v3 (it supersedes v%i)', (date) => {
    expect(selectVersion([...LEGACY, birthAllowanceV3], 'birth-allowance', date).version).toBe(3);
    // The catalog's v5 is v3 with its refusal grounds (v4) and the IBAN answer, and supersedes v4.
    expect(selectVersion(catalog, 'birth-allowance', date).version).toBe(5);
  });

  it('throws typed errors with clear messages', () => {
    expect(() => selectVersion(catalog, 'pension', '2025-01-01')).toThrow(ServiceNotFound);
    expect(() => selectVersion(catalog, 'pension', '2025-01-01')).toThrow(/no service "pension".*birth-allowance/);
    const err = (() => {
      try {
        selectVersion(LEGACY, 'birth-allowance', '2023-12-31');
      } catch (e) {
        return e;
      }
    })() as NoEffectiveVersion;
    expect(err).toBeInstanceOf(NoEffectiveVersion);
    expect(err.code).toBe('NoEffectiveVersion');
    expect(err.message).toBe(
      'service "birth-allowance" has no version in effect on 2023-12-31 (versions: v1 2024-01-01…2025-12-31, v2 2026-01-01…open)',
    );
    const overlapping = [BA_V1, { ...BA_V2, effectiveFrom: '2025-06-01' }];
    expect(() => selectVersion(overlapping, 'birth-allowance', '2025-07-01')).toThrow(AmbiguousVersion);
  });
});

describe('effective periods', () => {
  const v3 = { ...BA_V2, version: 3, effectiveFrom: '2027-01-01', effectiveTo: null };
  it('an open-ended version is in force until a later version begins', () => {
    const defs = [BA_V1, BA_V2, v3];
    expect(selectVersion(defs, 'birth-allowance', '2026-12-31').version).toBe(2);
    expect(selectVersion(defs, 'birth-allowance', '2027-01-01').version).toBe(3);
    expect(checkCatalog(defs)).toEqual([]);
  });

  it('an explicit end date is binding: after it and before the next version nothing is in force', () => {
    const defs = [BA_V1, { ...BA_V2, effectiveTo: '2026-06-30' }, { ...v3, effectiveFrom: '2026-09-01' }];
    expect(selectVersion(defs, 'birth-allowance', '2026-06-30').version).toBe(2);
    expect(() => selectVersion(defs, 'birth-allowance', '2026-07-01')).toThrow(NoEffectiveVersion);
    expect(selectVersion(defs, 'birth-allowance', '2026-09-01').version).toBe(3);
  });

  it('two versions beginning on the same day conflict', () => {
    expect(periodsConflict(BA_V2, { effectiveFrom: BA_V2.effectiveFrom, effectiveTo: null })).toBe(true);
    expect(periodsConflict(BA_V2, v3)).toBe(false);
    expect(periodsConflict({ ...BA_V2, effectiveTo: '2027-03-01' }, v3)).toBe(true);
  });
});

describe('legalFactDateOf', () => {
  it('reads the birth date from the child IIN', () => {
    expect(legalFactDateOf(BA_V1, { childIin: iin('2025-12-31', 'F', 3) })).toBe('2025-12-31');
    expect(legalFactDateOf('childcare-allowance', { childIin: iin('2024-02-29', 'M', 3) })).toBe('2024-02-29');
  });

  it('refuses an application it cannot date', () => {
    expect(() => legalFactDateOf(BA_V1, { childIin: '123' })).toThrow(LegalFactUnavailable);
    expect(() => legalFactDateOf(jobLossPaymentV2, { jobLossDate: '2025-02-30' })).toThrow(/jobLossDate is not a date/);
    expect(() => legalFactDateOf('pension', {})).toThrow(ServiceNotFound);
  });

  it('reads the registration as unemployed when the application gives it, else the job loss (job-loss v3)', () => {
    expect(legalFactDateOf(jobLossPaymentV3, { jobLossDate: '2026-02-20', registrationDate: '2026-02-24' })).toBe('2026-02-24');
    expect(legalFactDateOf(jobLossPaymentV3, { jobLossDate: '2026-02-20' })).toBe('2026-02-20');
    expect(() => legalFactDateOf(jobLossPaymentV3, { jobLossDate: '2026-02-20', registrationDate: '24.02.2026' })).toThrow(/registrationDate is not a date/);
    // By code, the rule of the version in force (v3), not of the superseded v2 listed first.
    expect(legalFactDateOf('job-loss-payment', { jobLossDate: '2026-02-20', registrationDate: '2026-02-24' }, { definitions: [jobLossPaymentV2, jobLossPaymentV3] })).toBe('2026-02-24');
  });
});

describe('validateApplication', () => {
  const child = iin('2025-03-10', 'M', 7);
  const badChecksum = child.slice(0, 11) + String((Number(child[11]) + 1) % 10);
  const cases: [string, unknown, { field: string; code: string }[]][] = [
    ['a valid application', { childIin: child }, []],
    ['a missing field', {}, [{ field: 'childIin', code: 'REQUIRED' }]],
    ['an IIN with a wrong check digit', { childIin: badChecksum }, [{ field: 'childIin', code: 'IIN_CHECKSUM' }]],
    ['an IIN with 11 digits', { childIin: child.slice(0, 11) }, [{ field: 'childIin', code: 'IIN_FORMAT' }]],
    ['an IIN with an impossible date', { childIin: '250230500012' }, [{ field: 'childIin', code: 'IIN_DATE' }]],
    ['an IIN as a number', { childIin: Number(child) }, [{ field: 'childIin', code: 'INVALID_TYPE' }]],
    ['an unknown field', { childIin: child, amount: 1_000_000 }, [{ field: 'amount', code: 'UNKNOWN_FIELD' }]],
    ['not an object', 'childIin', [{ field: '(application)', code: 'INVALID_TYPE' }]],
  ];
  it.each(cases)('%s', (_name, application, expected) => {
    const result = validateApplication(BA_V1, application);
    if (expected.length === 0) expect(result.ok).toBe(true);
    else expect(result.ok ? [] : result.issues.map(({ field, code }) => ({ field, code }))).toEqual(expected);
  });

  it('rejects a legal fact after the submission date', () => {
    const result = validateApplication(jobLossPaymentV2, { jobLossDate: '2025-05-02' }, { submittedOn: '2025-05-01' });
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'jobLossDate', code: 'IN_FUTURE' }] });
    expect(validateApplication(jobLossPaymentV2, { jobLossDate: '2025-05-01' }, { submittedOn: '2025-05-01' }).ok).toBe(true);
    const registeredLater = validateApplication(jobLossPaymentV3, { jobLossDate: '2025-04-20', registrationDate: '2025-05-02' }, { submittedOn: '2025-05-01' });
    expect(registeredLater).toMatchObject({ ok: false, issues: [{ field: 'registrationDate', code: 'IN_FUTURE' }] });
  });

  it('throws ApplicationInvalid listing the fields', () => {
    expect(() => assertValidApplication(BA_V1, { childIin: badChecksum })).toThrow(ApplicationInvalid);
    expect(() => assertValidApplication(BA_V1, { childIin: badChecksum })).toThrow(/childIin: invalid IIN: check digit does not match/);
  });
});

describe('definitionHash', () => {
  it('is stable across key order and copies, and changes with content', () => {
    const copy = JSON.parse(JSON.stringify(BA_V1));
    const reordered = Object.fromEntries(Object.entries(copy).reverse());
    expect(definitionHash(copy)).toBe(definitionHash(BA_V1));
    expect(definitionHash(reordered as typeof copy)).toBe(definitionHash(BA_V1));
    expect(definitionHash(BA_V2)).not.toBe(definitionHash(BA_V1));
    expect(definitionHash(BA_V1)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('checkCatalog', () => {
  it('accepts the built-in catalog', () => expect(checkCatalog(catalog)).toEqual([]));

  it('does not count superseded versions as overlapping the version that supersedes them', () => {
    expect(checkCatalog([...LEGACY, birthAllowanceV3])).toEqual([]);
    expect(checkCatalog([BA_V1, { ...birthAllowanceV3, supersedes: undefined }])).toEqual([
      'birth-allowance: v1 (2024-01-01…2025-12-31) overlaps v3 (from 2024-01-01)',
    ]);
  });

  it('lets a version not named in supersedes stay in force: v3 must name the invented v2 to withdraw it', () => {
    const onlyV1 = [...LEGACY, { ...birthAllowanceV3, supersedes: [1] }];
    expect(selectVersion(onlyV1, 'birth-allowance', '2025-12-31').version).toBe(3);
    expect(selectVersion(onlyV1, 'birth-allowance', '2026-01-01').version).toBe(2);
  });

  it('lets a version read its legal fact anew when it supersedes every version that read it otherwise', () => {
    expect(checkCatalog([jobLossPaymentV2, jobLossPaymentV3])).toEqual([]);
    expect(checkCatalog([jobLossPaymentV2, { ...jobLossPaymentV3, supersedes: [1], effectiveFrom: '2027-01-01' }])).toEqual([
      'job-loss-payment@3: legalFact differs from other versions (it is needed before a version is chosen)',
    ]);
  });

  it('finds overlaps, duplicates and a changed legal-fact rule', () => {
    const problems = checkCatalog([
      BA_V1,
      { ...BA_V2, effectiveFrom: '2025-12-31' },
      { ...BA_V2, version: 1, effectiveFrom: '2027-01-01', legalFact: { from: 'submissionDate' } },
    ]);
    expect(problems).toEqual([
      'birth-allowance: version 1 appears twice',
      'birth-allowance@1: legalFact differs from other versions (it is needed before a version is chosen)',
      'birth-allowance: v1 (2024-01-01…2025-12-31) overlaps v2 (from 2025-12-31)',
    ]);
  });
});

describe('resolveEvidenceRequests', () => {
  it('fills query parameters from the applicant, the application and the legal-fact date', () => {
    const childIin = iin('2025-06-15', 'F', 5);
    const requests = resolveEvidenceRequests(childcareAllowanceV2, {
      applicant: { iin: MOTHER },
      application: { childIin },
      legalFactDate: '2025-06-15',
      today: '2025-07-01',
    });
    expect(requests).toEqual([
      { key: 'birth', query: 'civil.birth', required: false, params: { childIin }, unresolved: [] },
      { key: 'person', query: 'civil.person', required: true, params: { iin: MOTHER }, unresolved: [] },
      { key: 'income', query: 'income.monthly', required: true, params: { iin: MOTHER, months: 24, asOf: '2025-06-15' }, unresolved: [] },
      { key: 'employment', query: 'employment.history', required: true, params: { iin: MOTHER }, unresolved: [] },
      { key: 'bank', query: 'bank.account', required: false, params: { iin: MOTHER }, unresolved: [] },
    ]);
  });

  it('marks a request it cannot fill', () => {
    const [birth] = resolveEvidenceRequests(BA_V1, { applicant: { iin: MOTHER }, application: {}, legalFactDate: '2025-01-01', today: '2025-01-01' });
    expect(birth).toMatchObject({ key: 'birth', params: null, unresolved: ['application.childIin'] });
  });
});
