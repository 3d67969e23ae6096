/**
 * What-if results as text for terminals: the two versions side by side, then rule by rule; a
 * bulk preview as counts, transitions, money and examples.
 */
import type { BulkPreview, ProgressReading, WhatIfResult } from '../../services/what-if/index.ts';

const money = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: 2 }));
const pad = (s: string, n: number) => s.padEnd(n);

export function formatCase(r: WhatIfResult): string {
  const o = r.original;
  const p = r.proposed;
  const row = (label: string, a: string, b: string, changed: boolean) => `  ${pad(label, 16)}${pad(a, 18)}${pad(b, 18)}${changed ? 'CHANGED' : ''}`;
  const lines = [
    `What-if for case ${r.caseId} (${r.serviceCode}), legal fact ${r.legalFactDate}, submitted ${r.submittedOn}`,
    `  proposed v${p.version} (${p.source})${p.inForce ? '' : ' is NOT in force on the legal-fact date'}; the case is pinned to v${o.version}`,
    `  on record: ${r.decision ? `${r.decision.outcome}${r.decision.amount !== null ? ` ${money(r.decision.amount)} KZT` : ''} by ${r.decision.decidedBy} at ${r.decision.decidedAt}` : 'no decision yet'}`,
    '',
    `  ${pad('', 16)}${pad(`original v${o.version}`, 18)}${pad(`proposed v${p.version}`, 18)}`,
    row('outcome', o.outcome, p.outcome, r.changes.outcome),
    row('engine would', o.disposition, p.disposition, r.changes.disposition),
    row('amount (KZT)', money(o.amount), money(p.amount), r.changes.amount),
    `  review reasons: v${o.version} ${o.escalationReasons.join(', ') || '—'}; v${p.version} ${p.escalationReasons.join(', ') || '—'}`,
    '',
    '  rule by rule:',
    ...r.changes.rules.map((c) => `    ${pad(c.id, 7)}${pad(c.original ?? '—', 15)}${pad(c.proposed ?? '—', 15)}${c.changed ? 'CHANGED ' : ''}${c.why && c.proposed !== 'PASS' ? c.why : ''}`),
  ];
  if (r.withheldEvidence.length) {
    lines.push('', `  evidence the proposed version needs that the case does not hold (its rules stay INDETERMINATE): ${r.withheldEvidence.map((w) => `${w.key} (${w.reason})`).join(', ')}`);
  }
  return lines.join('\n');
}

export function formatBulk(b: BulkPreview): string {
  const s = b.selection;
  const range = [s.decidedFrom && `from ${s.decidedFrom}`, s.decidedTo && `to ${s.decidedTo}`, s.outcome && `outcome ${s.outcome}`, s.limit && `at most ${s.limit}`].filter(Boolean).join(', ');
  const lines = [
    `What-if preview: ${b.evaluated} decided ${b.serviceCode} cases${range ? ` (${range})` : ''} against v${b.target.version} (${b.target.source}, ${b.target.contentHash.slice(0, 19)}…)`,
    `  outcomes that would change:    ${b.changed.outcome}${b.transitions.length ? `  (${b.transitions.map((t) => `${t.from} → ${t.to}: ${t.count}`).join('; ')})` : ''}`,
    `  amounts that would change:     ${b.changed.amount}  (${b.amounts.increased} up, ${b.amounts.decreased} down; total ${money(b.amounts.before)} → ${money(b.amounts.after)} KZT, ${b.amounts.delta >= 0 ? '+' : ''}${money(b.amounts.delta)})`,
    `  engine would act differently:  ${b.changed.disposition}`,
    `  cases changed in any way:      ${b.changed.any} of ${b.evaluated}`,
    `  missing evidence for the new version: ${b.withMissingEvidence} cases`,
  ];
  const ex = (title: string, list: BulkPreview['examples']['outcome']) => {
    if (!list.length) return;
    lines.push('', `  examples (${title}):`);
    for (const e of list) {
      const rules = e.changedRules.map((c) => `${c.id} ${c.original ?? '—'}→${c.proposed ?? '—'}`).join(', ');
      lines.push(`    ${e.caseId}: ${e.original.outcome} ${money(e.original.amount)} → ${e.proposed.outcome} ${money(e.proposed.amount)}${rules ? `; ${rules}` : ''}${e.withheldEvidence.length ? `; missing ${e.withheldEvidence.map((w) => w.key).join(',')}` : ''}`);
    }
  };
  ex('outcome changed', b.examples.outcome);
  ex('amount changed', b.examples.amount);
  if (b.errors.length) lines.push('', `  could not evaluate ${b.errors.length} cases:`, ...b.errors.slice(0, 10).map((e) => `    ${e.caseId}: ${e.message}`));
  return lines.join('\n');
}

const count = (n: number) => n.toLocaleString('en-US');

/** About how long: "45 s", "3 min 20 s", "1 h 5 min". */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s < 10 ? (Math.round(seconds * 10) / 10).toString() : s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * One progress line of a bulk preview (stderr): the size of the selection first, then done/total
 * with the rate and the time left, and at the end how long it took.
 */
export function formatProgress(r: ProgressReading, stage: 'start' | 'running' | 'end'): string {
  const failed = r.failed ? `, ${count(r.failed)} could not be evaluated` : '';
  const rate = r.perSecond === null ? '' : `, ${count(Math.round(r.perSecond))} cases/s`;
  if (stage === 'start') return `what-if: ${count(r.total)} decided cases to re-evaluate`;
  if (stage === 'end') return `what-if: ${count(r.done)}/${count(r.total)} cases in ${duration(r.elapsedMs / 1000)}${rate}${failed}`;
  const share = r.total ? ` (${Math.floor((r.done * 100) / r.total)}%)` : '';
  const left = r.secondsLeft === null ? '' : `, about ${duration(r.secondsLeft)} left`;
  return `what-if: ${count(r.done)}/${count(r.total)} cases${share}${rate}${left}${failed}`;
}
