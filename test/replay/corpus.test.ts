/**
 * The committed replay corpus (test/replay/histories/v*): histories of every path of the case
 * engine and of the life-event workflow, recorded before (v1) and after (v2) the
 * sla-escalation-notifies-citizen patch, must all replay against the current workflow code —
 * the check that stops a deploy breaking running cases. They must also hold no personal data
 * of the synthetic population they were generated from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { markerInfo, eventTypeName, workflowTypeOf } from '../../lib/temporal/history/events.ts';
import { collectHistoryFiles, historyFileName, historyJsonOf, MANIFEST_FILE, readHistoryFile, type HistorySource } from '../../lib/temporal/history/files.ts';
import { replayHistories, type ReplaySummary } from '../../lib/temporal/history/replayer.ts';
import { getDataset } from '../../registries/synthetic/dataset.ts';
import { scenarios } from '../../scripts/replay-corpus/scenarios.ts';
import { PATCH } from '../../workflows/case/patches.ts';
import { PAYMENT_PATCH } from '../../workflows/payment-patches.ts';
import { CORPUS, GENERATIONS } from './support.ts';
import { quietRuntime } from '../support/temporal.ts';

interface Manifest {
  referenceDate: string;
  scrubbed: boolean;
  scenarios: Record<string, { description: string; workflows: { workflowId: string; status: string }[] }>;
}
const manifest = (generation: string) => JSON.parse(fs.readFileSync(path.join(CORPUS, generation, MANIFEST_FILE), 'utf8')) as Manifest;

/** Every string a reader of the file could see: the file, its name, and every payload decoded. */
function visibleText(file: string): string {
  const raw = fs.readFileSync(file, 'utf8');
  const parts = [raw, file];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (o.metadata && typeof o.data === 'string') parts.push(Buffer.from(o.data, 'base64').toString('utf8'));
      Object.values(o).forEach(walk);
    }
  };
  walk(JSON.parse(raw));
  return parts.join('\n');
}

