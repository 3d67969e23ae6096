import { describe, expect, it } from 'vitest';
import { makeIin, parseIin } from '../../iin.ts';
import { Pseudonyms } from './pseudonyms.ts';
import { createScrubber, type HistoryJson } from './scrub.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
const unb64 = (s: string) => JSON.parse(Buffer.from(s, 'base64').toString('utf8'));
const payload = (v: unknown) => ({ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: b64(v) });

const realIin = makeIin('1990-08-15', 'F', 5012, { onUnissuable: 'next' });

describe('pseudonyms', () => {
  const p = new Pseudonyms('test-key');

  it('turn an IIN into another valid IIN, the same every time, keeping century and sex', () => {
    const fake = p.iin(realIin);
    expect(fake).not.toBe(realIin);
    expect(parseIin(fake)).toMatchObject({ ok: true, sex: 'F', century: 1900 });
    expect(p.iin(realIin)).toBe(fake);
    expect(new Pseudonyms('other-key').iin(realIin)).not.toBe(fake);
  });

  it('turn any spelling of a phone into the same +77 number', () => {
    expect(p.phone('+77011234567')).toBe(p.phone('+7 701 123 45 67'));
    expect(p.phone('+77011234567')).toMatch(/^\+77\d{9}$/);
    expect(p.phone('+77011234567')).not.toBe('+77011234567');
  });
});

