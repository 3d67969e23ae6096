/**
 * `caseUpdated(caseId)`: the case now, then again after every committed step, over server-sent
 * events (POST with `Accept: text/event-stream`). The stream ends once the case is settled
 * (decided, withdrawn, expired …) or its offer refused (a refusal may still be reversed: the
 * client subscribes again if it is); it also ends as soon as the caller may no longer read the
 * case — a revoked API key, checked at every change and every RECHECK_MS while the case is quiet.
 * A caller holds at most MAX_STREAMS_PER_CALLER streams at once (RATE_LIMITED beyond).
 */
import type { Case } from '../../generated/prisma/client.ts';
import { isSettled } from '../../workflows/messages.ts';
import type { CaseWatch } from '../case-updates.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Lang } from '../i18n.ts';
import { createLoaders } from '../loaders.ts';
import { parseId } from '../ids.ts';
import { actorOf } from '../auth/caller.ts';
import { canReadCase } from '../auth/policy.ts';
import { apiError } from '../errors.ts';
import { caseView, CaseRef, readableCase, type CaseView } from './cases.ts';
import { LanguageEnum } from './scalars.ts';

export const MAX_STREAMS_PER_CALLER = 5;
export const RECHECK_MS = 5000;

/** Open streams per caller (one API process). */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly max = MAX_STREAMS_PER_CALLER) {}

  acquire(actor: string): (() => void) | null {
    const n = this.open.get(actor) ?? 0;
    if (n >= this.max) return null;
    this.open.set(actor, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(actor) ?? 1) - 1;
      if (left > 0) this.open.set(actor, left);
      else this.open.delete(actor);
    };
  }

  count(actor: string): number {
    return this.open.get(actor) ?? 0;
  }
}

/** Whether the stream may go on: the credential still stands and the case is still the caller's to read. */
async function stillAllowed(ctx: Context, row: Case): Promise<boolean> {
  const caller = ctx.caller;
  if (caller.kind === 'frontend') {
    const key = await ctx.prisma.apiKey.findUnique({ where: { id: caller.apiKeyId }, select: { revokedAt: true } });
    if (!key || key.revokedAt) return false;
  }
  return canReadCase(caller, row);
}

const ends = (c: Case) => isSettled(c.status) || c.status === 'REFUSED';

const changed = (a: Case, b: Case) => a.lastSeq !== b.lastSeq || a.updatedAt.getTime() !== b.updatedAt.getTime() || a.status !== b.status;

/**
 * A plain iterator rather than an async generator: when the client goes away, `return()` must
 * end a `next()` that is waiting for a notification now — a generator would queue the return
 * until the case's next change, keeping the subscription (and its LISTEN) alive until then.
 */
function follow(ctx: Context, watch: CaseWatch, first: Case, lang: Lang, release: () => void): AsyncIterableIterator<CaseView> {
  let last: Case | null = null;
  let finished = false;
  let pending: Promise<IteratorResult<void>> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const finish = async (): Promise<IteratorResult<CaseView>> => {
    finished = true;
    clearTimeout(timer);
    release();
    await watch.return();
    return { done: true, value: undefined };
  };
  /** The next change, or 'recheck' after RECHECK_MS of quiet (the pending read is kept for the next call). */
  const nextChange = async (): Promise<IteratorResult<void> | 'recheck'> => {
    pending ??= watch.next();
    const tick = new Promise<'recheck'>((resolve) => (timer = setTimeout(() => resolve('recheck'), RECHECK_MS)));
    const step = await Promise.race([pending, tick]);
    clearTimeout(timer);
    if (step !== 'recheck') pending = null;
    return step;
  };
  return {
    async next() {
      if (finished) return { done: true, value: undefined };
      if (!last) {
        last = first;
        return { done: false, value: caseView(first, lang) };
      }
      while (!ends(last)) {
        const step = await nextChange();
        if (finished || (step !== 'recheck' && step.done)) return finish();
        if (!(await stillAllowed(ctx, last))) return finish();
        if (step === 'recheck') continue;
        const now = await ctx.prisma.case.findUnique({ where: { id: last.id } });
        if (now && changed(last, now)) {
          last = now;
          // One subscription is one context: its loaders would serve every later event the
          // tasks and decision of the first. Each event is read afresh.
          ctx.loaders = createLoaders(ctx.prisma);
          return { done: false, value: caseView(now, lang) };
        }
      }
      return finish();
    },
    return: finish,
    async throw(e: unknown) {
      await finish();
      throw e;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

builder.subscriptionType({
  fields: (t) => ({
    caseUpdated: t.field({
      type: CaseRef,
      description: 'The case, first as it is, then after each change; ends when the case is settled.',
      authScopes: { authenticated: true },
      args: { caseId: t.arg.id({ required: true }), lang: t.arg({ type: LanguageEnum, required: false }) },
      subscribe: async (_root, args, ctx) => {
        const release = ctx.streams.acquire(actorOf(ctx.caller));
        if (!release) throw apiError(ctx.lang, 'RATE_LIMITED', { detail: `at most ${MAX_STREAMS_PER_CALLER} open subscriptions per caller` });
        // Listen before the first read, so a step committed in between is not missed.
        const watch = await ctx.caseUpdates.watch(parseId(args.caseId, 'Case') ?? args.caseId).catch((e) => {
          release();
          throw e;
        });
        try {
          const first = await readableCase(ctx, args.caseId, 'Subscription.caseUpdated');
          return follow(ctx, watch, first, args.lang ?? ctx.lang, release);
        } catch (e) {
          release();
          await watch.return();
          await ctx.security.flush();
          throw e;
        }
      },
      resolve: (payload) => payload,
    }),
  }),
});