describe('the committed replay corpus', () => {
  let histories: HistorySource[];
  let summary: ReplaySummary;
  beforeAll(async () => {
    quietRuntime();
    histories = collectHistoryFiles([CORPUS]).map(readHistoryFile);
    summary = await replayHistories(histories, { bundle: { codePath: inject('workflowBundlePath') } });
  });

  it('replays every history, before and after the patch, against the current workflow code', () => {
    expect(histories.length).toBeGreaterThanOrEqual(38);
    expect(summary.failures).toEqual([]);
    expect(summary).toMatchObject({ replayed: histories.length, passed: histories.length, failed: 0 });
  });

  it.each(GENERATIONS)('%s covers every path of the case engine and every workflow type of its code, scrubbed', (generation) => {
    const m = manifest(generation);
    expect(m.scrubbed).toBe(true);
    const n = Number(generation.slice(1));
    expect(Object.keys(m.scenarios).sort()).toEqual(scenarios.filter((s) => (s.since ?? 1) <= n).map((s) => s.name).sort());
    const files = collectHistoryFiles([path.join(CORPUS, generation)]);
    for (const [name, s] of Object.entries(m.scenarios)) {
      for (const w of s.workflows) expect(files.some((f) => f.endsWith(path.join(name, historyFileName(w.workflowId)))), w.workflowId).toBe(true);
    }
    const statuses = new Set(Object.values(m.scenarios).flatMap((s) => s.workflows.map((w) => w.status)));
    for (const status of ['APPROVED', 'DENIED', 'WITHDRAWN', 'REFUSED', 'EXPIRED', 'COMPLETED']) expect(statuses).toContain(status);
    const types = new Set(files.map((f) => workflowTypeOf(historyJsonOf(readHistoryFile(f).history))));
    const since5 = ['appealWorkflow', 'caseWorkflow', 'entitlementWorkflow', 'lifeEventWorkflow'];
    expect([...types].sort()).toEqual(n >= 6 ? [...since5, 'paymentRejectionWorkflow'].sort() : n === 5 ? since5 : ['caseWorkflow', 'lifeEventWorkflow']);
  });

  it('v5 holds the paths merged since v4: the hearing, an IBAN answered as evidence, the escalation chain to the head, an appeal, an entitlement continued as new', () => {
    const m = manifest('v5');
    const dir = (scenario: string) => path.join(CORPUS, 'v5', scenario);
    const eventsOf = (scenario: string, prefix: string) =>
      collectHistoryFiles([dir(scenario)])
        .filter((f) => path.basename(f).startsWith(prefix))
        .map((f) => historyJsonOf(readHistoryFile(f).history).events);
    const patchesOf = (scenario: string, prefix = 'case-') => eventsOf(scenario, prefix).flatMap((events) => events.filter((e) => eventTypeName(e) === 'MarkerRecorded').map(markerInfo).flatMap((x) => (x.kind === 'patch' ? [x.patchId] : [])));
    const updatesOf = (scenario: string, prefix = 'case-') =>
      eventsOf(scenario, prefix).flatMap((events) => events.filter((e) => eventTypeName(e) === 'WorkflowExecutionUpdateAccepted').map((e) => (e as { workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { name?: string } } } }).workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name));
    const statusOf = (scenario: string) => m.scenarios[scenario]!.workflows.map((w) => w.status);

    // The hearing: a refusal is preliminary first; an objection reopens review (approved), silence makes it final.
    expect(patchesOf('hearing-objection')).toContain(PATCH.preliminaryRefusalHearing);
    expect(updatesOf('hearing-objection')).toContain('submitObjection');
    expect(statusOf('hearing-objection')).toEqual(['APPROVED']);
    expect(updatesOf('hearing-silence')).toEqual([]);
    expect(statusOf('hearing-silence')).toEqual(['DENIED']);
    // An IBAN answer the bank confirms is evidence: approved with no second review.
    expect(patchesOf('info-iban-evidence')).toEqual(expect.arrayContaining([PATCH.informationAnswersAsEvidence, PATCH.approvedStartsEntitlement]));
    expect(updatesOf('info-iban-evidence')).toEqual(['claimTask', 'resolveTask', 'provideInformation']);
    // The review climbs the chain past the supervisors to the head of department.
    expect(patchesOf('sla-supervisor')).toContain(PATCH.escalationChainWorkingDays);
    // The appeal workflow decides REPLACE on a refusal made final.
    expect(updatesOf('appeal-replace', 'appeal-')).toEqual(['resolveAppeal']);
    expect(statusOf('appeal-replace').sort()).toEqual(['COMPLETED', 'DENIED']);
    // The entitlement: its first run continues as new, its last completes.
    const runs = eventsOf('entitlement-monthly', 'entitlement-');
    expect(runs.map((events) => events.some((e) => eventTypeName(e) === 'WorkflowExecutionContinuedAsNew')).sort()).toEqual([false, true]);
    expect(statusOf('entitlement-monthly').sort()).toEqual(['APPROVED', 'COMPLETED', 'CONTINUED_AS_NEW']);
  });

  it('v6 holds a payer rejection re-issued by an officer, an appeal paying the difference, and the working-day information deadline', () => {
    const m = manifest('v6');
    const eventsOf = (scenario: string, prefix: string) =>
      collectHistoryFiles([path.join(CORPUS, 'v6', scenario)])
        .filter((f) => path.basename(f).startsWith(prefix))
        .map((f) => historyJsonOf(readHistoryFile(f).history).events);
    const patchesOf = (scenario: string, prefix: string) => eventsOf(scenario, prefix).flatMap((events) => events.filter((e) => eventTypeName(e) === 'MarkerRecorded').map(markerInfo).flatMap((x) => (x.kind === 'patch' ? [x.patchId] : [])));
    const updatesOf = (scenario: string, prefix: string) =>
      eventsOf(scenario, prefix).flatMap((events) => events.filter((e) => eventTypeName(e) === 'WorkflowExecutionUpdateAccepted').map((e) => (e as { workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { name?: string } } } }).workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name));
    const statusOf = (scenario: string) => m.scenarios[scenario]!.workflows.map((w) => w.status).sort();

    // The payer's rejection at delivery opens its own workflow; the officer's reissue settles it.
    expect(patchesOf('payment-rejection', 'entitlement-')).toContain(PAYMENT_PATCH.rejectionOpensTask);
    expect(updatesOf('payment-rejection', 'payment-rejection-')).toEqual(['reissuePayment']);
    expect(statusOf('payment-rejection')).toEqual(['APPROVED', 'COMPLETED', 'COMPLETED']);
    // An appeal replacing a paid decision reaches the entitlement, as does one replacing a refusal.
    expect(patchesOf('appeal-correction', 'appeal-')).toEqual([PAYMENT_PATCH.appealCorrectsEntitlement]);
    expect(updatesOf('appeal-correction', 'appeal-')).toEqual(['claimTask', 'resolveAppeal']);
    expect(patchesOf('appeal-replace', 'appeal-')).toEqual([PAYMENT_PATCH.appealCorrectsEntitlement]);
    // The citizen's time to answer counts working days; older generations lack the marker.
    expect(patchesOf('info-deadline', 'case-')).toContain(PATCH.informationDeadlineWorkingDays);
    expect(patchesOf('info-answered', 'case-')).toContain(PATCH.informationDeadlineWorkingDays);
    for (const g of GENERATIONS.filter((x) => x !== 'v6')) {
      const files = collectHistoryFiles([path.join(CORPUS, g)]);
      expect(files.some((f) => fs.readFileSync(f, 'utf8').includes(PATCH.informationDeadlineWorkingDays))).toBe(false);
    }
  });

  it('holds the patch marker only in histories recorded after the change', () => {
    const patchIds = (generation: string, scenario: string) =>
      collectHistoryFiles([path.join(CORPUS, generation, scenario)]).flatMap((f) =>
        historyJsonOf(readHistoryFile(f).history)
          .events.filter((e) => eventTypeName(e) === 'MarkerRecorded')
          .map(markerInfo)
          .flatMap((m) => (m.kind === 'patch' ? [m.patchId] : [])),
      );
    expect(patchIds('v2', 'sla-supervisor')).toEqual([PATCH.slaEscalationNotice]);
    expect(patchIds('v2', 'escalate-approve')).toEqual([]);
    expect(patchIds('v3', 'escalate-approve')).toEqual([PATCH.fourEyesOnPaidAmount]);
    expect(patchIds('v4', 'escalate-approve')).toEqual([PATCH.failedStepNeedsAttention, PATCH.fourEyesOnPaidAmount]);
    expect(patchIds('v3', 'offer-silence')).not.toContain(PATCH.lifeEventOfferBundle);
    expect(patchIds('v4', 'offer-silence')).toContain(PATCH.lifeEventOfferBundle);
    expect(patchIds('v4', 'sla-supervisor')).not.toContain(PATCH.escalationChainWorkingDays);
    expect(patchIds('v5', 'sla-supervisor')).toEqual([PATCH.failedStepNeedsAttention, PATCH.preliminaryRefusalHearing, PATCH.escalationChainWorkingDays]);
    expect(patchIds('v4', 'auto-approve')).not.toContain(PATCH.approvedStartsEntitlement);
    expect(patchIds('v5', 'auto-approve')).toContain(PATCH.approvedStartsEntitlement);
    expect(collectHistoryFiles([path.join(CORPUS, 'v1')]).some((f) => fs.readFileSync(f, 'utf8').includes('core_patch'))).toBe(false);
  });

  it('is small enough to commit', () => {
    const sizes = collectHistoryFiles([CORPUS]).map((f) => fs.statSync(f).size);
    expect(Math.max(...sizes)).toBeLessThan(200 * 1024);
    // About 0.7 MB a generation through v4, 1.3 MB for v5 (more paths, and every refusal heard
    // first), 1.4 MB for v6; a generation is added per change to workflow code.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(GENERATIONS.length * 1024 * 1024);
  });

  it('contains no IIN, first or last name, or phone of the synthetic population it was generated from', () => {
    const dataset = getDataset({ referenceDate: manifest('v1').referenceDate });
    expect(GENERATIONS.every((g) => manifest(g).referenceDate === dataset.referenceDate)).toBe(true);
    const needles = new Set<string>();
    for (const p of dataset.persons.values()) {
      needles.add(p.iin);
      needles.add(p.firstName);
      needles.add(p.lastName);
      needles.add(p.phone);
      needles.add(`8${p.phone.slice(2)}`); // the local spelling, 8 7xx …
    }
    expect(dataset.persons.size).toBeGreaterThan(1000);
    const found: string[] = [];
    for (const file of collectHistoryFiles([CORPUS])) {
      const text = visibleText(file);
      for (const n of needles) if (text.includes(n)) found.push(`${path.relative(CORPUS, file)}: ${n}`);
    }
    expect(found).toEqual([]);
  });
});
