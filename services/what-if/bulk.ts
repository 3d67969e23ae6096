/**
 * Bulk what-if preview: how a proposed version would re-decide a selection of decided cases —
 * how many outcomes and amounts change, the transitions, the money involved, and examples. The
 * selection is read page by page, so a ministry-sized service does not load at once; the caller
 * may follow it (`onProgress`, counts only) and stop it (`signal`, checked before every case).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PrismaClient } from '../../lib/db/client.ts';
import type { Lang } from '../definition.ts';
import type { Outcome } from '../rules.ts';
import type { Disposition, RuleChange } from './compare.ts';
import type { WithheldEvidence } from './evidence.ts';
import type { BulkProgress } from './progress.ts';
import { compareCase, recordedDecision, resolveVersion, WhatIfReader, type RecordedDecision, type ResolvedVersion, type WhatIfTarget } from './reevaluate.ts';

export interface BulkSelection {
  serviceCode: string;
  /** Decided on or after this Kazakhstan date (YYYY-MM-DD) … */
  decidedFrom?: string;
  /** … and on or before this one. */
  decidedTo?: string;
  outcome?: 'APPROVED' | 'DENIED';
  /** At most this many cases, newest decisions first. */
  limit?: number;
}

export interface WhatIfExample {
  caseId: string;
  decision: RecordedDecision | null;
  original: { outcome: Outcome; disposition: Disposition; amount: number | null };
  proposed: { outcome: Outcome; disposition: Disposition; amount: number | null };
  changedRules: RuleChange[];
  withheldEvidence: WithheldEvidence[];
}

export interface BulkPreview {
  serviceCode: string;
  target: { version: number; contentHash: string; source: ResolvedVersion['source'] };
  selection: BulkSelection;
  evaluated: number;
  changed: { outcome: number; amount: number; disposition: number; any: number };
  /** Cases where the proposed version needs evidence the case does not hold. */
  withMissingEvidence: number;
  /** Outcome transitions, e.g. ELIGIBLE → INELIGIBLE: 3 (unchanged outcomes are not listed). */
  transitions: { from: Outcome; to: Outcome; count: number }[];
  /** Sum of the rules' amounts before and after (KZT; monthly amounts count once). */
  amounts: { before: number; after: number; delta: number; increased: number; decreased: number };
  examples: { outcome: WhatIfExample[]; amount: WhatIfExample[] };
  errors: { caseId: string; message: string }[];
}

const PAGE = 200;
/** The longest stretch of evaluation without giving the event loop a turn. */
const TURN_MS = 20;
const KZ_OFFSET = '+05:00';

function example(r: ReturnType<typeof compareCase>): WhatIfExample {
  const brief = (v: typeof r.original) => ({ outcome: v.outcome, disposition: v.disposition, amount: v.amount });
  return { caseId: r.caseId, decision: r.decision, original: brief(r.original), proposed: brief(r.proposed), changedRules: r.changes.rules.filter((c) => c.changed), withheldEvidence: r.withheldEvidence };
}