describe('scrubbing a history', () => {
  const officer = { id: 'officer-dana', department: 'employment', roles: ['officer'] };
  const history: HistoryJson = {
    events: [
      {
        eventId: '1',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
        workflowExecutionStartedEventAttributes: {
          parentWorkflowExecution: { workflowId: `life-event-birth-${realIin}-1`, runId: '0190a1b2-0000-7000-8000-123456789012' },
          input: { payloads: [payload({ eventId: `birth-${realIin}-1`, timing: { consentWindowMs: 1000 } })] },
          identity: '4242@ministry-host-7',
        },
      },
      {
        eventId: '5',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        workflowExecutionUpdateAcceptedEventAttributes: {
          acceptedRequest: {
            meta: { updateId: 'a0b1c2d3-0000-4000-8000-000000000000', identity: 'api@host' },
            input: { name: 'resolveTask', args: { payloads: [payload({ taskId: 'c1-t1', officer, action: 'APPROVE', reason: 'Айгуль Ахметова confirmed by phone', amount: 12, note2: 'free text' })] } },
          },
        },
      },
      {
        eventId: '6',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        workflowExecutionUpdateAcceptedEventAttributes: {
          acceptedRequest: {
            meta: { updateId: 'b0b1c2d3-0000-4000-8000-000000000000' },
            input: { name: 'provideInformation', args: { payloads: [payload({ submissionId: 's-1', answers: { phone: '+7 701 123 45 67', name: 'Айгуль' } })] } },
          },
        },
      },
      {
        eventId: '7',
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_FAILED',
        activityTaskFailedEventAttributes: {
          failure: { message: `civil.person: no person ${realIin}, call +77011234567`, stackTrace: 'at /home/ops/qyzmet/activities/evidence.ts:42' },
          identity: '4242@ministry-host-7',
        },
      },
      {
        eventId: '8',
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
        activityTaskScheduledEventAttributes: {
          activityType: { name: 'issueDecision' },
          input: { payloads: [payload({ caseId: 'c123456789012345678ab', decidedBy: { kind: 'OFFICER', officerId: 'officer-dana', reason: 'ok', firstReviewer: null } })] },
        },
      },
    ],
  };
  const scrubber = createScrubber({ key: 'test-key' });
  const scrubbed = scrubber.history(history);
  const text = JSON.stringify(scrubbed);
  const decoded = (i: number, path: (a: Record<string, any>) => { data: string }) => unb64(path(Object.values(scrubbed.events[i]!).find((v) => v && typeof v === 'object' && !Array.isArray(v)) as Record<string, any>).data); // eslint-disable-line @typescript-eslint/no-explicit-any

  it('leaves no IIN, phone, name or free text anywhere, decoded payloads included', () => {
    const all = text + scrubbed.events.map((e) => JSON.stringify(e)).join('') + JSON.stringify([decoded(0, (a) => a.input.payloads[0]), decoded(1, (a) => a.acceptedRequest.input.args.payloads[0]), decoded(2, (a) => a.acceptedRequest.input.args.payloads[0])]);
    for (const secret of [realIin, '+77011234567', '701 123 45 67', 'Айгуль', 'Ахметова', 'free text', 'officer-dana', 'ministry-host', '/home/ops']) expect(all).not.toContain(secret);
  });

  it('replaces an IIN consistently: the workflow id, the input and the message agree', () => {
    const fake = new Pseudonyms('test-key').iin(realIin);
    expect(scrubber.workflowId(`life-event-birth-${realIin}-1`)).toBe(`life-event-birth-${fake}-1`);
    expect(text).toContain(`life-event-birth-${fake}-1`);
    expect(decoded(0, (a) => a.input.payloads[0]).eventId).toBe(`birth-${fake}-1`);
    expect(text).toContain(`no person ${fake}`);
  });

  it('keeps Temporal ids, structure and amounts; pseudonymises officers the same in updates and activity inputs', () => {
    expect(text).toContain('0190a1b2-0000-7000-8000-123456789012');
    const args = decoded(1, (a) => a.acceptedRequest.input.args.payloads[0]);
    expect(args).toMatchObject({ taskId: 'c1-t1', action: 'APPROVE', amount: 12, officer: { department: 'employment', roles: ['officer'] } });
    expect(args.officer.id).toMatch(/^staff-[0-9a-f]{8}$/);
    expect(args.reason).toMatch(/^\[redacted [0-9a-f]{6}\]$/);
    expect(args.note2).toMatch(/^\[redacted/); // an unknown Update field is personal until proven otherwise
    const input = decoded(4, (a) => a.input.payloads[0]);
    expect(input.decidedBy.officerId).toBe(args.officer.id);
    expect(input.caseId).toBe('c123456789012345678ab');
    expect(decoded(2, (a) => a.acceptedRequest.input.args.payloads[0])).toMatchObject({ submissionId: 's-1', answers: { phone: expect.stringMatching(/^\[redacted/), name: expect.stringMatching(/^\[redacted/) } });
  });

  it('is deterministic: the same history and key give the same bytes', () => {
    expect(JSON.stringify(createScrubber({ key: 'test-key' }).history(history))).toBe(text);
  });
});

describe('scrubbing an officer claim', () => {
  const token = (payload: object) =>
    [{ alg: 'EdDSA', kid: 'k1', typ: 'qyzmet-officer-claim' }, payload].map((x) => Buffer.from(JSON.stringify(x)).toString('base64url')).join('.') + '.c2lnbmF0dXJl';
  const claimed = { v: 1, sub: 'officer-dana', dept: 'employment', roles: ['officer'], wid: `case-${realIin}`, upd: 'resolveTask', uid: 'u-1', arg: 'x', iat: 1, exp: 61 };
  const update = (claim: string): HistoryJson => ({
    events: [
      {
        eventId: '5',
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        workflowExecutionUpdateAcceptedEventAttributes: {
          acceptedRequest: { meta: { updateId: 'u-1' }, input: { name: 'resolveTask', args: { payloads: [payload({ taskId: 't1', action: 'APPROVE', claim })] } } },
        },
      },
    ],
  });
  const argOf = (h: HistoryJson) =>
    unb64((h.events as any[])[0].workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest.input.args.payloads[0].data) as { claim: string };

  it('keeps the claim decodable for replay, with the officer pseudonymised as elsewhere and no signature', () => {
    const scrubber = createScrubber({ key: 'test-key' });
    const out = argOf(scrubber.history(update(token(claimed)))).claim;
    const [, body, signature] = out.split('.');
    const decoded = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    expect(decoded).toMatchObject({ sub: new Pseudonyms('test-key').actor('officer-dana'), dept: 'employment', roles: ['officer'], upd: 'resolveTask' });
    expect(decoded.wid).not.toContain(realIin);
    expect(signature).toBe('scrubbed');
    expect(out).not.toContain('officer-dana');
  });

  it('pseudonymises whatever is not a claim', () => {
    const out = argOf(createScrubber({ key: 'test-key' }).history(update('officer-dana forged'))).claim;
    expect(out).not.toContain('officer-dana');
  });
});
