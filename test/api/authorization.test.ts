/**
 * The authorisation matrix: every role × department × operation, `node(id)` and list filters
 * included, against the table below. An allowed action is sent with an input the domain rejects
 * (a bad IIN, a task someone else holds), so the matrix changes nothing but its last row — and
 * the code it gets back (INVALID_STATE, VALIDATION_FAILED …) proves it passed authorisation.
 * Every refusal must add exactly one entry to the security audit stream, and a refused update
 * must leave the workflow's history untouched.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { applications, caseInReview, citizenProof, decidedCase, employmentCaseInReview, offeredCase } from './support/fixtures.ts';
import { expectOk, ROLES, startHarness, type GqlResult, type Harness, type Role } from './support/harness.ts';
import * as op from '../../api/client/operations.ts';
import { subscribe } from './support/sse.ts';

const F = 'FORBIDDEN';
const U = 'UNAUTHENTICATED';
const OK = 'OK';

/** Expected outcome per role, in the order of ROLES: frontendA, frontendB, officerSocial, officerEmployment, supervisorSocial, engineer, anonymous. */
const EXPECTED: Record<string, string[]> = {
  //                                 front-end A     front-end B     officer social      officer employment  supervisor social   engineer            anonymous
  'services':                        [OK,            OK,             OK,                 OK,                 OK,                 OK,                 U],
  'viewer':                          [OK,            OK,             OK,                 OK,                 OK,                 OK,                 U],
  'case(social, A)':                 [OK,            F,              OK,                 F,                  OK,                 OK,                 U],
  'case(employment, A)':             [OK,            F,              F,                  OK,                 F,                  OK,                 U],
  'case(social, B, decided)':        [F,             OK,             OK,                 F,                  OK,                 OK,                 U],
  'case(proactive offer)':           [OK,            F,              OK,                 F,                  OK,                 OK,                 U],
  'case(social, A).openTasks':       [F,             F,              OK,                 F,                  OK,                 OK,                 U],
  'node(Case social A)':             [OK,            F,              OK,                 F,                  OK,                 OK,                 U],
  'node(Task social)':               [F,             F,              OK,                 F,                  OK,                 OK,                 U],
  'node(Task employment)':           [F,             F,              F,                  OK,                 F,                  OK,                 U],
  'node(Decision social B)':         [F,             OK,             OK,                 F,                  OK,                 OK,                 U],
  'cases: visible fixtures':         ['OK CA CE CP', 'OK CB SB',     'OK CA CB CP SB',   'OK CE',            'OK CA CB CP SB',   'OK CA CB CE CP SB', U],
  'cases(department: employment)':   ['OK CE',       'OK',           F,                  'OK CE',            F,                  'OK CE',            U],
  'tasks(MY_GROUPS): visible':       [F,             F,              'OK SB',            'OK CE',            'OK SB',            F,                  U],
  'caseHistory(social A)':           [F,             F,              F,                  F,                  F,                  OK,                 U],
  'caseHistoryExport(social B)':     [F,             F,              F,                  F,                  F,                  OK,                 U],
  'caseHistoryExport(scrub)':        [F,             F,              F,                  F,                  F,                  OK,                 U],
  'replayCase(social B)':            [F,             F,              F,                  F,                  F,                  OK,                 U],
  'reevaluateCase(social B, v3)':    [F,             F,              F,                  F,                  F,                  OK,                 U],
  'previewReevaluation(birth)':      [F,             F,              F,                  F,                  F,                  OK,                 U],
  'auditLog(social A)':              [F,             F,              F,                  F,                  OK,                 OK,                 U],
  'auditLog(employment A)':          [F,             F,              F,                  F,                  F,                  OK,                 U],
  'securityAuditLog':                [F,             F,              F,                  F,                  F,                  OK,                 U],
  'caseUpdated(social A)':           [OK,            F,              OK,                 F,                  OK,                 OK,                 U],
  'previewReevaluationProgress(birth)': [F,          F,              F,                  F,                  F,                  OK,                 U],
  'startCase(bad IIN)':              ['INVALID_IIN', 'INVALID_IIN',  F,                  F,                  F,                  F,                  U],
  'submitLifeEvent(bad IIN)':        ['INVALID_IIN', F,              F,                  F,                  F,                  F,                  U],
  'respondToOffer(social A)':        ['INVALID_STATE', F,            F,                  F,                  F,                  F,                  U],
  'provideInformation(social A)':    ['INVALID_STATE', F,            F,                  F,                  F,                  F,                  U],
  'attachDocument(social A)':        ['INVALID_STATE', F,            F,                  F,                  F,                  F,                  U],
  'withdrawCase(social B, decided)': [F,             'INVALID_STATE', F,                 F,                  F,                  F,                  U],
  'claimTask(social, held)':         [F,             F,              'INVALID_STATE',    F,                  'INVALID_STATE',    F,                  U],
  'releaseTask(employment, open)':   [F,             F,              F,                  'INVALID_STATE',    F,                  F,                  U],
  'reassignTask(social, no one)':    [F,             F,              F,                  F,                  'VALIDATION_FAILED', F,                 U],
  'reassignTask(employment)':        [F,             F,              F,                  F,                  F,                  F,                  U],
  'resolveTask(social, no reason)':  [F,             F,              'VALIDATION_FAILED', F,                 'VALIDATION_FAILED', F,                 U],
  'resolveTask(employment, no reason)': [F,          F,              F,                  'VALIDATION_FAILED', F,                 F,                  U],
  'reissuePayment(unknown task)':    [F,             F,              'NOT_FOUND',        'NOT_FOUND',        'NOT_FOUND',        F,                  U],
  'createApiKey(no name)':           [F,             F,              F,                  F,                  F,                  'VALIDATION_FAILED', U],
  'revokeApiKey(unknown)':           [F,             F,              F,                  F,                  F,                  'NOT_FOUND',        U],
  'approveApiKey(unknown)':          [F,             F,              F,                  F,                  F,                  'NOT_FOUND',        U],
  'apiKeys(PENDING)':                [F,             F,              F,                  F,                  F,                  OK,                 U],
  'populationSweeps':                [F,             F,              F,                  F,                  OK,                 OK,                 U],
  // Last: the only allowed action here that succeeds (a supervisor takes the task back).
  'releaseTask(social, held)':       [F,             F,              F,                  F,                  OK,                 F,                  U],
};

