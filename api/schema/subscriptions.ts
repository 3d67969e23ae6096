/**
 * `caseUpdated(caseId)`: the case now, then again after every committed step, over server-sent
 * events (POST with `Accept: text/event-stream`). The stream ends once the case is closed for
 * good (decided, withdrawn, expired …; a refused offer can still be reversed, so not then).
 */
import type { Case } from '../../generated/prisma/client.ts';
import { isSettled } from '../../workflows/messages.ts';
import type { CaseWatch } from '../case-updates.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import type { Lang } from '../i18n.ts';
import { createLoaders } from '../loaders.ts';
import { parseId } from '../ids.ts';
import { caseView, CaseRef, readableCase, type CaseView } from './cases.ts';
import { LanguageEnum } from './scalars.ts';

const changed = (a: Case, b: Case) => a.lastSeq !== b.lastSeq || a.updatedAt.getTime() !== b.updatedAt.getTime() || a.status !== b.status;

/**
 * A plain iterator rather than an async generator: when the client goes away, `return()` must
 * end a `next()` that is waiting for a notification now — a generator would queue the return
 * until the case's next change, keeping the subscription (and its LISTEN) alive until then.
 */
function follow(ctx: Context, watch: CaseWatch, first: Case, lang: Lang): AsyncIterableIterator<CaseView> {
  let last: Case | null = null;
  let finished = false;
  const finish = async (): Promise<IteratorResult<CaseView>> => {
    finished = true;
    await watch.return();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      if (finished) return { done: true, value: undefined };
      if (!last) {
        last = first;
        return { done: false, value: caseView(first, lang) };
      }
      while (!isSettled(last.status)) {
        const { done } = await watch.next();
        if (done || finished) return finish();
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
        // Listen before the first read, so a step committed in between is not missed.
        const watch = await ctx.caseUpdates.watch(parseId(args.caseId, 'Case') ?? args.caseId);
        try {
          const first = await readableCase(ctx, args.caseId, 'Subscription.caseUpdated');
          return follow(ctx, watch, first, args.lang ?? ctx.lang);
        } catch (e) {
          await watch.return();
          await ctx.security.flush();
          throw e;
        }
      },
      resolve: (payload) => payload,
    }),
  }),
});
