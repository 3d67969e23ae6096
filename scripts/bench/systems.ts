/**
 * The two systems under comparison, as load targets: A = a Qyzmet case (intake as the GraphQL
 * mutation does it, then the case workflow on the platform worker), B = the bare baseline
 * workflow with the same activity pattern on its own task queue.
 */
import type { Client } from '@temporalio/client';
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

/** Applications: an automatic approval (birth allowance, newborn's mother) and a case an officer must decide. */
const daysAgo = (days: number) => kzDate(new Date(Date.now() - days * 86_400_000));

export function applications(): Record<CaseKind, Omit<StartCaseInput, 'clientId' | 'clientRequestId'>> {
  const { personas } = getDataset();
  return {
    auto: { serviceCode: 'birth-allowance', applicantIin: personas.newbornMother.iin, application: { childIin: personas.newbornMother.childIin }, language: 'ru' },
    // No employment record: the rules cannot decide, so an officer does (the tested review path).
    review: { serviceCode: 'job-loss-payment', applicantIin: personas.notFoundEmployment.iin, application: { jobLossDate: daysAgo(20) }, language: 'ru' },
  };
}

export function waitResult(client: Client) {
  return async (workflowId: string) => {
    await client.workflow.getHandle(workflowId).result();
  };
}

/** A: intake (validation, catalog, case row, workflow start) then the case workflow, as `startCase` runs it. */
export function platformTarget(label: string, client: Client, intake: IntakeDeps, kind: CaseKind = 'auto'): LoadTarget {
  const app = applications()[kind];
  return {
    label,
    start: async () => caseWorkflowId((await startCase(intake, { ...app, clientId: CLIENT_ID, clientRequestId: nextRequestId() })).caseId),
    wait: waitResult(client),
  };
}

/** A through a worker process's own intake (the embedded database admits only that process). */
export function childIntakeTarget(label: string, client: Client, call: (input: StartCaseInput) => Promise<string>, kind: CaseKind = 'auto'): LoadTarget {
  const app = applications()[kind];
  return {
    label,
    start: async () => caseWorkflowId(await call({ ...app, clientId: CLIENT_ID, clientRequestId: nextRequestId() })),
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
