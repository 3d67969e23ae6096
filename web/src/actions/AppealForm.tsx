/**
 * The appeal group's decision on an appeal: uphold the decision appealed, or replace it with a
 * new signed decision — an approval (with an amount of one's own, or the computed one) or a
 * refusal on the service's grounds. Always with a reason. The API decides who may (never the
 * maker of the decision appealed: FOUR_EYES) and its refusal is shown as it comes.
 */
import { useId, useState, type FormEvent } from 'react';
import type { CaseData } from '../case/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { FormButtons, ReasonField } from './FormParts.tsx';
import { GroundsFieldset } from './GroundsFieldset.tsx';

export type AppealMode = 'UPHOLD' | 'REPLACE';

export interface AppealValues {
  resolution: AppealMode;
  reason: string;
  outcome?: 'APPROVED' | 'DENIED';
  amount?: number;
  grounds?: string[];
}

export function AppealForm({ mode, data, busy, onSubmit, onCancel }: { mode: AppealMode; data: CaseData; busy: boolean; onSubmit(values: AppealValues): void; onCancel(): void }) {
  const { t, tx } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<'APPROVED' | 'DENIED'>('APPROVED');
  const [amount, setAmount] = useState('');
  const [grounds, setGrounds] = useState<string[]>([]);
  const computed = data.explanation?.amount;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mode === 'UPHOLD') return onSubmit({ resolution: 'UPHOLD', reason });
    onSubmit({
      resolution: 'REPLACE',
      reason,
      outcome,
      ...(outcome === 'APPROVED' && amount.trim() !== '' ? { amount: Number(amount) } : {}),
      ...(outcome === 'DENIED' ? { grounds } : {}),
    });
  };
  const confirm = mode === 'UPHOLD' ? t('appeal.confirmUphold') : t('appeal.confirmReplace');

  return (
    <form className="action-form" onSubmit={submit} aria-label={mode === 'UPHOLD' ? t('appeal.uphold') : t('appeal.replace')}>
      {mode === 'REPLACE' ? (
        <>
          <fieldset className="choice">
            <legend>{t('appeal.outcome')}</legend>
            {(['APPROVED', 'DENIED'] as const).map((o, n) => (
              <label key={o} className="ground">
                <input autoFocus={n === 0} type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} /> {tx('decision.outcome', o)}
              </label>
            ))}
          </fieldset>
          {outcome === 'APPROVED' ? (
            <>
              <label htmlFor={`${id}-amount`}>{t('appeal.amount')}</label>
              <input id={`${id}-amount`} name="amount" type="number" min="0" step="0.01" inputMode="decimal" value={amount} placeholder={computed ? String(computed.value) : ''} onChange={(e) => setAmount(e.target.value)} />
            </>
          ) : (
            <GroundsFieldset grounds={data.refusalGrounds} chosen={grounds} onChange={setGrounds} />
          )}
        </>
      ) : null}
      <ReasonField id={id} label={t('appeal.reason')} value={reason} onChange={setReason} autoFocus={mode === 'UPHOLD'} />
      <FormButtons confirm={confirm} tone={mode === 'REPLACE' ? 'danger' : 'primary'} busy={busy} onCancel={onCancel} />
    </form>
  );
}
