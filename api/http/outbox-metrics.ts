/**
 * The payment outbox as Prometheus gauges, read from the read model when /metrics is scraped: the
 * instructions not yet handed to their payer (PENDING, or SENDING when a delivery is under way), by
 * payer, kind and status, and the age of the oldest of them per payer — what an on-call engineer
 * alerts on when a payer stops taking deliveries. A scrape costs two grouped queries over the
 * (status, createdAt) index; a failed read leaves the gauges empty for that scrape rather than
 * failing the exposition. Labels are payer codes and instruction kinds, never personal data.
 */
import { Gauge, type Registry } from 'prom-client';
import type { PrismaClient } from '../../lib/db/client.ts';

export const OUTBOX_METRICS = {
  undelivered: 'qyzmet_payment_outbox_instructions',
  oldestAge: 'qyzmet_payment_outbox_oldest_age_seconds',
} as const;

/** Written, not yet delivered to the payer. */
const UNDELIVERED = ['PENDING', 'SENDING'];

export function registerOutboxGauges(registry: Registry, prisma: PrismaClient, now: () => Date = () => new Date()): void {
  const where = { status: { in: UNDELIVERED } };
  new Gauge({
    name: OUTBOX_METRICS.undelivered,
    help: 'Payment instructions written and not yet delivered to their payer (the outbox depth), by payer, kind and status',
    labelNames: ['payer', 'kind', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await prisma.paymentInstruction.groupBy({ by: ['payer', 'kind', 'status'], where, _count: { _all: true } }).catch(() => []);
      for (const r of rows) this.set({ payer: r.payer, kind: r.kind, status: r.status }, r._count._all);
    },
  });
  new Gauge({
    name: OUTBOX_METRICS.oldestAge,
    help: 'Age of the oldest payment instruction not yet delivered, by payer (absent when none waits)',
    labelNames: ['payer'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await prisma.paymentInstruction.groupBy({ by: ['payer'], where, _min: { createdAt: true } }).catch(() => []);
      for (const r of rows) if (r._min.createdAt) this.set({ payer: r.payer }, Math.max(0, (now().getTime() - r._min.createdAt.getTime()) / 1000));
    },
  });
}
