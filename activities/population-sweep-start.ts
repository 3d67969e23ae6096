/**
 * Starting a population sweep (workflows/population-sweep-workflow.ts): one workflow per service
 * and sweep date, so a second start attaches to the running sweep, and a start after it finished
 * finds its checkpoint COMPLETED and offers nothing. `npm run sweep` and the nightly Schedule
 * created at platform start use it.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type WorkflowHandle } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { kzDate } from '../lib/kz-time.ts';
import { populationSweepId, populationSweepWorkflowId, type PopulationSweepInput } from '../workflows/messages.ts';
import type { populationSweepWorkflow } from '../workflows/population-sweep-workflow.ts';
import { populationSweepMetadata } from '../workflows/user-metadata.ts';

export const SWEEP_SERVICE = 'large-family-allowance';
export const SWEEP_SCHEDULE_ID = `population-sweep-${SWEEP_SERVICE}`;

export interface SweepStart extends Partial<Omit<PopulationSweepInput, 'sweepId' | 'asOf'>> {
  /** The sweep's date (default today in Kazakhstan): its id and the date eligibility is judged on. */
  date?: string;
  /** Tells apart two sweeps of one date (a measurement's rerun); none for the nightly sweep. */
  label?: string;
}

export async function startPopulationSweep(temporal: Client, taskQueue: string, start: SweepStart = {}): Promise<WorkflowHandle<typeof populationSweepWorkflow>> {
  const serviceCode = start.serviceCode ?? SWEEP_SERVICE;
  const date = start.date ?? kzDate(new Date());
  const sweepId = populationSweepId(serviceCode, date) + (start.label ? `#${start.label}` : '');
  const input: PopulationSweepInput = { sweepId, serviceCode, asOf: date, pageSize: start.pageSize, pagesPerSecond: start.pagesPerSecond, pagesPerRun: start.pagesPerRun };
  return temporal.workflow.start<typeof populationSweepWorkflow>('populationSweepWorkflow', {
    workflowId: populationSweepWorkflowId(sweepId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    ...populationSweepMetadata({ sweepId, serviceCode, asOf: date, startedBy: 'command' }),
  });
}

/**
 * The nightly sweep as a Temporal Schedule (02:00 Kazakhstan time), created once: a platform start
 * that finds it leaves it as it is. The scheduled action has no date of its own, so the workflow
 * judges eligibility on the day it runs.
 */
export async function ensureSweepSchedule(temporal: Client, taskQueue: string): Promise<'created' | 'exists'> {
  try {
    await temporal.schedule.create({
      scheduleId: SWEEP_SCHEDULE_ID,
      spec: { cronExpressions: ['0 2 * * *'], timezone: 'Asia/Almaty' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: { type: 'startWorkflow', workflowType: 'populationSweepWorkflow', taskQueue, workflowId: `population-sweep-scheduled-${SWEEP_SERVICE}`, args: [{ sweepId: '', serviceCode: SWEEP_SERVICE, asOf: '' }], ...populationSweepMetadata({ sweepId: '', serviceCode: SWEEP_SERVICE, asOf: '', startedBy: 'schedule' }) },
    });
    return 'created';
  } catch (e) {
    if (e instanceof ScheduleAlreadyRunning) return 'exists';
    throw e;
  }
}
