/**
 * Approve, deny or request information, always with a reason. The API checks everything (the
 * reason's length, the amount, who may decide) and its refusal is shown as it comes; the form
 * only makes the fields an officer needs obvious. The months granted come from the rules: the
 * API does not take them from an officer yet. A refusal names at least one of the service's
 * refusal grounds (the legal grounds the signed decision and the citizen's SMS cite).
 *
 * On the review of a citizen's objection to a preliminary refusal (`objection`), the choice is
 * final: approve, or uphold the refusal — its grounds ticked to start with.
 */
import { useId, useState, type FormEvent } from 'react';
import type { CaseData, OpenTask } from '../case/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { FormButtons, ReasonField } from './FormParts.tsx';
import { GroundsFieldset } from './GroundsFieldset.tsx';

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
  objection = false,
  onSubmit,
  onCancel,
}: {
  mode: ResolveMode;
  objection?: boolean;
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
  const [grounds, setGrounds] = useState<string[]>(() => (objection ? (data.hearing?.grounds ?? []).filter((g) => data.refusalGrounds.some((r) => r.code === g)) : []));
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
  const confirm = objection
    ? mode === 'APPROVE'
      ? t('objection.confirmApprove')
      : t('objection.confirmUphold')
    : mode === 'APPROVE'
      ? t('actions.confirmApprove')
      : mode === 'DENY'
        ? t('actions.confirmDeny')
        : t('actions.confirmRequest');

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
        <GroundsFieldset grounds={data.refusalGrounds} chosen={grounds} onChange={setGrounds} help={objection ? t('objection.groundsHelp') : undefined} />
      ) : null}
      <ReasonField id={id} label={t('actions.reason')} value={reason} onChange={setReason} autoFocus={mode === 'DENY'} />
      <FormButtons confirm={confirm} tone={mode === 'DENY' ? 'danger' : 'primary'} busy={busy} onCancel={onCancel} />
    </form>
  );
}
