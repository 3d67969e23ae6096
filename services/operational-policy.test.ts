import { describe, expect, it } from 'vitest';
import { catalog } from './catalog/index.ts';
import { DEFAULT_LEVEL_SLAS, InvalidOperationalPolicy, operationalPolicyOf } from './operational-policy.ts';

const service = {
  code: 'job-loss-payment',
  department: 'employment',
  escalation: { candidateGroup: { department: 'employment', role: 'officer' }, supervisorGroup: { department: 'employment', role: 'supervisor' } },
};

describe('the operational policy', () => {
  it('defaults to officer group → supervisor group → head of department, in working days, and another officer for a second review', () => {
    expect(operationalPolicyOf(service)).toEqual({
      escalationChain: [
        { department: 'employment', role: 'officer', sla: '3 working days' },
        { department: 'employment', role: 'supervisor', sla: '2 working days' },
        { department: 'employment', role: 'head', sla: '2 working days' },
      ],
      secondReviewBySupervisor: false,
    });
    expect(DEFAULT_LEVEL_SLAS).toHaveLength(3);
  });

  it('takes a department’s chain, and a service’s own over it', () => {
    const departments = { employment: { escalationChain: [{ role: 'officer', sla: '5 working days' }, { role: 'head', sla: 'PT4H' }], secondReviewBySupervisor: true } };
    expect(operationalPolicyOf(service, { departments })).toEqual({
      escalationChain: [
        { department: 'employment', role: 'officer', sla: '5 working days' },
        { department: 'employment', role: 'head', sla: 'PT4H' },
      ],
      secondReviewBySupervisor: true,
    });
    const services = { 'job-loss-payment': { escalationChain: [{ role: 'officer', sla: '1 working day' }], secondReviewBySupervisor: false } };
    expect(operationalPolicyOf(service, { departments, services })).toEqual({ escalationChain: [{ department: 'employment', role: 'officer', sla: '1 working day' }], secondReviewBySupervisor: false });
  });

  it('refuses an SLA that is not a deadline, and an empty chain', () => {
    expect(() => operationalPolicyOf(service, { departments: { employment: { escalationChain: [{ role: 'officer', sla: 'three days' }] } } })).toThrow(InvalidOperationalPolicy);
    expect(() => operationalPolicyOf(service, { departments: { employment: { escalationChain: [] } } })).toThrow(InvalidOperationalPolicy);
  });

  it('holds for every service in the catalog', () => {
    for (const def of catalog) expect(operationalPolicyOf(def).escalationChain.length).toBeGreaterThanOrEqual(1);
  });
});