let h: Harness;
/** Fixture cases: CA, CE (front-end A; social-payments, employment), CB (front-end B, decided), SB (B, in review), CP (proactive offer). */
const fx = {} as Record<'CA' | 'CE' | 'CB' | 'SB' | 'CP', string> & { TA: string; TE: string; TSB: string; decisionCB: string };
/** The applicant of CA signed in at front-end A: an answer passes authorisation, and the workflow refuses it (CA is no offer). */
let proofCA: { kind: string; reference: string };

beforeAll(async () => {
  h = await startHarness();
  const [ca, ce, cb, sb, cp] = await Promise.all([
    caseInReview(h, 'frontendA', applications(h).fourEyes),
    employmentCaseInReview(h, 'frontendA'),
    decidedCase(h, 'frontendB'),
    caseInReview(h, 'frontendB', applications(h).fourEyes),
    offeredCase(h),
  ]);
  Object.assign(fx, { CA: ca.caseId, TA: ca.taskId, CE: ce.caseId, TE: ce.taskId, CB: cb, SB: sb.caseId, TSB: sb.taskId, CP: cp.caseId });
  fx.decisionCB = (await h.engine.db.prisma.decision.findFirstOrThrow({ where: { caseId: cb } })).id;
  proofCA = await citizenProof(h, (await h.engine.db.prisma.case.findUniqueOrThrow({ where: { id: fx.CA } })).applicantIin);
  // The social task is held by another officer, so claiming it is a state error, not a success.
  const other = { authorization: `Bearer ${await h.token({ sub: 'officer-other', roles: ['officer'], department: 'social-payments' })}` };
  expectOk(await h.gql(other, op.CLAIM, { taskId: fx.TA }));
}, 180_000);
afterAll(async () => h?.close());

function label(ids: string[]): string {
  const names = Object.entries(fx).filter(([k, v]) => ['CA', 'CE', 'CB', 'SB', 'CP'].includes(k) && ids.includes(v)).map(([k]) => k).sort();
  return ['OK', ...names].join(' ');
}

/** OK, or the code: of the top-level error, else of the mutation's error union member. */
function outcomeOf(result: GqlResult): string {
  const code = result.body.errors?.[0]?.extensions?.code;
  if (code) return code;
  const member = Object.values(result.body.data ?? {})[0] as { __typename?: string; code?: string } | null;
  return member?.code ?? OK;
}

type Operation = { run: (role: Role) => Promise<string>; workflowOf?: () => string };
const send = (query: string, vars: () => Record<string, unknown>) => async (role: Role) => outcomeOf(await h.gql(role, query, vars()));
const listed = (query: string, vars: () => Record<string, unknown>, ids: (data: any) => string[]) => async (role: Role) => {
  const result = await h.gql(role, query, vars());
  const outcome = outcomeOf(result);
  return outcome === OK ? label(ids(result.body.data)) : outcome;
};

