/** The schema: one module per domain, each adding its types, queries and mutations. */
import { builder } from '../builder.ts';
import './scalars.ts';
import './errors.ts';
import './viewer.ts';
import './catalog.ts';
import './cases.ts';
import './case-actions.ts';
import './information.ts';
import './failed-steps.ts';
import './tasks.ts';
import './staff.ts';
import './staff-notifications.ts';
import './task-actions.ts';
import './decisions.ts';
import './hearing.ts';
import './citizen-notifications.ts';
import './appeals.ts';
import './offer-delivery.ts';
import './life-events.ts';
import './audit.ts';
import './history.ts';
import './what-if.ts';
import './api-keys.ts';
import './population-sweeps.ts';
import './payments.ts';
import './rechecks.ts';
import './subscriptions.ts';
import './what-if-progress.ts';

builder.queryType({});
builder.mutationType({});

export const schema = builder.toSchema({ sortSchema: true });
