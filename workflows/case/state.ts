/**
 * The mutable state of one case, owned by one workflow run (never module-level: the V8 context is
 * shared between workflows). Every change that others must see goes through `project`, which
 * writes the step to the read model (idempotently, keyed by the step's sequence number).
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { SA_STATUS } from '../../lib/temporal/search-attributes.ts';
import type { CasePlan, EvaluationSummary, ProjectStepInput } from '../../activities/index.ts';
import { isLiveTask, taskIdOf, type CaseLiveState, type CaseStatus, type DecisionSummary, type TaskState } from '../messages.ts';
import { local } from './activities.ts';

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
  /** Set by the officer handlers; the main flow acts on it. */
  informationRequested: string | null = null;
  /** Claims and reassignments per task, bounded so a hand-over loop cannot grow the history without end. */
  readonly handovers = new Map<string, number>();
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
    return this.decision !== null || this.withdrawn;
  }

  async project(step: ProjectOptions): Promise<void> {
    this.seq += 1;
    const seq = this.seq;
    if (step.status && step.status !== this.status) {
      this.status = step.status;
      upsertSearchAttributes([{ key: SA_STATUS, value: step.status }]);
    }
    await local.projectStep({ caseId: this.caseId, seq, stepKey: `${seq}:${step.event.type}`, at: this.now(), ...step });
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
    };
  }
}