const OPERATIONS: Record<string, Operation> = {
  'services': { run: send(op.SERVICES, () => ({})) },
  'viewer': { run: send(op.VIEWER, () => ({})) },
  'case(social, A)': { run: send(op.CASE, () => ({ id: fx.CA })) },
  'case(employment, A)': { run: send(op.CASE, () => ({ id: fx.CE })) },
  'case(social, B, decided)': { run: send(op.CASE, () => ({ id: fx.CB })) },
  'case(proactive offer)': { run: send(op.CASE, () => ({ id: fx.CP })) },
  'case(social, A).openTasks': { run: send(op.CASE_WITH_TASKS, () => ({ id: fx.CA })) },
  'node(Case social A)': { run: send(op.NODE, () => ({ id: encodeGlobalID('Case', fx.CA) })) },
  'node(Task social)': { run: send(op.NODE, () => ({ id: encodeGlobalID('Task', fx.TA) })) },
  'node(Task employment)': { run: send(op.NODE, () => ({ id: encodeGlobalID('Task', fx.TE) })) },
  'node(Decision social B)': { run: send(op.NODE, () => ({ id: encodeGlobalID('Decision', fx.decisionCB) })) },
  'cases: visible fixtures': { run: listed(op.CASES, () => ({ first: 100 }), (d) => d.cases.edges.map((e: any) => e.node.caseId)) },
  'cases(department: employment)': { run: listed(op.CASES, () => ({ first: 100, filter: { department: 'employment' } }), (d) => d.cases.edges.map((e: any) => e.node.caseId)) },
  'tasks(MY_GROUPS): visible': { run: listed(op.TASKS, () => ({ filter: 'MY_GROUPS', first: 100 }), (d) => d.tasks.edges.map((e: any) => e.node.case.caseId)) },
  'caseHistory(social A)': { run: send(op.HISTORY, () => ({ caseId: fx.CA, first: 5 })) },
  'caseHistoryExport(social B)': { run: send(op.HISTORY_EXPORT, () => ({ caseId: fx.CB })) },
  'caseHistoryExport(scrub)': { run: send(op.HISTORY_EXPORT, () => ({ caseId: fx.CB, scrub: true })) },
  'replayCase(social B)': { run: send(op.REPLAY_CASE, () => ({ caseId: fx.CB })) },
  'reevaluateCase(social B, v3)': { run: send(op.REEVALUATE_CASE, () => ({ input: { caseId: fx.CB, version: 5 } })) },
  'previewReevaluation(birth)': { run: send(op.PREVIEW_REEVALUATION, () => ({ input: { serviceCode: 'birth-allowance', version: 5 } })) },
  'auditLog(social A)': { run: send(op.AUDIT, () => ({ caseId: fx.CA })) },
  'auditLog(employment A)': { run: send(op.AUDIT, () => ({ caseId: fx.CE })) },
  'securityAuditLog': { run: send(op.SECURITY_AUDIT, () => ({ last: 1 })) },
  'caseUpdated(social A)': {
    run: async (role) => {
      const stream = await subscribe(h, h.credentials[role], op.CASE_UPDATED, { caseId: fx.CA });
      const first = await stream.next();
      await stream.cancel();
      return first?.errors?.[0]?.extensions?.code ?? (first?.data?.caseUpdated ? OK : 'NOTHING');
    },
  },
  'previewReevaluationProgress(birth)': {
    run: async (role) => {
      const stream = await subscribe(h, h.credentials[role], op.PREVIEW_REEVALUATION_PROGRESS, { input: { serviceCode: 'birth-allowance', version: 5, limit: 5 } });
      const first = await stream.next();
      await stream.cancel();
      return first?.errors?.[0]?.extensions?.code ?? (first?.data?.previewReevaluationProgress ? OK : 'NOTHING');
    },
  },
  'startCase(bad IIN)': { run: send(op.START_CASE, () => ({ input: { clientRequestId: 'matrix', ...applications(h).autoApproved, applicantIin: '900101300001' } })) },
  'submitLifeEvent(bad IIN)': {
    run: send(op.SUBMIT_LIFE_EVENT, () => ({ input: { eventId: 'matrix', type: 'BIRTH_REGISTERED', source: 'civil-registry', subjectIin: '123', payload: {} } })),
  },
  'respondToOffer(social A)': { run: send(op.RESPOND_TO_OFFER, () => ({ caseId: fx.CA, consent: true, proof: proofCA })), workflowOf: () => fx.CA },
  'provideInformation(social A)': { run: send(op.PROVIDE_INFORMATION, () => ({ input: { caseId: fx.CA, submissionId: 's', answers: { a: 'b' } } })), workflowOf: () => fx.CA },
  // A well-formed PNG: the refusal is the case's, not the document's.
  'attachDocument(social A)': { run: send(op.ATTACH_DOCUMENT, () => ({ input: { caseId: fx.CA, contentType: 'image/png', contentBase64: 'iVBORw0KGgoAAAAN' } })), workflowOf: () => fx.CA },
  'withdrawCase(social B, decided)': { run: send(op.WITHDRAW, () => ({ caseId: fx.CB, reason: 'matrix' })) },
  'claimTask(social, held)': { run: send(op.CLAIM, () => ({ taskId: fx.TA })), workflowOf: () => fx.CA },
  'releaseTask(employment, open)': { run: send(op.RELEASE, () => ({ taskId: fx.TE })), workflowOf: () => fx.CE },
  'reassignTask(social, no one)': { run: send(op.REASSIGN, () => ({ taskId: fx.TA, assignee: ' ' })), workflowOf: () => fx.CA },
  'reassignTask(employment)': { run: send(op.REASSIGN, () => ({ taskId: fx.TE, assignee: 'officer-dana' })), workflowOf: () => fx.CE },
  'resolveTask(social, no reason)': { run: send(op.RESOLVE, () => ({ input: { taskId: fx.TA, action: 'APPROVE', reason: 'x' } })), workflowOf: () => fx.CA },
  'resolveTask(employment, no reason)': { run: send(op.RESOLVE, () => ({ input: { taskId: fx.TE, action: 'DENY', reason: 'x', grounds: ['NOT_REGISTERED_UNEMPLOYED'] } })), workflowOf: () => fx.CE },
  'reissuePayment(unknown task)': { run: send(op.REISSUE_PAYMENT, () => ({ input: { taskId: 'task_payrej_none', iban: 'KZ86125KZT5004100100', reason: 'matrix' } })) },
  'createApiKey(no name)': { run: send(op.CREATE_API_KEY, () => ({ input: { name: ' ', clientId: 'matrix-client', scopes: ['CASES_READ'] } })) },
  'revokeApiKey(unknown)': { run: send(op.REVOKE_API_KEY, () => ({ id: 'key_00000000' })) },
  'approveApiKey(unknown)': { run: send(op.APPROVE_API_KEY, () => ({ id: 'key_00000000' })) },
  'apiKeys(PENDING)': { run: send(op.API_KEYS, () => ({ status: 'PENDING' })) },
  'populationSweeps': { run: send(op.POPULATION_SWEEPS, () => ({ first: 5 })) },
  'releaseTask(social, held)': { run: send(op.RELEASE, () => ({ taskId: fx.TA })), workflowOf: () => fx.CA },
};

