/**
 * Per-request batching: a page of cases asks for its decisions, open tasks, timelines and
 * evidence in one query each, not one per case — `cases(first: 100) { timeline evidence }` is a
 * handful of queries, not 200.
 */
import DataLoader from 'dataloader';
import type { Case, CaseEvent, Decision, Evidence, Task } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../lib/db/client.ts';
import { LIVE_TASK_STATUSES } from '../workflows/messages.ts';

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const group = map.get(k);
    if (group) group.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

export function createLoaders(prisma: PrismaClient) {
  return {
    caseById: new DataLoader<string, Case | null>(async (ids) => byKey(ids, await prisma.case.findMany({ where: { id: { in: [...ids] } } }), (c) => c.id)),
    taskById: new DataLoader<string, Task | null>(async (ids) => byKey(ids, await prisma.task.findMany({ where: { id: { in: [...ids] } } }), (t) => t.id)),
    decisionByCaseId: new DataLoader<string, Decision | null>(async (ids) =>
      byKey(ids, await prisma.decision.findMany({ where: { caseId: { in: [...ids] }, supersededBy: null } }), (d) => d.caseId),
    ),
    openTasksByCaseId: new DataLoader<string, Task[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.task.findMany({ where: { caseId: { in: [...ids] }, status: { in: [...LIVE_TASK_STATUSES] } }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] }),
        (t) => t.caseId,
      ),
    ),
    timelineByCaseId: new DataLoader<string, CaseEvent[]>(async (ids) =>
      groupByKey(ids, await prisma.caseEvent.findMany({ where: { caseId: { in: [...ids] } }, orderBy: [{ caseId: 'asc' }, { seq: 'asc' }] }), (e) => e.caseId),
    ),
    evidenceByCaseId: new DataLoader<string, Evidence[]>(async (ids) =>
      groupByKey(ids, await prisma.evidence.findMany({ where: { caseId: { in: [...ids] } }, orderBy: [{ caseId: 'asc' }, { key: 'asc' }] }), (e) => e.caseId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
