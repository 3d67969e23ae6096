/**
 * The mutable state of one case, owned by one workflow run (never module-level: the V8 context is
 * shared between workflows). Every change that others must see goes through `project`, which
 * writes the step to the read model (idempotently, keyed by the step's sequence number).
 */
import { ActivityFailure, ApplicationFailure, log, setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { ACTIVITY_SUMMARY, caseCurrentDetails } from '../user-metadata.ts';
import { SA_STATUS } from '../../lib/temporal/search-attributes.ts';
import type { CasePlan, EvaluationSummary, NotifyInput, ProjectStepInput } from '../../activities/index.ts';
import { isLiveTask, taskIdOf, type CaseLiveState, type IssueDecisionBy, type SubmitObjectionInput, type CaseStatus, type DecisionSummary, type FailedStep, type FailedStepName, type InformationDocument, type TaskState } from '../messages.ts';
import { local, store } from './activities.ts';
import { untilItSucceeds } from './failed-step.ts';
import { isPatched } from '../patch-generations.ts';

/** A retryFailedStep accepted by the workflow: which failure, by whom, and where the case resumes. */
export interface RetryRequest {
  failure: number;
  step: FailedStepName;
  by: string;
  resumeStatus: CaseStatus;
}

/**
 * An unfavourable outcome awaiting its hearing (hearing.ts). PROPOSED: the refusal was reached
 * (automatically, or by an officer's DENY) and the main flow has yet to open the hearing — the
 * case counts as closed so the review and the decision loop stop; WINDOW: the citizen was told and
 * may object; HEARD: an objection was received and an officer decides, finally.
 */
export interface PreliminaryRefusal {
  phase: 'PROPOSED' | 'WINDOW' | 'HEARD';
  /** Who reached the refusal: the signed decision names them when silence makes it final. */
  decidedBy: IssueDecisionBy;
  /** The refusal grounds an officer named (an automatic refusal's follow from its failed rules). */
  grounds: string[];
  dueAt: string | null;
}

export type ProjectOptions = Omit<ProjectStepInput, 'caseId' | 'seq' | 'stepKey' | 'at'>;

export class CaseState {
  status: CaseStatus = 'RECEIVED';
  plan: CasePlan | null = null;
  tasks: TaskState[] = [];
  decision: DecisionSummary | null = null;
  evaluation: EvaluationSummary | null = null;
  /** The amount a first reviewer approved, awaiting the second approver (four-eyes). */
  pendingAmount: number | null = null;
  /** A decision is being issued: too late to withdraw. */
  deciding = false;
  escalationReasons: string[] = [];
  offerExpiresAt: string | null = null;
  consent: boolean | null = null;
  /** Offered as part of its life event's one offer: the bundle, not the case, talks to the citizen. */
  bundled = false;
  informationDueAt: string | null = null;
  informationProvided = false;
  withdrawn = false;
  /** The patch generation the case started under (workflows/patch-generations.ts); 0 for cases started before generations. */
  patchGeneration = 0;
  /** Whether an unfavourable outcome is first a preliminary refusal (hearing.ts); false for cases started before. */
  hearsBeforeRefusal = false;
  /** The preliminary refusal under hearing, if any (hearing.ts). */
  refusal: PreliminaryRefusal | null = null;
  /** The citizen's objection to it, once received. */
  objection: SubmitObjectionInput | null = null;
  /** Set by the officer handlers; the main flow acts on it. */
  informationRequested: string | null = null;
  /** The citizen's answers so far, kept for re-evaluation (information.ts); empty for cases before the patch. */
  readonly answers: Record<string, string> = {};
  /** Every document attached to an answer so far, with the submission it came with. */
  readonly documents: (InformationDocument & { submissionId: string })[] = [];
  /** Claims and reassignments per task, bounded so a hand-over loop cannot grow the history without end. */
  readonly handovers = new Map<string, number>();
  /** Whether a step that fails for good holds the case (failed-step.ts); false for cases started before. */
  holdsFailedSteps = false;
  /** The step that failed for good and holds the case in NEEDS_ATTENTION (failed-step.ts). */
  failedStep: FailedStep | null = null;
  /** The latest retryFailedStep accepted; its failure number, once written, and once answered. */
  retryRequest: RetryRequest | null = null;
  retryMarked = 0;
  retrySettled = 0;
  private failures = 0;
  private seq = 0;
  private taskCounter = 0;

  constructor(readonly caseId: string) {}

  now(): string {
    return new Date().toISOString(); // workflow time: deterministic on replay
  }

  nextTaskId(): string {
    this.taskCounter += 1;
    return taskIdOf(this.caseId, this.taskCounter);
  }

  openTask(): TaskState | undefined {
    return this.tasks.find(isLiveTask);
  }

  task(taskId: string): TaskState | undefined {
    return this.tasks.find((t) => t.taskId === taskId);
  }

  countHandover(taskId: string): void {
    this.handovers.set(taskId, (this.handovers.get(taskId) ?? 0) + 1);
  }

  get closed(): boolean {
    // A refusal just proposed stops the review and the decision loop; its hearing reopens the case.
    return this.decision !== null || this.withdrawn || this.refusal?.phase === 'PROPOSED';
  }

  nextFailure(): number {
    this.failures += 1;
    return this.failures;
  }

  /** The status the workflow holds and Temporal's visibility shows. */
  moveTo(status: CaseStatus): void {
    if (status === this.status) return;
    this.status = status;
    upsertSearchAttributes([{ key: SA_STATUS, value: status }]);
  }

  async project(step: ProjectOptions): Promise<void> {
    if (step.status) this.moveTo(step.status);
    this.showCurrentDetails();
    // A retried projection is a new step (a new seq), so it moves the case past the failure's marker.
    await untilItSucceeds(this, 'PROJECTION', () => local.projectStep(this.nextStep(step)));
  }

  /**
   * A marker of the failed-step machinery (STEP_FAILED, STEP_RETRIED): written like any step, but
   * never held for attention itself — if even it cannot be written, the workflow state and the
   * log still say so, and the retry path does not depend on it.
   */
  async mark(step: ProjectOptions): Promise<void> {
    try {
      await local.projectStep(this.nextStep(step));
    } catch (e) {
      if (!(e instanceof ActivityFailure || e instanceof ApplicationFailure)) throw e;
      log.error('the read model could not record a failed-step marker', { caseId: this.caseId, event: step.event.type });
    }
  }

  /** Tells the citizen; a notification that can never be sent holds the case for attention. */
  /** Whether this case takes the new path of patch `id` (by its start generation, else `patched(id)`). */
  patched(id: string): boolean {
    return isPatched(this.patchGeneration, id);
  }

  /** The Temporal UI's "current details" of the case; no command, so replay is unaffected. */
  showCurrentDetails(): void {
    setCurrentDetails(caseCurrentDetails({ status: this.status, task: this.openTask(), informationDueAt: this.informationDueAt, offerExpiresAt: this.offerExpiresAt }));
  }

  async notify(input: NotifyInput): Promise<void> {
    await untilItSucceeds(this, 'NOTIFICATION', () => local.notifyCitizen.executeWithOptions({ summary: ACTIVITY_SUMMARY.notification(input.template) }, [input]));
  }

  /**
   * Tells the citizen from an Update handler. A local activity runs inside the workflow task, so
   * its SMS leaves before the task that accepts the Update is committed; were that task not
   * committed (the worker dies, Temporal drops the Update), the citizen would have been told of a
   * change that never happened, and an SMS cannot be recalled. An activity is only scheduled by
   * the committed task. `afterCommit` is the handler's `handlerNotifiesAfterCommit()`, asked
   * before its first await; cases whose handlers notified locally replay down that path.
   */
  async notifyFromHandler(afterCommit: boolean, input: NotifyInput): Promise<void> {
    if (!afterCommit) return this.notify(input);
    await untilItSucceeds(this, 'NOTIFICATION', () => store.notifyCitizen.executeWithOptions({ summary: ACTIVITY_SUMMARY.notification(input.template) }, [input]));
  }

  private nextStep(step: ProjectOptions): ProjectStepInput {
    this.seq += 1;
    // The history length orders two writes of this step by workflow tasks that raced (activities/projection.ts).
    return { caseId: this.caseId, seq: this.seq, stepKey: `${this.seq}:${step.event.type}`, historyLength: workflowInfo().historyLength, at: this.now(), ...step };
  }

  live(): CaseLiveState {
    return {
      caseId: this.caseId,
      status: this.status,
      serviceCode: this.plan?.serviceCode ?? null,
      serviceVersion: this.plan?.serviceVersion ?? null,
      tasks: this.tasks.map((t) => ({ ...t })),
      offerExpiresAt: this.offerExpiresAt,
      informationDueAt: this.informationDueAt,
      decision: this.decision,
      escalationReasons: [...this.escalationReasons],
      failedStep: this.failedStep && { ...this.failedStep },
      ...(this.refusal?.dueAt && !this.decision ? { hearing: { dueAt: this.refusal.dueAt, grounds: [...this.refusal.grounds], objected: this.objection !== null } } : {}),
    };
  }
}
