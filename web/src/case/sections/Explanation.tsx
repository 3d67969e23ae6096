/**
 * The rule-by-rule evaluation the officer reviews (or the decision was made on): each rule's
 * requirement, result and legal basis, the cross-checks and policy conditions, and the amount.
 */
import { formatAmount, formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, DataTable, Hash, type Tone } from '../../ui/primitives.tsx';
import { describeReason, evidenceName } from '../reasons.ts';
import type { CaseData } from '../types.ts';

const RULE_TONE: Record<string, Tone> = { PASS: 'good', FAIL: 'bad', INDETERMINATE: 'warn' };
const OUTCOME_TONE: Record<string, Tone> = { ELIGIBLE: 'good', INELIGIBLE: 'bad', INDETERMINATE: 'warn' };

export function Explanation({ data }: { data: CaseData }) {
  const { t, tx, lang } = useI18n();
  const x = data.explanation;
  if (!x) return <p className="muted">{t('explanation.none')}</p>;
  return (
    <>
      <p>
        <Badge tone={OUTCOME_TONE[x.outcome]}>{tx('explanation.outcome', x.outcome)}</Badge>{' '}
        {t('explanation.summary', { outcome: tx('explanation.outcome', x.outcome), version: x.serviceVersion, date: formatDate(x.asOf, lang) })}
      </p>
      {x.amount ? (
        <p className="amount">
          <strong>{t('explanation.amount')}:</strong>{' '}
          {x.amount.monthly ? t('explanation.perMonth', { amount: formatAmount(x.amount.value, lang, x.amount.currency) }) : formatAmount(x.amount.value, lang, x.amount.currency)}
          {x.amount.periodMonths ? ` ${t('explanation.months', { n: x.amount.periodMonths })}` : ''}
          {x.amount.limitedBy ? ` (${t('explanation.limitedBy', { what: x.amount.limitedBy })})` : ''}. {t('explanation.total', { amount: formatAmount(x.amount.total, lang, x.amount.currency) })}
        </p>
      ) : null}
      <DataTable className="rules" columns={[t('explanation.rule'), t('explanation.requirement'), t('explanation.result'), t('explanation.legalBasis')]}>
        {x.rules.map((r) => (
          <tr key={r.ruleId} data-rule={r.ruleId} data-status={r.status}>
            <th scope="row" className="mono">
              {r.ruleId}
            </th>
            <td>
              {r.text}
              {r.failText ? <div className="fail-text">{r.failText}</div> : null}
              {r.evidence.length ? <div className="muted">{t('explanation.reads', { keys: r.evidence.map((k) => evidenceName(k, t)).join(', ') })}</div> : null}
              {r.cause ? <div className="muted">{t('explanation.cause', { detail: `${r.cause.kind}: ${r.cause.detail}` })}</div> : null}
            </td>
            <td>
              <Badge tone={RULE_TONE[r.status]}>{tx('rule.status', r.status)}</Badge>
              {r.treatedAsFail ? <div className="muted">{t('explanation.treatedAsFail')}</div> : null}
            </td>
            <td>{r.legalBasis.citation}</td>
          </tr>
        ))}
      </DataTable>
      {x.crossChecks.length ? <Checks title={t('explanation.crossChecks')} items={x.crossChecks} /> : null}
      {x.policy.length ? <Checks title={t('explanation.policy')} items={x.policy} /> : null}
      <p className="muted small">
        {t('explanation.definition')}: <Hash value={x.definitionHash} />
      </p>
    </>
  );
}

function Checks({ title, items }: { title: string; items: { id: string; outcome: string; text: string }[] }) {
  const { tx } = useI18n();
  return (
    <>
      <h3>{title}</h3>
      <ul className="checks">
        {items.map((c) => (
          <li key={c.id}>
            <span className="mono">{c.id}</span> — {c.text} <Badge tone={c.outcome === 'CONFLICT' || c.outcome === 'TRIGGERED' ? 'warn' : 'neutral'}>{tx('check', c.outcome)}</Badge>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Why the engine handed the case to a human, with the rule or condition each reason names. */
export function Escalation({ data }: { data: CaseData }) {
  const { t } = useI18n();
  const x = data.explanation;
  const reasons = x?.escalationReasons.length ? x.escalationReasons : [...new Set(data.openTasks.flatMap((task) => task.reasons))];
  if (!reasons.length) return <p className="muted">{t('escalation.none')}</p>;
  const context = { rules: x?.rules, checks: [...(x?.crossChecks ?? []), ...(x?.policy ?? [])] };
  return (
    <ul className="escalation">
      {reasons.map((r) => (
        <li key={r}>
          {describeReason(r, t, 'long', context)} <span className="muted mono">({r})</span>
        </li>
      ))}
    </ul>
  );
}
