/**
 * `previewReevaluationProgress(input)`: the bulk what-if preview (previewReevaluation) for a
 * selection too large to wait on in silence — up to MAX_STREAMED_LIMIT cases — as a subscription
 * over server-sent events, like caseUpdated: progress events (cases done of the total, rate, time
 * left), then a last one carrying the preview. Progress events hold counts only, never a case or
 * a person. One per twentieth of the selection and one whenever MAX_PROGRESS_EVERY_MS has passed
 * since the last, so a client sees a fast preview on its way and a slow one moving, and never
 * more than PROGRESS_STEPS + 2 events beyond one per interval. The preview runs in this API process and stops before its next
 * case when the client goes away (or the API shuts down); each caller runs at most
 * MAX_PREVIEWS_PER_CALLER previews at once, the query included (RATE_LIMITED beyond). Nothing is
 * written.
 */
import { previewBulkReevaluation, resolveVersion, ProgressMeter, ProgressThrottle, type BulkPreview, type ProgressReading } from '../../services/what-if/index.ts';
import { actorOf } from '../auth/caller.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { ApiError, apiError, DomainError, toGraphQL } from '../errors.ts';
import type { PreviewRun } from '../what-if-previews.ts';
import { LanguageEnum } from './scalars.ts';
import { MAX_STREAMED_LIMIT, previewRequest, previewsBusy, PreviewRef, PreviewReevaluationInput } from './what-if.ts';

/** At most this long between two progress events while a preview runs. */
export const MAX_PROGRESS_EVERY_MS = 1000;
/** And one event each time another 1/PROGRESS_STEPS of the selection is done. */
export const PROGRESS_STEPS = 20;

interface ProgressEvent {
  reading: ProgressReading;
  preview: (BulkPreview & { limit: number }) | null;
}

const ProgressRef = builder.objectRef<ProgressEvent>('ReevaluationProgress').implement({
  description: 'How far a bulk what-if preview has got: counts only. The last event is `finished` and carries the preview.',
  authScopes: { engineer: true },
  fields: (t) => ({
    done: t.int({ description: 'Cases re-evaluated so far (evaluated + failed).', resolve: (e) => e.reading.done }),
    total: t.int({ description: "The selection's size (capped by the limit) when the preview began; the last event has the number actually read.", resolve: (e) => e.reading.total }),
    evaluated: t.int({ resolve: (e) => e.reading.evaluated }),
    failed: t.int({ description: 'Cases that could not be re-evaluated (listed in the preview).', resolve: (e) => e.reading.failed }),
    elapsedSeconds: t.float({ resolve: (e) => Math.round(e.reading.elapsedMs) / 1000 }),
    casesPerSecond: t.float({ nullable: true, description: 'Since the start; null before the first case.', resolve: (e) => (e.reading.perSecond === null ? null : Math.round(e.reading.perSecond * 10) / 10) }),
    secondsLeft: t.float({ nullable: true, description: 'At the rate so far; null before the first case.', resolve: (e) => (e.reading.secondsLeft === null ? null : Math.round(e.reading.secondsLeft * 10) / 10) }),
    finished: t.boolean({ resolve: (e) => e.preview !== null }),
    preview: t.field({ type: PreviewRef, nullable: true, description: 'The result, on the last event only.', resolve: (e) => e.preview }),
  }),
});

/** A typed refusal (a union member on the query) as the GraphQL error a subscription can return. */
function asError(ctx: Context, e: unknown): unknown {
  const mapped = toGraphQL(ctx.lang, e);
  if (!(mapped instanceof DomainError)) return mapped;
  return new ApiError(mapped.code, mapped.message, { ...(mapped.detail ? { detail: mapped.detail } : {}), ...(mapped.fields.length ? { extensions: { fields: mapped.fields } } : {}) });
}

/**
 * The preview running in the background, its events queued for the client. A plain iterator, as
 * in caseUpdated: `return()` (the client went away) must end a `next()` waiting now and stop the
 * preview, not wait for its next event. The queue is bounded by the throttle (a few dozen events
 * beyond one per MAX_PROGRESS_EVERY_MS), whatever the client's pace.
 */
function follow(
  run: PreviewRun,
  start: (onProgress: (r: ProgressReading, final: boolean) => void) => Promise<ProgressEvent['preview']>,
  /** What the client is told when the preview was stopped under it (the API shutting down). */
  stopped: () => unknown,
): AsyncIterableIterator<ProgressEvent> {
  const queue: ProgressEvent[] = [];
  let ended = false;
  let clientGone = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let last: ProgressReading | null = null;
  start((reading, final) => {
    last = reading;
    if (final) return; // the last event carries it, with the preview
    queue.push({ reading, preview: null });
    notify();
  })
    .then((preview) => queue.push({ reading: last!, preview }))
    .catch((error: unknown) => {
      if (!clientGone) failure = { error: run.signal.aborted ? stopped() : error };
    })
    .finally(() => {
      ended = true;
      run.end();
      notify();
    });
  const stop = async (): Promise<IteratorResult<ProgressEvent>> => {
    clientGone = true;
    run.abort();
    queue.length = 0;
    ended = true;
    notify();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      for (;;) {
        const event = queue.shift();
        if (event) return { done: false, value: event };
        if (failure) {
          const { error } = failure;
          failure = null;
          throw error;
        }
        if (ended) return { done: true, value: undefined };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    return: stop,
    async throw(e: unknown) {
      await stop();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

builder.subscriptionField('previewReevaluationProgress', (t) =>
  t.field({
    type: ProgressRef,
    description: `previewReevaluation for up to ${MAX_STREAMED_LIMIT} cases, with its progress: events with counts while it runs, the preview on the last (engineers). Read-only; it stops when the client goes away.`,
    authScopes: { engineer: true },
    args: { input: t.arg({ type: PreviewReevaluationInput, required: true }), lang: t.arg({ type: LanguageEnum, required: false }) },
    subscribe: async (_root, { input, lang }, ctx) => {
      const { target, selection, limit, examples } = await previewRequest(ctx, 'Subscription.previewReevaluationProgress', input, MAX_STREAMED_LIMIT).catch((e) => Promise.reject(asError(ctx, e)));
      // An unknown version or a definition of another service is refused now, not after the first event.
      await resolveVersion(ctx.prisma, selection.serviceCode, target).catch((e) => Promise.reject(asError(ctx, e)));
      const run = ctx.previews.start(actorOf(ctx.caller));
      if (!run) throw previewsBusy(ctx);
      const meter = new ProgressMeter();
      const throttle = new ProgressThrottle({ everyMs: MAX_PROGRESS_EVERY_MS, steps: PROGRESS_STEPS });
      return follow(run, async (onProgress) => {
        const preview = await previewBulkReevaluation(ctx.prisma, selection, target, {
          lang: lang ?? ctx.lang,
          examples,
          signal: run.signal,
          onProgress: (p, final) => {
            if (final || throttle.pass(p)) onProgress(meter.read(p), final);
          },
        }).catch((e) => Promise.reject(asError(ctx, e)));
        return { ...preview, limit };
      }, () => apiError(ctx.lang, 'UNAVAILABLE', { detail: 'the preview stopped: the API is shutting down' }));
    },
    resolve: (event) => event,
  }),
);
