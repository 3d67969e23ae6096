/**
 * A minimal valid definition for engine and validation tests: each test overrides only the part
 * it exercises, so a failure points at the engine, not at a catalog service's details.
 */
import { STANDARD_NOTIFICATIONS } from '../catalog/common.ts';
import type { ServiceDefinition } from '../definition.ts';

const text = (en: string) => ({ kk: `${en} (kk)`, ru: `${en} (ru)`, en });

export function toyDefinition(overrides: Partial<ServiceDefinition> = {}): ServiceDefinition {
  return {
    code: 'toy-benefit',
    version: 1,
    effectiveFrom: '2025-01-01',
    effectiveTo: null,
    department: 'social-payments',
    title: text('Toy benefit'),
    description: text('A benefit for tests'),
    legalFact: { from: 'field', field: 'eventDate' },
    input: [{ name: 'eventDate', type: 'date', required: true, label: text('Event date') }],
    evidence: [
      { key: 'person', query: 'civil.person', params: { iin: 'applicant.iin' }, required: true },
      { key: 'bank', query: 'bank.account', params: { iin: 'applicant.iin' }, required: false },
    ],
    parameters: [{ name: 'mci', values: [{ from: '2025-01-01', to: '2025-12-31', value: 3932 }] }],
    derived: [],
    crossChecks: [],
    rules: [
      {
        id: 'TY-01',
        expression: '!evidence.person.deceased',
        legalBasis: { act: 'Toy Act', article: 'Article 1' },
        text: text('Applicant alive'),
        failText: text('Applicant deceased'),
      },
      {
        id: 'TY-02',
        expression: 'today <= addMonths(legalFactDate, 1)',
        legalBasis: { act: 'Toy Act', article: 'Article 2', clause: 'paragraph 1' },
        text: text('Applied within a month'),
        failText: text('Applied too late'),
      },
    ],
    decision: { amount: '10.0 * params.mci', monthly: false, currency: 'KZT' },
    escalation: {
      candidateGroup: { department: 'social-payments', role: 'officer' },
      supervisorGroup: { department: 'social-payments', role: 'supervisor' },
      sla: 'P3D',
      supervisorSla: 'P2D',
      fourEyesThreshold: 500_000,
      conditions: [],
      informationDeadline: 'P10D',
    },
    notifications: STANDARD_NOTIFICATIONS,
    ...overrides,
  };
}
