/**
 * What the Temporal Web UI shows of a case: the static summary and details given at start, the
 * summaries of its main activity calls and its current details (status, open task, due date) —
 * codes and ids only. A case from the intake, a case awaiting review, and a life event with the
 * cases it offers are read back through `describe()`, the history and the workflow metadata
 * query; none of it may hold an IIN, a name or a phone of the synthetic population.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { workflowMetadataQuery } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId, lifeEventWorkflowId } from '../workflows/messages.ts';
import { appealMetadata, caseCurrentDetails, caseMetadata, code, lifeEventMetadata, paymentRejectionMetadata, populationSweepMetadata } from '../workflows/user-metadata.ts';
import { startEngine, type Engine } from './support/engine.ts';
import { freshApplicants } from './support/fresh-applicants.ts';

describe('case engine: what the Temporal UI shows of a case', () => {
  let engine: Engine;
  /** Every summary, detail and current detail read in this file, checked for personal data at the end. */
  const shown: string[] = [];
  beforeAll(async () => {
    engine = await startEngine();
  });
  afterAll(async () => engine?.close());

  async function metadataOf(handle: WorkflowHandle) {
    const d = await handle.describe();
    const summary = (await d.staticSummary()) ?? '';
    const details = (await d.staticDetails()) ?? '';
    shown.push(summary, details);
    return { summary, details, description: d };
  }

  async function currentDetails(handle: WorkflowHandle): Promise<string> {
    const m = await handle.query(workflowMetadataQuery);
    const text = m.currentDetails ?? '';
    shown.push(text);
    return text;
  }

  async function activitySummaries(handle: WorkflowHandle): Promise<string[]> {
    const history = await handle.fetchHistory();
    const converter = engine.client.options.loadedDataConverter;
    const out: string[] = [];
    for (const e of history.events ?? []) {
      const payload = e.userMetadata?.summary;
      if (!payload) continue;
      let decoded = [payload];
      for (const codec of [...converter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
      out.push(converter.payloadConverter.fromPayload<string>(decoded[0]!));
    }
    shown.push(...out);
    return out;
  }

  it('lists a case from the intake by service, department, origin and case id, with a summary on each main step', async () => {
    const application = freshApplicants(engine).birth();
    const caseId = await engine.startCase(application);
    expect((await engine.result(caseId)).status).toBe('APPROVED');
    const row = await engine.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    const handle = engine.client.workflow.getHandle(caseWorkflowId(caseId));
    const { summary, details } = await metadataOf(handle);
    expect(summary).toBe(`Case birth-allowance · ${row.department} · APPLICATION · ${caseId}`);
    for (const part of [caseId, 'birth-allowance', row.department, 'APPLICATION', 'API intake']) expect(details).toContain(part);

    const steps = await activitySummaries(handle);
    expect(steps).toContain('Load the case plan (service version by legal-fact date)');
    expect(steps.some((s) => /^Evidence \S+ from the civil registry$/.test(s))).toBe(true);
    expect(steps).toContain('Eligibility evaluation (rules)');
    expect(steps).toContain('Issue the signed decision: APPROVED');
    expect(steps).toContain('Notify the citizen: approved');

    expect(await currentDetails(handle)).toContain('- Status: `APPROVED`');
  });

  it('keeps a case awaiting review current: its status, open task, group and due date', async () => {
    const caseId = await engine.startCase(freshApplicants(engine).fourEyes());
    const handle = engine.client.workflow.getHandle(caseWorkflowId(caseId));
    const task = await expect
      .poll(() => engine.db.prisma.task.findFirst({ where: { caseId, status: 'OPEN' } }), { timeout: 60_000, interval: 200 })
      .not.toBeNull()
      .then(() => engine.db.prisma.task.findFirstOrThrow({ where: { caseId, status: 'OPEN' } }));
    const now = await currentDetails(handle);
    expect(now).toContain('- Status: `PENDING_REVIEW`');
    expect(now).toContain(`- Open task: \`${task.id}\``);
    expect(now).toContain('- Task: `REVIEW, OPEN`');
    expect(now).toContain(`- Task due: \`${task.dueAt.toISOString()}\``);
    const { description } = await metadataOf(handle);
    expect(description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
      expect.arrayContaining([['QyzmetStatus', 'PENDING_REVIEW'], ['QyzmetService', 'childcare-allowance']]),
    );
  });

  it('lists a life event and the cases it offers, each saying who started it', async () => {
    const p = engine.dataset.personas.fourthChildMother;
    const childIin = p.childIin ?? p.childIins![0]!;
    const record = engine.dataset.births.get(childIin)!;
    const eventId = `metadata-${Date.now()}`;
    await engine.submitLifeEvent({
      eventId,
      type: 'BIRTH_REGISTERED',
      source: 'civil-registry',
      subjectIin: childIin,
      payload: { childIin, motherIin: p.iin, fatherIin: record.fatherIin, birthDate: record.birthDate },
      timing: { consentWindowMs: 60_000 },
    });
    const event = await metadataOf(engine.client.workflow.getHandle(lifeEventWorkflowId(eventId)));
    expect(event.summary).toBe(`Life event BIRTH_REGISTERED · from civil-registry · ${eventId}`);
    await expect.poll(() => engine.db.prisma.case.count({ where: { lifeEventId: eventId } }), { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);
    const cases = await engine.db.prisma.case.findMany({ where: { lifeEventId: eventId } });
    for (const c of cases) {
      // The offer's row is written before its workflow is started: wait until the workflow exists.
      const handle = engine.client.workflow.getHandle(caseWorkflowId(c.id));
      await expect.poll(() => handle.describe().then(() => true, () => false), { timeout: 60_000, interval: 200 }).toBe(true);
      const { summary, details } = await metadataOf(handle);
      expect(summary).toBe(`Case ${c.serviceCode} · ${c.department} · PROACTIVE · ${c.id}`);
      expect(details).toContain('life-event workflow');
      expect(details).toContain(lifeEventWorkflowId(eventId));
    }
  });

  it('shows no IIN, first or last name, or phone of the synthetic population in any summary or details', () => {
    // Every builder too, fed the worst a caller could pass where a code belongs.
    const iin = [...engine.dataset.persons.values()][0]!.iin;
    const hostile = `${iin} Айгерим`;
    shown.push(
      ...Object.values(caseMetadata({ caseId: hostile, serviceCode: iin, department: hostile, origin: 'APPLICATION', startedBy: 'intake', parent: iin })),
      ...Object.values(appealMetadata({ appealId: iin, caseId: hostile, department: 'x' })),
      ...Object.values(paymentRejectionMetadata({ instructionId: `pi_${iin}`, startedBy: 'api' })),
      ...Object.values(paymentRejectionMetadata({ instructionId: `pi-${iin}-1`, startedBy: 'entitlement' })),
      ...Object.values(lifeEventMetadata({ eventId: iin, type: 'BIRTH_REGISTERED', source: hostile })),
      ...Object.values(populationSweepMetadata({ sweepId: iin, serviceCode: 'x', asOf: '2026-03-16', startedBy: 'command' })),
      caseCurrentDetails({ status: 'OFFERED', task: undefined, informationDueAt: iin, offerExpiresAt: hostile }),
    );
    expect(code(iin)).toBe('?');
    expect(shown.length).toBeGreaterThan(20);
    const needles = new Set<string>();
    for (const person of engine.dataset.persons.values()) {
      needles.add(person.iin);
      needles.add(person.firstName);
      needles.add(person.lastName);
      needles.add(person.phone);
      needles.add(`8${person.phone.slice(2)}`);
    }
    const text = shown.join('\n');
    expect([...needles].filter((n) => text.includes(n))).toEqual([]);
    expect(text).not.toMatch(/(?<![A-Za-z0-9])\d{12}(?![A-Za-z0-9])/);
  });
});
