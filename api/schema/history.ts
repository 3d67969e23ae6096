/**
 * Workflow histories for engineers: `caseHistory` pages through the Temporal event history of
 * `case-<id>` with a readable summary per event; `caseHistoryExport` returns the whole history
 * as the SDK's JSON (the format replay tools read), so a case can be replayed or attached to a bug.
 */
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { apiError } from '../errors.ts';
import { DEFAULT_PAGE, MAX_PAGE } from '../pagination.ts';
import { HistorySummarizer, eventTypeName } from '../temporal/event-summary.ts';
import { describeCaseRun, exportCaseHistory, HistoryNotFound, runEvents, type CaseRun, type HistoryEventJson } from '../temporal/history.ts';
import { readableCase } from './cases.ts';

interface EventShape {
  event: HistoryEventJson;
  summary: string;
}

const HistoryEventRef = builder.objectRef<EventShape>('HistoryEvent').implement({
  description: 'One event of a workflow history.',
  authScopes: { engineer: true },
  fields: (t) => ({
    eventId: t.int({ resolve: (e) => Number(e.event.eventId) }),
    type: t.string({ description: 'e.g. ActivityTaskScheduled, WorkflowExecutionUpdateAccepted.', resolve: (e) => eventTypeName(e.event.eventType) }),
    time: t.field({ type: 'DateTime', resolve: (e) => new Date(e.event.eventTime) }),
    summary: t.exposeString('summary', { description: 'e.g. "Activity fetchEvidence scheduled", "Timer started (3 days)".' }),
    attributes: t.field({
      type: 'JSON',
      description: "The event's attributes as proto3 JSON (payloads base64).",
      resolve: (e) => e.event[Object.keys(e.event).find((k) => k.endsWith('EventAttributes')) ?? ''] ?? null,
    }),
  }),
});

const CaseHistoryConnection = builder.connectionObject(
  { type: HistoryEventRef, name: 'CaseHistoryConnection', authScopes: { engineer: true } },
  { name: 'CaseHistoryEdge', authScopes: { engineer: true } },
);

// The resolver returns the run with the page; Pothos types the connection shape without it.
const runOf = (connection: object): CaseRun => (connection as { run: CaseRun }).run;

builder.objectFields(CaseHistoryConnection, (t) => ({
  workflowId: t.string({ resolve: (c) => runOf(c).workflowId }),
  runId: t.string({ resolve: (c) => runOf(c).runId }),
  workflowStatus: t.string({ description: 'RUNNING, COMPLETED …', resolve: (c) => runOf(c).status }),
  totalCount: t.int({ description: 'Events in the history so far.', resolve: (c) => runOf(c).historyLength }),
}));

async function caseRun(ctx: Context, caseIdArg: string, operation: string): Promise<{ caseId: string; run: CaseRun }> {
  const row = await readableCase(ctx, caseIdArg, operation);
  try {
    return { caseId: row.id, run: await describeCaseRun(ctx.temporal, row.id) };
  } catch (e) {
    if (e instanceof HistoryNotFound) throw apiError(ctx.lang, 'NOT_FOUND', { detail: `no workflow ${e.workflowId}` });
    throw e;
  }
}

builder.queryField('caseHistory', (t) =>
  t.field({
    type: CaseHistoryConnection,
    description: "The Temporal event history of the case's workflow, oldest first, in pages (engineers).",
    authScopes: { engineer: true },
    args: {
      caseId: t.arg.id({ required: true }),
      first: t.arg.int({ required: false, description: `Events per page (default ${DEFAULT_PAGE}, at most ${MAX_PAGE}).` }),
      after: t.arg.string({ required: false, description: 'The cursor of the last event seen (its eventId).' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? DEFAULT_PAGE;
      if (first < 0 || first > MAX_PAGE) throw apiError(ctx.lang, 'BAD_REQUEST', { detail: `first must be between 0 and ${MAX_PAGE}` });
      const after = args.after ? Number(args.after) : 0;
      if (!Number.isInteger(after) || after < 0) throw apiError(ctx.lang, 'BAD_REQUEST', { detail: 'after must be a cursor this connection returned' });
      const { run } = await caseRun(ctx, args.caseId, 'Query.caseHistory');
      // Summaries name earlier events (an activity's completion names its scheduling), so the
      // history is read from its start; reading stops once the page is full.
      const summarizer = new HistorySummarizer();
      const edges: { cursor: string; node: EventShape }[] = [];
      let more = false;
      for await (const event of runEvents(ctx.temporal, run)) {
        const summary = summarizer.summarize(event);
        if (Number(event.eventId) <= after) continue;
        if (edges.length === first) {
          more = true;
          break;
        }
        edges.push({ cursor: event.eventId, node: { event, summary } });
      }
      return {
        run,
        edges,
        pageInfo: { hasNextPage: more, hasPreviousPage: after > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  }),
);

const CaseHistoryExport = builder.objectRef<{ run: CaseRun; history: unknown; eventCount: number }>('CaseHistoryExport').implement({
  description: 'A whole workflow history in the SDK JSON format: save `history` to a file and replay it.',
  authScopes: { engineer: true },
  fields: (t) => ({
    workflowId: t.string({ resolve: (e) => e.run.workflowId }),
    runId: t.string({ resolve: (e) => e.run.runId }),
    workflowStatus: t.string({ resolve: (e) => e.run.status }),
    eventCount: t.exposeInt('eventCount'),
    history: t.field({ type: 'JSON', description: '{"events": [...]}, as `historyFromJSON` and `temporal workflow show -o json` use.', resolve: (e) => e.history }),
  }),
});

builder.queryField('caseHistoryExport', (t) =>
  t.field({
    type: CaseHistoryExport,
    description: "The case workflow's whole history as the SDK's JSON (engineers).",
    authScopes: { engineer: true },
    args: { caseId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { caseId } = await caseRun(ctx, args.caseId, 'Query.caseHistoryExport');
      const exported = await exportCaseHistory(ctx.temporal, caseId);
      return { run: exported, history: exported.history, eventCount: exported.history.events.length };
    },
  }),
);
