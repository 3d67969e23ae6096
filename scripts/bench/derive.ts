/**
 * Reads the platform's case shapes from real runs: one automatic approval and one officer review
 * (resolved through the resolveTask Update), with the platform worker measuring the local
 * activities' input sizes, which history does not record.
 */
import { decodeHistory } from '../../lib/temporal/history/decode.ts';
import type { Client } from '@temporalio/client';
import type { IntakeDeps } from '../../api/intake/start-case.ts';
import { signOfficerUpdate, type ClaimSigner } from '../../lib/claims/sign-claim.ts';
import { caseStateQuery, resolveTaskUpdate, type ResolveTaskInput, type TaskState } from '../../workflows/messages.ts';
import { FIRST_ACTIVITY, type CaseKind } from './baseline/protocol.ts';
import type { ChildHandle } from './rpc.ts';
import { deriveShape, type WorkflowShape } from './shape.ts';
import { platformTarget } from './systems.ts';

export async function waitForOpenTask(client: Client, workflowId: string, timeoutMs = 30_000): Promise<TaskState> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const state = await client.workflow.getHandle(workflowId).query(caseStateQuery);
      last = state.status;
      const task = state.tasks.find((t) => t.status === 'OPEN');
      if (task) return task;
      if (state.decision) throw new Error(`case ${workflowId} was decided without review (${state.status})`);
    } catch (e) {
      if ((e as Error).message.includes('decided without review')) throw e;
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`case ${workflowId} opened no officer task within ${timeoutMs} ms (last: ${String(last)})`);
}

/**
 * A supervisor of the task's department may resolve without claiming first: one Update per case,
 * with its signed claim. The bench's reviewed case (a person no registry knows) is refused: an
 * approval would need an amount the officer states, which four-eyes sends to a second reviewer.
 */
export function resolveReview(client: Client, signer: ClaimSigner, workflowId: string, task: TaskState) {
  const input: ResolveTaskInput = { taskId: task.taskId, action: 'DENY', reason: 'bench: no registry holds the applicant', grounds: ['NOT_REGISTERED_UNEMPLOYED'] };
  const officer = { id: 'bench-supervisor', department: task.department, roles: ['supervisor'] };
  const signed = signOfficerUpdate(signer, { officer, workflowId, updateName: resolveTaskUpdate.name, input });
  return client.workflow.getHandle(workflowId).executeUpdate(resolveTaskUpdate, { args: [signed.input], updateId: signed.updateId });
}

/** Both sample cases end refused: the automatic one by the rules, the reviewed one by its officer. */
const SAMPLE_OUTCOME: Record<CaseKind, string> = { auto: 'DENIED', review: 'DENIED' };

export interface DerivedShapes {
  shapes: Record<CaseKind, WorkflowShape>;
  sampleIds: Record<CaseKind, string>;
}

export async function deriveShapes(client: Client, intake: IntakeDeps, platform: ChildHandle, signer: ClaimSigner): Promise<DerivedShapes> {
  const run = async (kind: CaseKind) => {
    await platform.call('sizes', { on: true });
    const target = platformTarget('A', client, intake, kind);
    const id = await target.start();
    if (kind === 'review') {
      const task = await waitForOpenTask(client, id);
      await resolveReview(client, signer, id, task);
    }
    const result = (await client.workflow.getHandle(id).result()) as { status: string };
    if (result.status !== SAMPLE_OUTCOME[kind]) throw new Error(`the ${kind} sample case ended ${result.status}, expected ${SAMPLE_OUTCOME[kind]}`);
    const sizes = await platform.call<Record<string, number[]>>('sizes', { on: false });
    const history = await decodeHistory(await client.workflow.getHandle(id).fetchHistory(), client.options.loadedDataConverter.payloadCodecs);
    const shape = deriveShape(history, new Map(Object.entries(sizes)));
    if (shape.first.type !== FIRST_ACTIVITY) throw new Error(`baseline: the case's first activity is ${shape.first.type}, expected ${FIRST_ACTIVITY}`);
    if (kind === 'review' && !shape.update) throw new Error('baseline: the review sample case shows no Update in its history');
    return { shape, id };
  };
  const auto = await run('auto');
  const review = await run('review');
  return { shapes: { auto: auto.shape, review: review.shape }, sampleIds: { auto: auto.id, review: review.id } };
}
