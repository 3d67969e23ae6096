/**
 * The file payer's answers (lib/payer/file.ts): acknowledgement files (lib/payer/batch-file.ts)
 * the payer drops in the inbound directory are read, each acknowledgement recorded with the same
 * semantics as recordPayerAcknowledgement (lib/payer/acknowledgements.ts), and a rejected payment
 * goes to its rejection workflow (an officer task), as the API does. A file is moved to
 * `processed/` once applied; read again after a crash before the move, it changes nothing (each
 * acknowledgement is recorded once). An acknowledgement for an unknown instruction, a contrary one
 * and an unreadable line are reported (logged and returned), never fatal; a file is never lost:
 * one that cannot be applied (the database unreachable) stays for the next pass.
 *
 * Like the case reconciler it runs in the worker, outside any workflow; no workflow command changes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { PrismaClient } from '../lib/db/client.ts';
import type { Logger } from '../lib/logger.ts';
import { recordAcknowledgement } from '../lib/payer/acknowledgements.ts';
import { parseAcknowledgements } from '../lib/payer/batch-file.ts';
import { isReissuable } from '../lib/payer/vocabulary.ts';
import type { paymentRejectionWorkflow } from '../workflows/payment-rejection-workflow.ts';
import { paymentRejectionWorkflowId } from '../workflows/messages.ts';

/**
 * Starts the rejection workflow of a rejected payment, once: a workflow running or closed for the
 * instruction already is left as it is (the API's recordPayerAcknowledgement starts it alike).
 */
export async function startPaymentRejectionWorkflow(temporal: Client, taskQueue: string, instructionId: string): Promise<void> {
  try {
    await temporal.workflow.start<typeof paymentRejectionWorkflow>('paymentRejectionWorkflow', {
      workflowId: paymentRejectionWorkflowId(instructionId),
      taskQueue,
      args: [{ instructionId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (e) {
    if ((e as Error).name === 'WorkflowExecutionAlreadyStartedError') return;
    throw e;
  }
}

export interface AcknowledgementFileReport {
  file: string;
  recorded: number;
  alreadyRecorded: number;
  /** Keys no instruction carries. */
  unknown: string[];
  /** Keys answered before with another status: the first answer stands. */
  conflicts: { idempotencyKey: string; recorded: string; received: string }[];
  malformed: { line: number; problem: string }[];
  /** Rejected payments whose rejection workflow was started (or found running). */
  rejections: string[];
}

export interface PayerInboxDeps {
  prisma: PrismaClient;
  /** Starts the rejection workflow of a rejected payment (startPaymentRejectionWorkflow). */
  startRejection(instructionId: string): Promise<void>;
  logger?: Logger;
  now?: () => Date;
}

/** Applies one acknowledgement file's content; safe to repeat. */
export async function applyAcknowledgements(deps: PayerInboxDeps, file: string, text: string): Promise<AcknowledgementFileReport> {
  const { acknowledgements, malformed } = parseAcknowledgements(text);
  const report: AcknowledgementFileReport = { file, recorded: 0, alreadyRecorded: 0, unknown: [], conflicts: [], malformed, rejections: [] };
  for (const ack of acknowledgements) {
    const outcome = await recordAcknowledgement(deps.prisma, { idempotencyKey: ack.idempotencyKey, status: ack.status, reason: ack.reason, at: ack.at ?? deps.now?.() ?? new Date() });
    if (outcome.result === 'NOT_FOUND') {
      report.unknown.push(ack.idempotencyKey);
      continue;
    }
    if (outcome.result === 'CONFLICT') {
      report.conflicts.push({ idempotencyKey: ack.idempotencyKey, recorded: outcome.recorded, received: ack.status });
      continue;
    }
    if (outcome.result === 'RECORDED') report.recorded++;
    else report.alreadyRecorded++;
    if (ack.status !== 'REJECTED') continue;
    // Again on a repeat, should the first start have failed (the start is idempotent).
    const row = await deps.prisma.paymentInstruction.findUnique({ where: { id: outcome.instructionId } });
    if (row && row.status === 'REJECTED' && isReissuable(row.kind) && !row.reissuedBy) {
      await deps.startRejection(row.id);
      report.rejections.push(row.id);
    }
  }
  if (report.unknown.length || report.conflicts.length || report.malformed.length) {
    deps.logger?.warn({ file, unknown: report.unknown, conflicts: report.conflicts, malformed: report.malformed }, 'payer acknowledgements not applied');
  }
  return report;
}

export const PROCESSED_DIR = 'processed';

/**
 * One pass over the inbound directory: every `*.jsonl` file, oldest name first, applied and then
 * moved to `processed/`. A file that fails (the database or Temporal unreachable) stays for the next pass.
 */
export async function ingestAcknowledgementFiles(deps: PayerInboxDeps & { inboundDir: string }): Promise<AcknowledgementFileReport[]> {
  const processed = path.join(deps.inboundDir, PROCESSED_DIR);
  await fs.mkdir(processed, { recursive: true });
  const names = (await fs.readdir(deps.inboundDir, { withFileTypes: true })).filter((d) => d.isFile() && d.name.endsWith('.jsonl') && !d.name.startsWith('.')).map((d) => d.name).sort();
  const reports: AcknowledgementFileReport[] = [];
  for (const name of names) {
    const from = path.join(deps.inboundDir, name);
    try {
      const report = await applyAcknowledgements(deps, name, await fs.readFile(from, 'utf8'));
      await fs.rename(from, path.join(processed, name));
      reports.push(report);
      deps.logger?.info({ file: name, recorded: report.recorded, alreadyRecorded: report.alreadyRecorded, rejections: report.rejections.length }, 'payer acknowledgements applied');
    } catch (e) {
      deps.logger?.warn({ file: name, err: (e as Error).message }, 'payer acknowledgement file left for the next pass');
    }
  }
  return reports;
}

/** Reads the inbound directory every intervalMs until stopped (the worker, PAYER_MODE=file). */
export function startPayerInbox(deps: PayerInboxDeps & { inboundDir: string; intervalMs: number }): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    if (stopped) return;
    running = ingestAcknowledgementFiles(deps)
      .catch((e) => deps.logger?.warn({ err: (e as Error).message }, 'payer inbox pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, deps.intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
