import { describe, expect, it } from 'vitest';
import { makeIin } from '../../lib/iin.ts';
import { lifeEventPayloadProblems } from './life-event-payload.ts';

const TODAY = '2026-03-16';
const PERSON = makeIin('1985-07-02', 'M', 4242);
const codes = (payload: Record<string, unknown>, subject = PERSON) =>
  lifeEventPayloadProblems('JOB_SEEKER_REGISTERED', subject, payload, TODAY).map((p) => `${p.field}:${p.code}`);

describe('JOB_SEEKER_REGISTERED payload', () => {
  it('accepts the person, the registration and the job loss it registers', () => {
    expect(codes({ iin: PERSON, registrationDate: '2026-02-24', jobLossDate: '2026-02-20' })).toEqual([]);
    expect(codes({ iin: PERSON, registrationDate: TODAY, jobLossDate: TODAY })).toEqual([]);
  });

  it.each([
    ['no registration date', { iin: PERSON, jobLossDate: '2026-02-20' }, ['payload.registrationDate:REQUIRED']],
    ['no job-loss date', { iin: PERSON, registrationDate: '2026-02-24' }, ['payload.jobLossDate:REQUIRED']],
    ['a date that is not one', { iin: PERSON, registrationDate: '24.02.2026', jobLossDate: '2026-02-20' }, ['payload.registrationDate:DATE']],
    ['a registration tomorrow', { iin: PERSON, registrationDate: '2026-03-17', jobLossDate: '2026-02-20' }, ['payload.registrationDate:IN_FUTURE']],
    ['a registration before the job loss', { iin: PERSON, registrationDate: '2026-02-19', jobLossDate: '2026-02-20' }, ['payload.registrationDate:BEFORE_JOB_LOSS']],
    ['another person than the subject', { iin: makeIin('1990-01-01', 'F', 4243), registrationDate: '2026-02-24', jobLossDate: '2026-02-20' }, ['payload.iin:MISMATCH']],
  ])('refuses %s', (_name, payload, expected) => {
    expect(codes(payload)).toEqual(expected);
  });

  it('leaves other event types to their own checks', () => {
    expect(lifeEventPayloadProblems('BIRTH_REGISTERED', PERSON, {}, TODAY)).toEqual([]);
  });
});
