/**
 * The legal-fact date — the birth, the job loss — decides which version of a service applies and
 * which MCI is used, whatever day the citizen applies. It must therefore be computable from the
 * application alone, before any version is chosen.
 */
import { parseIin } from '../lib/iin.ts';
import { isIsoDate } from '../lib/dates.ts';
import type { LegalFact } from './definition.ts';

export class LegalFactUnavailable extends Error {
  readonly code = 'LegalFactUnavailable';
  constructor(readonly service: string, readonly field: string | null, reason: string) {
    super(`cannot determine the legal-fact date of ${service}: ${reason}`);
    this.name = 'LegalFactUnavailable';
  }
}

/**
 * @param submittedOn the date the application counts as made (YYYY-MM-DD); needed only by
 *   services whose legal fact is the submission itself.
 */
export function legalFactFrom(
  service: string,
  legalFact: LegalFact,
  application: Record<string, unknown>,
  submittedOn?: string,
): string {
  switch (legalFact.from) {
    case 'iinBirthDate': {
      const parsed = parseIin(application[legalFact.field]);
      if (!parsed.ok) throw new LegalFactUnavailable(service, legalFact.field, `${legalFact.field}: ${parsed.message}`);
      return parsed.birthDate;
    }
    case 'field': {
      const field = legalFactField(legalFact, application);
      const value = application[field];
      if (!isIsoDate(value)) throw new LegalFactUnavailable(service, field, `${field} is not a date YYYY-MM-DD`);
      return value;
    }
    case 'submissionDate':
      if (!isIsoDate(submittedOn)) throw new LegalFactUnavailable(service, null, 'the submission date is needed and was not given');
      return submittedOn;
  }
}

/** The application field the legal-fact date is read from: `otherwise` when `field` is not given. */
export function legalFactField(legalFact: Extract<LegalFact, { from: 'field' | 'iinBirthDate' }>, application: Record<string, unknown>): string {
  if (legalFact.from === 'field' && legalFact.otherwise !== undefined && (application[legalFact.field] === undefined || application[legalFact.field] === null)) {
    return legalFact.otherwise;
  }
  return legalFact.field;
}
