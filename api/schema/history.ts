/**
 * Workflow histories for engineers: `caseHistory` pages through the Temporal event history of
 * `case-<id>` (or, with `workflow: ENTITLEMENT`, of the entitlement `entitlement-<id>` its approval
 * started) with a readable summary per event; `caseHistoryExport` returns the whole history
 * as the SDK's JSON (the format replay tools read), optionally scrubbed of personal data, so a
 * case can be replayed or attached to a bug; `replayCase` replays it against the workflow code
 * this deployment runs and names the first event the code disagrees with.
 */
import { eventTypeName } from '../../lib/temporal/history/events.ts';
import { createScrubber, HistoryNotFound, type ReplayFailure } from '../../lib/temporal/history/index.ts';
import { HistorySummarizer } from '../../lib/temporal/history/summary.ts';
import { maskText, seesPersonalData, WITHHELD } from '../auth/personal-data.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { apiError, toGraphQL } from '../errors.ts';
import { DEFAULT_PAGE, MAX_PAGE } from '../pagination.ts';
import { temporalUnavailable } from '../temporal/failures.ts';
import { describeCaseRun, exportCaseHistory, runEvents, type CaseHistoryExport as ExportedHistory, type CaseRun, type CaseWorkflowKind, type HistoryEventJson } from '../temporal/history.ts';
import type { CaseReplayReport } from '../temporal/replay.ts';
import { readableCase } from './cases.ts';

interface EventShape {
  event: HistoryEventJson;
  summary: string;
  /** The case's department: whether the caller sees its personal data unmasked. */
  department: string;
}

/** A summary as a caller who sees personal data masked reads it: failure messages (which quote registries and officers) withheld. */
export function maskedSummary(summary: string): string {
  return maskText(summary.replace(/(failed(?: \([^)]*\))?: ).*$/s, `$1${WITHHELD}`));
}

