/**
 * Which MCI a period of a benefit defined in MCI was paid at (services/indexation.ts): the year,
 * the value and its source, and whether the indexation is PROVISIONAL — the catalog had no MCI for
 * the period's year, so the last one in force was paid.
 */
import { INDEXATION_STATUSES, type IndexationStatus, type PeriodIndexation } from '../../services/indexation.ts';
import { builder } from '../builder.ts';
import { LegalSourceRef } from './catalog.ts';

export const IndexationStatusEnum = builder.enumType('IndexationStatus', {
  values: INDEXATION_STATUSES,
  description: 'INDEXED: paid at the MCI of the period\'s year; PROVISIONAL: the catalog has no MCI for that year yet, the last one in force was paid.',
});

export const PeriodIndexationRef = builder.objectRef<PeriodIndexation>('PeriodIndexation').implement({
  description: 'The MCI a period was paid at, by the formula of the service version that decided.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    status: t.field({ type: IndexationStatusEnum, resolve: (i) => i.status }),
    mciYear: t.int({ description: 'The year of the MCI used.', resolve: (i) => i.year }),
    mci: t.float({ description: 'The MCI used (KZT).', resolve: (i) => i.value }),
    mciFrom: t.field({ type: 'Date', description: 'The day that MCI took effect.', resolve: (i) => i.from }),
    onDate: t.field({ type: 'Date', description: 'The day the period fell due: the MCI in force on it was looked for.', resolve: (i) => i.onDate }),
    verified: t.exposeBoolean('verified'),
    source: t.field({ type: LegalSourceRef, nullable: true, resolve: (i) => i.source }),
    serviceVersion: t.exposeInt('serviceVersion', { description: 'The version of the service whose dated MCI gave the value.' }),
    decidedAmount: t.float({ description: 'The monthly amount the decision signed.', resolve: (i) => i.decidedAmount }),
    decidedMci: t.float({ description: 'The MCI the decision was computed at.', resolve: (i) => i.decidedMci }),
    note: t.string({ nullable: true, description: 'Why the indexation is provisional.', resolve: (i) => i.note ?? null }),
  }),
});

/** The indexation stored on a period row (null when the period is not indexed). */
export const indexationOf = (stored: unknown): PeriodIndexation | null => (stored && typeof stored === 'object' ? (stored as PeriodIndexation) : null);
export type { IndexationStatus };