const securityEntries = () => h.engine.db.prisma.auditEntry.count({ where: { stream: 'security' } });
const historyLength = async (caseId: string) => (await h.engine.client.workflow.getHandle(caseWorkflowId(caseId)).describe()).historyLength;

describe('authorisation matrix', () => {
  it('covers every operation of the schema', () => {
    expect(Object.keys(OPERATIONS)).toEqual(Object.keys(EXPECTED));
    const mentioned = Object.keys(EXPECTED).join(' ');
    for (const field of ['services', 'viewer', 'case', 'cases', 'tasks', 'node', 'caseHistory', 'caseHistoryExport', 'replayCase', 'reevaluateCase', 'previewReevaluation', 'auditLog', 'securityAuditLog', 'caseUpdated', 'previewReevaluationProgress', 'startCase', 'submitLifeEvent', 'respondToOffer', 'attachDocument', 'provideInformation', 'withdrawCase', 'claimTask', 'releaseTask', 'reassignTask', 'resolveTask', 'reissuePayment', 'createApiKey', 'revokeApiKey', 'approveApiKey', 'apiKeys', 'populationSweeps']) {
      expect(mentioned, field).toContain(field);
    }
  });

  it('matches the expected table; each refusal (access or input) is audited once, and no refused update reaches the workflow', async () => {
    const actual: Record<string, string[]> = {};
    const problems: string[] = [];
    for (const [name, operation] of Object.entries(OPERATIONS)) {
      actual[name] = [];
      for (const [i, role] of ROLES.entries()) {
        const before = await securityEntries();
        const events = operation.workflowOf ? await historyLength(operation.workflowOf()) : 0;
        const outcome = await operation.run(role);
        actual[name].push(outcome);
        const written = (await securityEntries()) - before;
        // Refused access and refused input are both security events (one entry per request).
        const refused = outcome === F || outcome === U || outcome === 'VALIDATION_FAILED';
        if (written !== (refused ? 1 : 0)) problems.push(`${name} as ${role}: ${outcome} wrote ${written} security entries`);
        if (operation.workflowOf && EXPECTED[name]![i] !== OK && (await historyLength(operation.workflowOf())) !== events) {
          problems.push(`${name} as ${role}: ${outcome} changed the workflow history`);
        }
      }
    }
    expect(actual).toEqual(EXPECTED);
    expect(problems).toEqual([]);
    const chain = expectOk(await h.gql('engineer', op.SECURITY_AUDIT, { last: 1 })).securityAuditLog as any;
    expect(chain.verification.ok).toBe(true);
  });
});