const HistoryEventRef = builder.objectRef<EventShape>('HistoryEvent').implement({
  description: 'One event of a workflow history.',
  authScopes: { engineer: true },
  fields: (t) => ({
    eventId: t.int({ resolve: (e) => Number(e.event.eventId) }),
    type: t.string({ description: 'e.g. ActivityTaskScheduled, WorkflowExecutionUpdateAccepted.', resolve: (e) => eventTypeName(e.event.eventType) }),
    time: t.field({ type: 'DateTime', resolve: (e) => new Date(e.event.eventTime) }),
    summary: t.string({
      description: 'e.g. "Activity fetchEvidence scheduled", "Timer started (3 days)"; failure messages withheld where personal data is masked.',
      resolve: (e, _args, ctx) => (seesPersonalData(ctx.caller, e.department) ? e.summary : maskedSummary(e.summary)),
    }),
    attributes: t.field({
      type: 'JSON',
      description: "The event's attributes as proto3 JSON (payloads base64); personal data pseudonymised for engineers.",
      resolve: (e, _args, ctx) => {
        const event = seesPersonalData(ctx.caller, e.department) ? e.event : createScrubber({ key: ctx.config.REPLAY_SCRUB_KEY }).history({ events: [e.event as never] }).events[0]!;
        return (event as Record<string, unknown>)[Object.keys(event).find((k) => k.endsWith('EventAttributes')) ?? ''] ?? null;
      },
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

/**
 * A read from Temporal in the caller's terms: a run that is gone (never started, retention, a
 * reset) is NOT_FOUND; Temporal down or past the read deadline is UNAVAILABLE, in the caller's
 * language and on this field (left to the server's error mask it would lose both).
 */
async function readRun<T>(ctx: Context, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof HistoryNotFound) throw apiError(ctx.lang, 'NOT_FOUND', { detail: e.message });
    const unavailable = temporalUnavailable(e);
    if (unavailable) throw toGraphQL(ctx.lang, unavailable);
    throw e;
  }
}

async function caseRun(ctx: Context, caseIdArg: string, operation: string, kind: CaseWorkflowKind): Promise<{ caseId: string; department: string; run: CaseRun }> {
  const row = await readableCase(ctx, caseIdArg, operation);
  return { caseId: row.id, department: row.department, run: await readRun(ctx, () => describeCaseRun(ctx.temporal, row.id, kind)) };
}

const CaseWorkflowEnum = builder.enumType('CaseWorkflow', {
  description: "Which of a case's workflows: CASE, the case itself; ENTITLEMENT, the entitlement its approval started (its payments; the latest run).",
  values: ['CASE', 'ENTITLEMENT'] as const,
});

/** The `workflow` argument of the history queries: the case's own unless asked otherwise. */
const WORKFLOW_ARG = { type: CaseWorkflowEnum, required: false, defaultValue: 'CASE', description: 'CASE (default) or ENTITLEMENT: the payments workflow an approval started; NOT_FOUND when there is none.' } as const;

builder.queryField('caseHistory', (t) =>
  t.field({
    type: CaseHistoryConnection,
    description: "The Temporal event history of the case's workflow, oldest first, in pages (engineers).",
    authScopes: { engineer: true },
    args: {
      caseId: t.arg.id({ required: true }),
      first: t.arg.int({ required: false, description: `Events per page (default ${DEFAULT_PAGE}, at most ${MAX_PAGE}).` }),
      after: t.arg.string({ required: false, description: 'The cursor of the last event seen (its eventId).' }),
      workflow: t.arg(WORKFLOW_ARG),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? DEFAULT_PAGE;
      if (first < 0 || first > MAX_PAGE) throw apiError(ctx.lang, 'BAD_REQUEST', { status: 400, detail: `first must be between 0 and ${MAX_PAGE}` });
      const after = args.after ? Number(args.after) : 0;
      if (!Number.isInteger(after) || after < 0) throw apiError(ctx.lang, 'BAD_REQUEST', { status: 400, detail: 'after must be a cursor this connection returned' });
      const { run, department } = await caseRun(ctx, args.caseId, 'Query.caseHistory', args.workflow ?? 'CASE');
      // Summaries name earlier events (an activity's completion names its scheduling), so the
      // history is read from its start; reading stops once the page is full.
      const summarizer = new HistorySummarizer();
      const edges: { cursor: string; node: EventShape }[] = [];
      let more = false;
      await readRun(ctx, async () => {
        for await (const event of runEvents(ctx.temporal, run)) {
          const summary = summarizer.summarize(event);
          if (Number(event.eventId) <= after) continue;
          if (edges.length === first) {
            more = true;
            break;
          }
          edges.push({ cursor: event.eventId, node: { event, summary, department } });
        }
      });
      return {
        run,
        edges,
        pageInfo: { hasNextPage: more, hasPreviousPage: after > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  }),
);



const CaseHistoryExport = builder.objectRef<ExportedHistory & { run: CaseRun }>('CaseHistoryExport').implement({
  description: 'A whole workflow history in the SDK JSON format: save `history` to a file and replay it.',
  authScopes: { engineer: true },
  fields: (t) => ({
    workflowId: t.exposeString('workflowId', { description: 'As in the history (scrubbed like it when `scrubbed`): replay the file under this id.' }),
    runId: t.string({ resolve: (e) => e.run.runId }),
    workflowStatus: t.string({ resolve: (e) => e.run.status }),
    eventCount: t.exposeInt('eventCount'),
    scrubbed: t.exposeBoolean('scrubbed', { description: 'IINs, phones, officer ids and free text replaced by consistent pseudonyms.' }),
    history: t.field({ type: 'JSON', description: '{"events": [...]}, as `historyFromJSON` and `temporal workflow show -o json` use.', resolve: (e) => e.history }),
  }),
});

builder.queryField('caseHistoryExport', (t) =>
  t.field({
    type: CaseHistoryExport,
    description: "The case workflow's whole history as the SDK's JSON (engineers). With `scrub`, personal data is pseudonymised (REPLAY_SCRUB_KEY) and the history still replays.",
    authScopes: { engineer: true },
    args: {
      caseId: t.arg.id({ required: true }),
      scrub: t.arg.boolean({
        required: false,
        defaultValue: false,
        description: 'Replace IINs, phones, officer ids and free text with consistent pseudonyms (always, for engineers without an officer role).',
      }),
      workflow: t.arg(WORKFLOW_ARG),
    },
    resolve: async (_root, args, ctx) => {
      const kind = args.workflow ?? 'CASE';
      const { caseId, department, run } = await caseRun(ctx, args.caseId, 'Query.caseHistoryExport', kind);
      const exported = await readRun(ctx, () => exportCaseHistory(ctx.temporal, caseId, { scrub: Boolean(args.scrub) || !seesPersonalData(ctx.caller, department), scrubKey: ctx.config.REPLAY_SCRUB_KEY, runId: run.runId, kind }));
      return { ...exported, run };
    },
  }),
);

const ReplayMismatchRef = builder.objectRef<NonNullable<ReplayFailure['mismatch']>>('ReplayMismatch').implement({
  description: 'The first history event the workflow code disagrees with, what the code did instead, and the fix.',
  authScopes: { engineer: true },
  fields: (t) => ({
    eventId: t.int({ nullable: true, resolve: (m) => m.eventId }),
    eventType: t.string({ nullable: true, description: 'e.g. ActivityTaskScheduled, TimerStarted, MarkerRecorded.', resolve: (m) => m.eventType }),
    event: t.string({ nullable: true, description: 'The event described, e.g. "activity fetchEvidence (activity id 3)".', resolve: (m) => m.event }),
    command: t.exposeString('command', { description: 'The command the code produced there, e.g. "RecordMarker (local activity notifyCitizen)".' }),
    detail: t.exposeString('detail', { description: "The SDK core's own words." }),
    hint: t.exposeString('hint', { description: 'How to make the change compatible, e.g. guard it with patched().' }),
  }),
});

const ReplayFailureKindEnum = builder.enumType('ReplayFailureKind', {
  description: 'NONDETERMINISM: the code issues other commands than the history recorded; ERROR: the replay failed otherwise.',
  values: ['NONDETERMINISM', 'ERROR'] as const,
});

const ReplayFailureRef = builder.objectRef<ReplayFailure>('ReplayFailure').implement({
  description: 'Why the history does not replay.',
  authScopes: { engineer: true },
  fields: (t) => ({
    kind: t.field({ type: ReplayFailureKindEnum, resolve: (f) => f.kind }),
    message: t.exposeString('message'),
    mismatch: t.field({ type: ReplayMismatchRef, nullable: true, description: 'Set for NONDETERMINISM.', resolve: (f) => f.mismatch }),
  }),
});

const ReplayResultRef = builder.objectRef<CaseReplayReport>('ReplayResult').implement({
  description: "A case's workflow history replayed against the workflow code this deployment runs.",
  authScopes: { engineer: true },
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'The code reproduces every command the history recorded.' }),
    workflowId: t.exposeString('workflowId'),
    runId: t.exposeString('runId'),
    eventCount: t.exposeInt('eventCount'),
    durationMs: t.exposeInt('durationMs'),
    workflowCode: t.exposeString('workflowCode', { description: 'What was replayed against: the prebuilt bundle, or workflows/index.ts.' }),
    failure: t.field({ type: ReplayFailureRef, nullable: true, resolve: (r) => r.failure }),
  }),
});

builder.queryField('replayCase', (t) =>
  t.field({
    type: ReplayResultRef,
    description: "Replays the case's workflow history (running or closed) against the workflow code this deployment runs (engineers): would this code resume the case?",
    authScopes: { engineer: true },
    args: { caseId: t.arg.id({ required: true }), workflow: t.arg(WORKFLOW_ARG) },
    resolve: async (_root, args, ctx) => {
      const kind = args.workflow ?? 'CASE';
      const { caseId, run } = await caseRun(ctx, args.caseId, 'Query.replayCase', kind);
      return readRun(ctx, () => ctx.replayer.replay(caseId, run.runId, kind));
    },
  }),
);
