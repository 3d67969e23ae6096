/**
 * The two systems under comparison, as load targets: A = a Qyzmet case (intake as the GraphQL
 * mutation does it, then the case workflow on the platform worker), B = the bare baseline
 * workflow with the same activity pattern on its own task queue.
 */
import { randomInt } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { makeIin } from '../../lib/iin.ts';
import { kzDate } from '../../lib/kz-time.ts';
import { startCase, type IntakeDeps, type StartCaseInput } from '../../api/intake/start-case.ts';
import { getDataset } from '../../registries/index.ts';
import { caseWorkflowId } from '../../workflows/messages.ts';
import { BASELINE_WORKFLOW, type BaselineInput, type CaseKind } from './baseline/protocol.ts';
import type { LoadTarget } from './load.ts';
import type { WorkflowShape } from './shape.ts';

export const CLIENT_ID = 'bench';
let counter = 0;
const runTag = Date.now().toString(36);
export const nextRequestId = (): string => `${runTag}-${++counter}`;

/**
 * Applications, one new entitlement per request (each is granted once, so a repeated child or job
 * loss would be refused at intake): an automatic decision — a birth allowance for a child the
 * civil registry does not know, denied by the rules (BA-01, BA-02) with the same registry calls,
 * evaluation, signature and notification as an approval — and a case an officer must decide: a
 * job-loss payment for a person no registry knows.
 */
const daysAgo = (days: number) => kzDate(new Date(Date.now() - days * 86_400_000));

// Each process (the bench, its worker and API children) starts at its own random offset: a
// counter from 0 in every process would apply twice for the same child, and the second
// application would wait for an officer (ENTITLEMENT_PENDING) instead of being decided.
let unknownPeople = randomInt(0, 1_000_000);
/** A valid IIN no registry holds, different on every call (a new birth date every 9 000). */
function unknownIin(firstBirthDate: string, sex: 'M' | 'F'): string {
  const n = unknownPeople++;
  const [y, m, d] = firstBirthDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d - Math.floor(n / 9000))).toISOString().slice(0, 10);
  return makeIin(date, sex, 1000 + (n % 9000), { onUnissuable: 'next' });
}

export function applications(): Record<CaseKind, Omit<StartCaseInput, 'clientId' | 'clientRequestId'>> {
  const { personas } = getDataset();
  // Both cases end refused, and a refusal is heard first: the bench measures the engine, not the
  // citizen's three working days, so the hearing window passes at once (one timer).
  const timing = { hearingWindowMs: 1 };
  return {
    auto: { serviceCode: 'birth-allowance', applicantIin: personas.newbornMother.iin, application: { childIin: unknownIin(daysAgo(10), 'F') }, language: 'ru', timing },
    // No person record: the rules cannot decide, so an officer does (the tested review path).
    review: { serviceCode: 'job-loss-payment', applicantIin: unknownIin('1985-06-15', 'M'), application: { jobLossDate: daysAgo(20) }, language: 'ru', timing },
  };
}

export function waitResult(client: Client) {
  return async (workflowId: string) => {
    await client.workflow.getHandle(workflowId).result();
  };
}

/** A: intake (validation, catalog, case row, workflow start) then the case workflow, as `startCase` runs it. */
export function platformTarget(label: string, client: Client, intake: IntakeDeps, kind: CaseKind = 'auto'): LoadTarget {
  return {
    label,
    start: async () => caseWorkflowId((await startCase(intake, { ...applications()[kind], clientId: CLIENT_ID, clientRequestId: nextRequestId() })).caseId),
    wait: waitResult(client),
  };
}

/** A through a worker process's own intake (the embedded database admits only that process). */
export function childIntakeTarget(label: string, client: Client, call: (input: StartCaseInput) => Promise<string>, kind: CaseKind = 'auto'): LoadTarget {
  return {
    label,
    start: async () => caseWorkflowId(await call({ ...applications()[kind], clientId: CLIENT_ID, clientRequestId: nextRequestId() })),
    wait: waitResult(client),
  };
}

export function baselineInput(shape: WorkflowShape, kind: CaseKind): BaselineInput {
  const bare = JSON.stringify({ kind, first: shape.first.inBytes, p: '' }).length;
  return { kind, first: shape.first.inBytes, p: 'x'.repeat(Math.max(shape.inputBytes - bare, 0)) };
}

export function baselineTarget(label: string, client: Client, taskQueue: string, shape: WorkflowShape, kind: CaseKind = 'auto'): LoadTarget {
  const input = baselineInput(shape, kind);
  return {
    label,
    start: async () => {
      const workflowId = `baseline-${nextRequestId()}`;
      await client.workflow.start(BASELINE_WORKFLOW, { taskQueue, workflowId, args: [input] });
      return workflowId;
    },
    wait: waitResult(client),
  };
}