export async function previewBulkReevaluation(
  prisma: PrismaClient,
  selection: BulkSelection,
  target: WhatIfTarget,
  options: {
    lang?: Lang;
    examples?: number;
    /** Called before the first case, after every case, and once more at the end (`final`, where `total` is what was read). */
    onProgress?: (progress: BulkProgress, final: boolean) => void;
    /** Aborting it stops the preview before its next case (the promise rejects with the signal's reason). */
    signal?: AbortSignal;
  } = {},
): Promise<BulkPreview> {
  options.signal?.throwIfAborted();
  const resolved = await resolveVersion(prisma, selection.serviceCode, target);
  const reader = new WhatIfReader(prisma);
  const maxExamples = options.examples ?? 5;
  const preview: BulkPreview = {
    serviceCode: selection.serviceCode,
    target: { version: resolved.definition.version, contentHash: resolved.contentHash, source: resolved.source },
    selection,
    evaluated: 0,
    changed: { outcome: 0, amount: 0, disposition: 0, any: 0 },
    withMissingEvidence: 0,
    transitions: [],
    amounts: { before: 0, after: 0, delta: 0, increased: 0, decreased: 0 },
    examples: { outcome: [], amount: [] },
    errors: [],
  };
  const transitions = new Map<string, { from: Outcome; to: Outcome; count: number }>();
  // The decisions that stand: one per case (a decision an appeal replaced is not re-decided).
  const where = {
    supersededBy: null,
    case: { serviceCode: selection.serviceCode },
    ...(selection.outcome && { outcome: selection.outcome }),
    ...((selection.decidedFrom || selection.decidedTo) && {
      decidedAt: {
        ...(selection.decidedFrom && { gte: new Date(`${selection.decidedFrom}T00:00:00${KZ_OFFSET}`) }),
        ...(selection.decidedTo && { lte: new Date(`${selection.decidedTo}T23:59:59.999${KZ_OFFSET}`) }),
      },
    }),
  };

  const matching = options.onProgress ? await prisma.decision.count({ where }) : 0;
  const total = selection.limit === undefined ? matching : Math.min(matching, selection.limit);
  const progress = (final = false) => options.onProgress?.({ done: preview.evaluated + preview.errors.length, evaluated: preview.evaluated, failed: preview.errors.length, total: final ? preview.evaluated + preview.errors.length : total }, final);
  progress();

  let turnAt = Date.now();
  for (let skip = 0; ; skip += PAGE) {
    const take = selection.limit === undefined ? PAGE : Math.min(PAGE, selection.limit - skip);
    if (take <= 0) break;
    const decisions = await prisma.decision.findMany({ where, include: { case: true }, orderBy: [{ decidedAt: 'desc' }, { id: 'asc' }], skip, take });
    if (decisions.length === 0) break;
    const evidence = await reader.evidence(decisions.map((d) => d.caseId));
    for (const d of decisions) {
      // Each case is CPU work (two rule evaluations): let the process answer others (and send
      // progress) every few milliseconds, not once a page.
      if (Date.now() - turnAt >= TURN_MS) {
        await nextTurn();
        turnAt = Date.now();
      }
      options.signal?.throwIfAborted();
      try {
        const pinned = await reader.pinnedDefinition(d.case.definitionHash!);
        const r = compareCase(d.case, evidence.get(d.caseId)!, pinned, resolved, recordedDecision(d), options.lang ?? 'en');
        preview.evaluated += 1;
        const { outcome, amount, disposition } = r.changes;
        if (outcome) preview.changed.outcome += 1;
        if (amount) preview.changed.amount += 1;
        if (disposition) preview.changed.disposition += 1;
        if (outcome || amount || disposition) preview.changed.any += 1;
        if (r.withheldEvidence.length) preview.withMissingEvidence += 1;
        if (outcome) {
          const key = `${r.original.outcome}>${r.proposed.outcome}`;
          const t = transitions.get(key) ?? { from: r.original.outcome, to: r.proposed.outcome, count: 0 };
          t.count += 1;
          transitions.set(key, t);
          if (preview.examples.outcome.length < maxExamples) preview.examples.outcome.push(example(r));
        } else if (amount && preview.examples.amount.length < maxExamples) preview.examples.amount.push(example(r));
        preview.amounts.before += r.original.amount ?? 0;
        preview.amounts.after += r.proposed.amount ?? 0;
        if (amount && r.original.amount !== null && r.proposed.amount !== null) {
          if (r.proposed.amount > r.original.amount) preview.amounts.increased += 1;
          else preview.amounts.decreased += 1;
        }
      } catch (e) {
        preview.errors.push({ caseId: d.caseId, message: (e as Error).message });
      }
      progress();
    }
    if (decisions.length < take) break;
  }
  options.signal?.throwIfAborted();
  progress(true);
  preview.transitions = [...transitions.values()].sort((a, b) => b.count - a.count);
  const round = (n: number) => Math.round(n * 100) / 100;
  preview.amounts.before = round(preview.amounts.before);
  preview.amounts.after = round(preview.amounts.after);
  preview.amounts.delta = round(preview.amounts.after - preview.amounts.before);
  return preview;
}
