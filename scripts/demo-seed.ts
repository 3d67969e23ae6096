/**
 * Demo cases for a first start, so the officer inbox and the case list are not empty: one
 * application per service for the synthetic personas, and a registered birth that becomes a
 * proactive offer. Only when the database holds no case yet.
 */
import type { Logger } from '../lib/logger.ts';
import { submitLifeEvent } from '../api/intake/life-event.ts';
import { startCase, type IntakeDeps } from '../api/intake/start-case.ts';
import { getDataset } from '../registries/synthetic/dataset.ts';
import { DEMO_CLIENT_ID } from '../prisma/seed.ts';

export async function seedDemoCases(deps: IntakeDeps, logger: Logger): Promise<void> {
  if ((await deps.prisma.case.count()) > 0) return;
  const dataset = getDataset();
  const p = dataset.personas;
  const applications = [
    { serviceCode: 'birth-allowance', applicantIin: p.twinsMother.iin, application: { childIin: p.twinsMother.childIins?.[0] ?? p.twinsMother.childIin } },
    { serviceCode: 'childcare-allowance', applicantIin: p.highIncomeParent.iin, application: { childIin: p.highIncomeParent.childIin } },
    { serviceCode: 'job-loss-payment', applicantIin: p.recentlyLaidOff.iin, application: { jobLossDate: dataset.employment.get(p.recentlyLaidOff.iin)?.jobLossDate } },
    { serviceCode: 'large-family-allowance', applicantIin: p.largeFamilyParent.iin, application: { confirmsCohabitation: true } },
    { serviceCode: 'birth-allowance', applicantIin: p.conflictingBirthRecord.iin, application: { childIin: p.conflictingBirthRecord.childIin } },
  ];
  let started = 0;
  for (const [i, a] of applications.entries()) {
    try {
      await startCase(deps, { clientId: DEMO_CLIENT_ID, clientRequestId: `demo-seed-${i}`, language: 'ru', ...a });
      started++;
    } catch (e) {
      logger.warn({ service: a.serviceCode, err: (e as Error).message }, 'demo application rejected');
    }
  }
  const mother = p.newbornMother;
  const birth = dataset.births.get(mother.childIin!);
  await submitLifeEvent(deps, {
    eventId: `demo-birth-${mother.childIin}`,
    type: 'BIRTH_REGISTERED',
    source: 'civil-registry',
    subjectIin: mother.childIin!,
    payload: { childIin: mother.childIin, motherIin: mother.iin, fatherIin: birth?.fatherIin ?? null, birthDate: birth?.birthDate },
  });
  logger.info({ applications: started, lifeEvents: 1 }, 'demo cases seeded');
}
