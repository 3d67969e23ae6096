/**
 * An employment registry event routed to the running entitlements of the parent it names: which
 * entitlement workflows get which signal, with a reason citing the service's rule and its legal
 * basis (services/catalog: employmentEventRules). The workflow sends the signals; each entitlement
 * workflow acts on a suspend only while paying and on a resume only while suspended, so the same
 * fact reported again changes nothing more. The routing is stored on the event once (a retry
 * returns what was stored), and an event for a parent with no running entitlement is stored with
 * NO_ACTIVE_ENTITLEMENT and does nothing.
 */
import { Prisma } from '../generated/prisma/client.ts';
import type { PrismaClient } from '../lib/db/client.ts';
import { employmentEventRules } from '../services/catalog/index.ts';
import { entitlementChangeReason, isEmploymentEvent } from '../services/employment-events.ts';
import { finalFailure } from './failures.ts';
import type { EntitlementSignalPlan } from './types.ts';

/** The statuses in which an entitlement workflow still runs and takes a signal. */
const RUNNING = ['ACTIVE', 'SUSPENDED'];

export interface EventRouting {
  outcome: 'ROUTED' | 'NO_ACTIVE_ENTITLEMENT';
  entitlements: EntitlementSignalPlan[];
}

type LifeEventRow = { eventId: string; type: string; source: string; subjectIin: string; payload: unknown; routing: unknown };

export async function routeEmploymentEvent(prisma: PrismaClient, event: LifeEventRow): Promise<EntitlementSignalPlan[]> {
  if (!isEmploymentEvent(event.type)) throw finalFailure('VALIDATION_FAILED', `event ${event.eventId} (${event.type}) is not an employment event`);
  if (event.routing) return (event.routing as EventRouting).entitlements;
  const date = String((event.payload as { date?: unknown }).date ?? '');
  const rules = Object.entries(employmentEventRules).flatMap(([code, r]) => (r[event.type as keyof typeof r] ? [{ code, rule: r[event.type as keyof typeof r]! }] : []));
  const cases = await prisma.case.findMany({ where: { applicantIin: event.subjectIin, serviceCode: { in: rules.map((r) => r.code) } }, select: { id: true, serviceCode: true } });
  const schedules = await prisma.entitlementSchedule.findMany({ where: { caseId: { in: cases.map((c) => c.id) }, status: { in: RUNNING } }, orderBy: { id: 'asc' } });
  const entitlements = schedules.map((s) => {
    const { rule } = rules.find((r) => r.code === s.serviceCode)!;
    return { entitlementId: s.id, workflowId: s.workflowId, change: rule.change, reason: entitlementChangeReason(event.type as Parameters<typeof entitlementChangeReason>[0], rule, { eventId: event.eventId, source: event.source, date }) };
  });
  const routing: EventRouting = { outcome: entitlements.length ? 'ROUTED' : 'NO_ACTIVE_ENTITLEMENT', entitlements };
  // Stored once: a retry (or a concurrent attempt) returns the routing recorded first.
  await prisma.lifeEvent.updateMany({ where: { eventId: event.eventId, routing: { equals: Prisma.DbNull } }, data: { routing: routing as unknown as Prisma.InputJsonValue } });
  const stored = await prisma.lifeEvent.findUniqueOrThrow({ where: { eventId: event.eventId }, select: { routing: true } });
  return (stored.routing as unknown as EventRouting).entitlements;
}
