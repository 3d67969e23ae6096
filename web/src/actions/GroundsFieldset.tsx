/** The service's closed list of refusal grounds, as checkboxes in the officer's language. */
import type { CaseData } from '../case/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function GroundsFieldset({ grounds, chosen, onChange, help }: { grounds: CaseData['refusalGrounds']; chosen: string[]; onChange(next: string[]): void; help?: string }) {
  const { t } = useI18n();
  const toggle = (code: string, on: boolean) => onChange(on ? [...chosen, code] : chosen.filter((c) => c !== code));
  return (
    <fieldset className="grounds">
      <legend>{t('actions.grounds')}</legend>
      {help ? <p className="muted small">{help}</p> : null}
      {grounds.map((g) => (
        <label key={g.code} className="ground">
          <input type="checkbox" name="grounds" value={g.code} checked={chosen.includes(g.code)} onChange={(e) => toggle(g.code, e.target.checked)} /> {g.text}
        </label>
      ))}
    </fieldset>
  );
}
