import type { ResultOf } from '../api/graphql.ts';
import type { CaseViewQuery } from './documents.ts';

export type CaseData = NonNullable<ResultOf<typeof CaseViewQuery>['case']>;
export type OpenTask = CaseData['openTasks'][number];
export type TimelineEvent = CaseData['timeline'][number];
