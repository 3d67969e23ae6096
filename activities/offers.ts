/**
 * Turning a life event into proactive offers: for each published service whose trigger matches,
 * the citizen to offer to and the application are read from the event, and a case is created —
 * once per (event, service), however often this runs.
 */
import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.ts';
import { kzDate } from '../lib/kz-time.ts';
import { offerFromEvent } from '../services/proactive.ts';
import { selectVersionForApplication } from '../services/registry.ts';
import type { ActivityDeps } from './deps.ts';
import type { PlanOffersResult } from './types.ts';
import { caseWorkflowId } from '../workflows/messages.ts';
import { finalFailure } from './failures.ts';
import { routeEmploymentEvent } from './entitlement-events.ts';
import { isEmploymentEvent } from '../services/employment-events.ts';

export const offerCaseId = (eventId: string, serviceCode: string): string =>
  `c${createHash('sha256').update(`life-event|${eventId}|${serviceCode}`).digest('hex').slice(0, 20)}`;

export function createOfferActivities({ prisma, catalog }: Pick<ActivityDeps, 'prisma' | 'catalog'>) {
  return {
    async planOffers({ eventId }: { eventId: string }): Promise<PlanOffersResult> {
      const event = await prisma.lifeEvent.findUnique({ where: { eventId } });
      if (!event) throw finalFailure('VALIDATION_FAILED', `life event ${eventId} not found`);
      // The employment registry's events change running entitlements; they offer nothing.
      if (isEmploymentEvent(event.type)) return { offers: [], entitlementChanges: await routeEmploymentEvent(prisma, event) };
      const payload = event.payload as Record<string, unknown>;
      const published = await catalog.published();
      const codes = [...new Set(published.filter((d) => d.proactive?.trigger === event.type).map((d) => d.code))];
      const offers: PlanOffersResult['offers'] = [];
      for (const code of codes) {
        const { subjectIin: subject, application } = offerFromEvent(published.find((d) => d.code === code && d.proactive)!, payload);
        if (!subject) continue;
        let department: string;
        try {
          department = selectVersionForApplication(published, code, application, kzDate(event.receivedAt)).definition.department;
        } catch {
          continue; // no version in force for this event's date: nothing to offer
        }
        const caseId = offerCaseId(eventId, code);
        // The offer's case, created once per (event, service) however often this activity runs;
        // its version is pinned by the case's plan, like any case not received through intake.
        await prisma.case.upsert({
          where: { id: caseId },
          create: {
            id: caseId,
            workflowId: caseWorkflowId(caseId),
            serviceCode: code,
            department,
            status: 'RECEIVED',
            origin: 'PROACTIVE',
            applicantIin: subject,
            application: application as Prisma.InputJsonValue,
            lifeEventId: eventId,
            // The offer counts as made when the registry reported the event, as an application
            // counts as made when intake received it: deadlines (a job-loss payment's 6 months)
            // run from there, not from when a worker got round to the event.
            createdAt: event.receivedAt,
          },
          update: {},
        });
        offers.push({ caseId, serviceCode: code, department });
      }
      return { offers };
    },
  };
}
