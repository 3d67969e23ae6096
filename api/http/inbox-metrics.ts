/**
 * The officers' inbox as Prometheus gauges, read from the read model when /metrics is scraped:
 * live tasks by department, role and state, and those past their due date. A scrape costs two
 * grouped queries over the (status, dueAt) index; a failed read leaves the gauges empty for that
 * scrape rather than failing the exposition. Labels are the catalog's departments and roles.
 */
import { Gauge, type Registry } from 'prom-client';
import type { PrismaClient } from '../../lib/db/client.ts';
import { LIVE_TASK_STATUSES } from '../../workflows/vocabulary.ts';

export const INBOX_METRICS = {
  tasksOpen: 'qyzmet_tasks_open',
  tasksOverdue: 'qyzmet_tasks_overdue',
} as const;

export function registerInboxGauges(registry: Registry, prisma: PrismaClient, now: () => Date = () => new Date()): void {
  const live = { status: { in: [...LIVE_TASK_STATUSES] } };
  new Gauge({
    name: INBOX_METRICS.tasksOpen,
    help: 'Officer tasks not yet completed, by department, role and state (OPEN or CLAIMED)',
    labelNames: ['department', 'role', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await prisma.task.groupBy({ by: ['department', 'role', 'status'], where: live, _count: { _all: true } }).catch(() => []);
      for (const r of rows) this.set({ department: r.department, role: r.role, state: r.status }, r._count._all);
    },
  });
  new Gauge({
    name: INBOX_METRICS.tasksOverdue,
    help: 'Officer tasks not yet completed whose due date has passed, by department and role',
    labelNames: ['department', 'role'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await prisma.task.groupBy({ by: ['department', 'role'], where: { ...live, dueAt: { lt: now() } }, _count: { _all: true } }).catch(() => []);
      for (const r of rows) this.set({ department: r.department, role: r.role }, r._count._all);
    },
  });
}
