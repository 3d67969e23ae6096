import { describe, expect, it } from 'vitest';
import type { Caller } from './caller.ts';
import { canClaim, canReadCase, canReadCaseAudit, canReassign, canRelease, canRespondToOffer, canActForCitizen, visibleCases, workingDepartment } from './policy.ts';

const frontend = (clientId: string, scopes: string[]): Caller => ({ kind: 'frontend', apiKeyId: `key_${clientId}`, clientId, name: clientId, scopes: scopes as never });
const staff = (sub: string, roles: string[], department: string | null): Caller => ({ kind: 'staff', sub, roles: roles as never, department });

const portal = frontend('portal', ['cases:read', 'cases:write', 'offers:respond']);
const ministry = frontend('ministry', ['cases:read']);
const officer = staff('o1', ['officer'], 'social-payments');
const supervisor = staff('s1', ['supervisor'], 'social-payments');
const engineer = staff('e1', ['engineer'], null);

const application = { clientId: 'portal', origin: 'APPLICATION', department: 'social-payments' };
const offer = { clientId: null, origin: 'PROACTIVE', department: 'social-payments', offerClientIds: ['portal'] };
const offerElsewhere = { ...offer, offerClientIds: ['kiosk'] };
const employment = { clientId: 'portal', origin: 'APPLICATION', department: 'employment' };

describe('case access', () => {
  it('lets a front-end see its own applications, and proactive offers only as the channel they were delivered through', () => {
    expect(canReadCase(portal, application)).toBe(true);
    expect(canReadCase(ministry, application)).toBe(false);
    expect(canReadCase(portal, offer)).toBe(true);
    expect(canReadCase(portal, offerElsewhere)).toBe(false);
    expect(canReadCase(portal, { ...offer, offerClientIds: undefined })).toBe(false);
    expect(canReadCase(ministry, offer)).toBe(false);
    expect(canReadCase(frontend('portal', ['cases:read']), offer)).toBe(false);
    expect(visibleCases(portal)).toEqual({ OR: [{ clientId: 'portal' }, { origin: 'PROACTIVE', offerClientIds: { has: 'portal' } }] });
    expect(visibleCases(frontend('x', ['life-events:write']))).toBeNull();
  });

  it('keeps officers and supervisors in their department, engineers everywhere', () => {
    expect(canReadCase(officer, application)).toBe(true);
    expect(canReadCase(officer, employment)).toBe(false);
    expect(canReadCase(engineer, employment)).toBe(true);
    expect(visibleCases(officer)).toEqual({ department: 'social-payments' });
    expect(visibleCases(engineer)).toEqual({});
    expect(workingDepartment(staff('x', ['officer'], null))).toBeNull();
    expect(visibleCases(staff('x', ['officer'], null))).toBeNull();
  });

  it('lets the citizen act through the front-end that holds their case', () => {
    expect(canActForCitizen(portal, application)).toBe(true);
    expect(canActForCitizen(frontend('portal', ['cases:read']), application)).toBe(false);
    expect(canRespondToOffer(portal, offer)).toBe(true);
    expect(canRespondToOffer(portal, offerElsewhere)).toBe(false);
    expect(canActForCitizen(portal, offerElsewhere)).toBe(false);
    expect(canRespondToOffer(ministry, offer)).toBe(false);
    expect(canActForCitizen(officer, application)).toBe(false);
  });

  it('opens case audit chains to supervisors of the department and engineers', () => {
    expect(canReadCaseAudit(supervisor, application)).toBe(true);
    expect(canReadCaseAudit(officer, application)).toBe(false);
    expect(canReadCaseAudit(supervisor, employment)).toBe(false);
    expect(canReadCaseAudit(engineer, employment)).toBe(true);
  });
});

describe('task actions', () => {
  const open = { department: 'social-payments', role: 'officer', status: 'OPEN', assignee: null };
  const held = { ...open, status: 'CLAIMED', assignee: 'o2' };
  const escalated = { ...open, role: 'supervisor' };

  it('lets the candidate group and the department supervisors claim; engineers never', () => {
    expect(canClaim(officer, open)).toBe(true);
    expect(canClaim(staff('o3', ['officer'], 'employment'), open)).toBe(false);
    expect(canClaim(officer, escalated)).toBe(false);
    expect(canClaim(supervisor, escalated)).toBe(true);
    expect(canClaim(engineer, open)).toBe(false);
  });

  it('lets only the holder or a supervisor release, and only supervisors reassign', () => {
    expect(canRelease(officer, held)).toBe(false);
    expect(canRelease(staff('o2', ['officer'], 'social-payments'), held)).toBe(true);
    expect(canRelease(supervisor, held)).toBe(true);
    expect(canReassign(officer, held)).toBe(false);
    expect(canReassign(supervisor, held)).toBe(true);
    expect(canReassign(staff('s2', ['supervisor'], 'employment'), held)).toBe(false);
  });
});
