/** What every action form ends with: the reason the audit log keeps, and confirm / cancel. */
import { useI18n } from '../i18n/i18n.tsx';

export function ReasonField({ id, label, value, onChange, autoFocus = false, rows = 3 }: { id: string; label: string; value: string; onChange(value: string): void; autoFocus?: boolean; rows?: number }) {
  const { t } = useI18n();
  return (
    <>
      <label htmlFor={`${id}-reason`}>{label}</label>
      <textarea autoFocus={autoFocus} id={`${id}-reason`} name="reason" required rows={rows} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-reason-help`} />
      <p id={`${id}-reason-help`} className="muted small">
        {t('actions.reasonHelp')}
      </p>
    </>
  );
}

export function FormButtons({ confirm, tone = 'primary', busy, onCancel }: { confirm: string; tone?: 'primary' | 'danger'; busy: boolean; onCancel(): void }) {
  const { t } = useI18n();
  return (
    <div className="button-row">
      <button type="submit" className={tone} disabled={busy}>
        {busy ? t('actions.working') : confirm}
      </button>
      <button type="button" onClick={onCancel}>
        {t('actions.cancel')}
      </button>
    </div>
  );
}
