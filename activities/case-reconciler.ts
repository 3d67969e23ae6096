/**
 * No application case is left without its workflow. The intake records the case row, then starts
 * the workflow; a process killed between the two (or a Temporal outage at that moment) leaves a
 * row that never moves unless the client happens to retry. The worker therefore sweeps, every
 * RECONCILE_INTERVAL_MS, for application rows older than RECONCILE_AFTER_MS that no workflow step
 * has reached yet (`lastSeq = 0`) and starts their workflows with the intake's own start options
 * (workflows/vocabulary.ts applicationStartOptions): USE_EXISTING and REJECT_DUPLICATE make the
 * start a no-op for a case whose workflow exists or has finished, so the sweep is idempotent and
 * any number of workers may run it at once.
 *
 * It lives beside the activities because it is a worker-side side effect on the same database;
 * it is not an activity (it runs outside any workflow) and no workflow command changes.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../lib/db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { applicationStartOptions } from '../workflows/messages.ts';
import type { caseWorkflow } from '../workflows/case-workflow.ts';

export interface CaseReconcilerDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  /** A row younger than this may still be started by its own request. */
  afterMs: number;
  now?: () => Date;
}

export interface SweepResult {
  /** Rows found with no workflow step projected. */
  examined: number;
  /** Start calls that returned (a new run, or the one that was already running). */
  started: number;
  /** Cases whose workflow had already finished: nothing to do. */
  finished: number;
  /** Start calls that failed (Temporal unreachable …); the next sweep tries again. */
  failed: number;
}

const PAGE = 200;

/** One pass over the rows that no workflow step has reached. */
export async function reconcileCases(deps: CaseReconcilerDeps): Promise<SweepResult> {
  const cutoff = new Date((deps.now?.() ?? new Date()).getTime() - deps.afterMs);
  const result: SweepResult = { examined: 0, started: 0, finished: 0, failed: 0 };
  let cursor: string | undefined;
  for (;;) {
    const rows = await deps.prisma.case.findMany({
      where: { origin: 'APPLICATION', lastSeq: 0, createdAt: { lt: cutoff }, ...(cursor ? { id: { gt: cursor } } : {}) },
      select: { id: true, serviceCode: true, department: true },
      orderBy: { id: 'asc' },
      take: PAGE,
    });
    for (const row of rows) {
      result.examined++;
      try {
        await deps.temporal.workflow.start<typeof caseWorkflow>(
          'caseWorkflow',
          applicationStartOptions({ caseId: row.id, serviceCode: row.serviceCode, department: row.department, taskQueue: deps.taskQueue, startedBy: 'reconciler' }),
        );
        result.started++;
      } catch (e) {
        if ((e as Error).name === 'WorkflowExecutionAlreadyStartedError') {
          result.finished++;
        } else {
          result.failed++;
          deps.logger.warn({ caseId: row.id, err: (e as Error).message }, 'reconciler could not start a case workflow; the next sweep retries');
        }
      }
    }
    if (rows.length < PAGE) break;
    cursor = rows.at(-1)!.id;
  }
  if (result.examined > 0) deps.logger.info(result, 'reconciler swept application cases with no workflow step');
  return result;
}

export interface CaseReconciler {
  /** Resolves when the sweep under way (if any) has ended; no further sweep starts. */
  stop(): Promise<void>;
}

/** Sweeps every `intervalMs` (the first after one interval); a sweep never overlaps the next. */
export function startCaseReconciler(deps: CaseReconcilerDeps & { intervalMs: number }): CaseReconciler {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = reconcileCases(deps)
        .catch((e: Error) => deps.logger.warn({ err: e.message }, 'reconciler sweep failed; the next one retries'))
        .finally(schedule);
    }, deps.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
