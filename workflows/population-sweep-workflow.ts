/**
 * Proactive discovery over the whole population: pages through the civil registry's population
 * extract, one activity per page (rate-limited by a durable timer between reads), and offers the
 * service to each entitled family that has neither a grant, an open case nor an earlier offer —
 * each offer a proactive case workflow of its own, started exactly as a life event's offers are.
 *
 * The checkpoint (cursor and counts) lives in the PopulationSweep row, written with each page's
 * offers in one transaction; the workflow continues as new every `pagesPerRun` pages from what the
 * row says. A crash anywhere resumes from the history or the row; nothing is offered twice (the
 * offer's case id is derived from the family and the service) and no page is skipped.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep, startChild } from '@temporalio/workflow';
import type { CaseActivities } from '../activities/index.ts';
import { STORE_PROFILE } from './case/activity-profiles.ts';
import { caseWorkflow } from './case-workflow.ts';
import { caseStartSearchAttributes, caseWorkflowId, FailureType, populationSweepProgressQuery, type PopulationSweepInput, type SweepProgress } from './messages.ts';
import { caseMetadata } from './user-metadata.ts';

const sweepStore = proxyActivities<CaseActivities>(STORE_PROFILE);
/** A page is a registry read and a transaction: longer, and retried with backoff while the registry is down. */
const pages = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [FailureType.RegistryBadRequest, 'VALIDATION_FAILED'] },
});

export const SWEEP_DEFAULTS = { pageSize: 1000, pagesPerSecond: 20, pagesPerRun: 100 } as const;

export async function populationSweepWorkflow(input: PopulationSweepInput): Promise<SweepProgress> {
  const pageSize = input.pageSize ?? SWEEP_DEFAULTS.pageSize;
  const pagesPerSecond = input.pagesPerSecond ?? SWEEP_DEFAULTS.pagesPerSecond;
  const pagesPerRun = input.pagesPerRun ?? SWEEP_DEFAULTS.pagesPerRun;
  const { asOf, ...opened } = await sweepStore.openPopulationSweep({ sweepId: input.sweepId, serviceCode: input.serviceCode, asOf: input.asOf });
  let progress: SweepProgress = opened;
  setHandler(populationSweepProgressQuery, () => progress);
  if (progress.status === 'COMPLETED') return progress;
  // The nightly Schedule starts a sweep with no id or date: the checkpoint dated it, later runs carry both.
  const sweep = { ...input, sweepId: progress.sweepId, asOf };

  const interval = Math.ceil(1000 / pagesPerSecond);
  let cursor = progress.cursor;
  let done = false;
  for (let n = 0; n < pagesPerRun && !done; n++) {
    const [page] = await Promise.all([
      pages.sweepPopulationPage({ sweepId: sweep.sweepId, serviceCode: sweep.serviceCode, cursor, pageSize, asOf }),
      sleep(interval),
    ]);
    for (const o of page.offers) {
      try {
        await startChild(caseWorkflow, {
          workflowId: caseWorkflowId(o.caseId),
          args: [{ caseId: o.caseId, origin: 'PROACTIVE' }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: caseStartSearchAttributes(o.serviceCode, o.department),
          ...caseMetadata({ caseId: o.caseId, serviceCode: o.serviceCode, department: o.department, origin: 'PROACTIVE', startedBy: 'population-sweep', parent: sweep.sweepId }),
        });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      }
    }
    const c = progress.counts;
    progress = {
      ...progress,
      cursor: page.next ?? cursor,
      pages: progress.pages + (page.counts.scanned ? 1 : 0),
      counts: { scanned: c.scanned + page.counts.scanned, eligible: c.eligible + page.counts.eligible, offered: c.offered + page.counts.offered, skipped: c.skipped + page.counts.skipped },
    };
    cursor = page.next;
    done = page.next === null;
  }
  if (done) {
    progress = await sweepStore.finishPopulationSweep({ sweepId: sweep.sweepId });
    await condition(allHandlersFinished);
    return progress;
  }
  await condition(allHandlersFinished);
  return continueAsNew<typeof populationSweepWorkflow>(sweep);
}
