/**
 * Approve, deny or request information, always with a reason. The API checks everything (the
 * reason's length, the amount, who may decide) and its refusal is shown as it comes; the form
 * only makes the fields an officer needs obvious. The months granted come from the rules: the
 * API does not take them from an officer yet. A refusal names at least one of the service's
 * refusal grounds (the legal grounds the signed decision and the citizen's SMS cite).
 */
import { useId, useState, type FormEvent } from 'react';
import type { CaseData, OpenTask } from '../case/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

export type ResolveMode = 'APPROVE' | 'DENY' | 'REQUEST_INFORMATION';

export interface ResolveValues {
  action: ResolveMode;
  reason: string;
  amount?: number;
  request?: string;
  grounds?: string[];
}

export function ResolveForm({
  mode,
  task,
  data,
  busy,
  onSubmit,
  onCancel,
}: {
  mode: ResolveMode;
  task: OpenTask;
  data: CaseData;
  busy: boolean;
  onSubmit(values: ResolveValues): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [request, setRequest] = useState('');
  const [grounds, setGrounds] = useState<string[]>([]);
  const toggle = (code: string, on: boolean) => setGrounds((g) => (on ? [...g, code] : g.filter((c) => c !== code)));
  const computed = data.explanation?.amount;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({
      action: mode,
      reason,
      ...(mode === 'APPROVE' && amount.trim() !== '' ? { amount: Number(amount) } : {}),
      ...(mode === 'REQUEST_INFORMATION' ? { request } : {}),
      ...(mode === 'DENY' && data.refusalGrounds.length > 0 ? { grounds } : {}),
    });
  };

  const amountLabel = task.kind === 'SECOND_REVIEW' ? t('actions.amountSecond') : computed?.monthly ? t('actions.amountMonthly') : t('actions.amount');
  const confirm = mode === 'APPROVE' ? t('actions.confirmApprove') : mode === 'DENY' ? t('actions.confirmDeny') : t('actions.confirmRequest');

  return (
    <form className="action-form" onSubmit={submit} aria-label={confirm}>
      {mode === 'APPROVE' ? (
        <>
          <label htmlFor={`${id}-amount`}>{amountLabel}</label>
          <input
            autoFocus
            id={`${id}-amount`}
            name="amount"
            type="number"
            min="0"
            step="0.01"
            inputMode="decimal"
            value={amount}
            placeholder={computed ? String(computed.value) : ''}
            onChange={(e) => setAmount(e.target.value)}
          />
          {computed?.periodMonths ? <p className="muted small">{t('actions.months', { n: computed.periodMonths })}</p> : null}
        </>
      ) : null}
      {mode === 'REQUEST_INFORMATION' ? (
        <>
          <label htmlFor={`${id}-request`}>{t('actions.request')}</label>
          <textarea autoFocus id={`${id}-request`} name="request" required rows={3} value={request} onChange={(e) => setRequest(e.target.value)} />
        </>
      ) : null}
      {mode === 'DENY' && data.refusalGrounds.length > 0 ? (
        <fieldset className="grounds">
          <legend>{t('actions.grounds')}</legend>
          {data.refusalGrounds.map((g) => (
            <label key={g.code} className="ground">
              <input type="checkbox" name="grounds" value={g.code} checked={grounds.includes(g.code)} onChange={(e) => toggle(g.code, e.target.checked)} /> {g.text}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label htmlFor={`${id}-reason`}>{t('actions.reason')}</label>
      <textarea autoFocus={mode === 'DENY'} id={`${id}-reason`} name="reason" required rows={3} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={`${id}-reason-help`} />
      <p id={`${id}-reason-help`} className="muted small">
        {t('actions.reasonHelp')}
      </p>
      <div className="button-row">
        <button type="submit" className={mode === 'DENY' ? 'danger' : 'primary'} disabled={busy}>
          {busy ? t('actions.working') : confirm}
        </button>
        <button type="button" onClick={onCancel}>
          {t('actions.cancel')}
        </button>
      </div>
    </form>
  );
}
