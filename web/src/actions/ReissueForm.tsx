/**
 * A payment the payer rejected (a closed account): the officer names another account of the
 * applicant's, and says how it was confirmed. The API checks the IBAN's form and that the bank
 * registry holds it, open, in the applicant's name; its refusal is shown as it comes.
 */
import { useId, useState, type FormEvent } from 'react';
import { usePeriodName } from '../case/sections/Entitlement.tsx';
import type { CaseData, OpenTask } from '../case/types.ts';
import { parseReason } from '../case/reasons.ts';
import { formatAmount } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { FormButtons, ReasonField } from './FormParts.tsx';

export interface ReissueValues {
  iban: string;
  reason: string;
}

/** The rejected instruction this task is about: the period its reasons name, not yet re-issued. */
function rejectedInstruction(task: OpenTask, data: CaseData) {
  const period = task.reasons.map(parseReason).find((r) => r.kind === 'PERIOD')?.subject;
  return data.entitlement?.instructions.find((i) => i.status === 'REJECTED' && !i.reissuedBy && (period === undefined || i.period === period)) ?? null;
}

export function ReissueForm({ task, data, busy, onSubmit, onCancel }: { task: OpenTask; data: CaseData; busy: boolean; onSubmit(values: ReissueValues): void; onCancel(): void }) {
  const { t, tx, lang } = useI18n();
  const id = useId();
  const periodName = usePeriodName();
  const [iban, setIban] = useState('');
  const [reason, setReason] = useState('');
  const rejected = rejectedInstruction(task, data);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ iban: iban.replace(/\s+/g, '').toUpperCase(), reason });
  };
  return (
    <form className="action-form" onSubmit={submit} aria-label={t('reissue.confirm')}>
      {rejected ? (
        <p className="muted">
          {t('reissue.rejected', {
            period: periodName(rejected.period),
            amount: formatAmount(rejected.amount, lang, rejected.currency),
            iban: rejected.iban,
            reason: rejected.rejectionReason ? tx('rejection', rejected.rejectionReason) : '—',
          })}
        </p>
      ) : null}
      <label htmlFor={`${id}-iban`}>{t('reissue.iban')}</label>
      <input
        autoFocus
        id={`${id}-iban`}
        name="iban"
        required
        autoComplete="off"
        spellCheck={false}
        className="mono"
        value={iban}
        onChange={(e) => setIban(e.target.value)}
        aria-describedby={`${id}-iban-help`}
      />
      <p id={`${id}-iban-help`} className="muted small">
        {t('reissue.ibanHelp')}
      </p>
      <ReasonField id={id} label={t('reissue.reason')} value={reason} onChange={setReason} rows={2} />
      <FormButtons confirm={t('reissue.confirm')} busy={busy} onCancel={onCancel} />
    </form>
  );
}
