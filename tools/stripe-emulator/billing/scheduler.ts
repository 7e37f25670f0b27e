import type { Ctx } from "../core/context";
import { realNow } from "../core/context";
import { invalidRequest } from "../core/errors";
import { emit } from "../events/emit";
import { renderCheckoutSession } from "../render/checkout";
import { collectInvoice } from "./collect";
import { isLive } from "./lifecycle";
import {
  endAsScheduled,
  endTrial,
  finalizeAndCollect,
  reachPeriodEnd,
  sendTrialWillEnd,
  sendUpcoming,
  TRIAL_WILL_END_NOTICE,
  UPCOMING_NOTICE,
} from "./renewal";

// The engine's clock work. Nothing is queued: the next due actions are derived from the state, so they
// can never drift from it. Objects on a test clock move only when the clock advances
// (https://docs.stripe.com/billing/testing/test-clocks); the others follow the real clock.

interface Action {
  at: number;
  order: number;
  run: (at: number) => void;
}

function dueActions(ctx: Ctx, clock: string | null): Action[] {
  const out: Action[] = [];
  const s = ctx.state;
  for (const sub of s.subscriptions.values()) {
    if (sub.testClock !== clock || !isLive(sub) || sub.status === "paused" || sub.status === "incomplete") continue;
    if (sub.status === "trialing" && sub.trialEnd !== null) {
      if (!sub.trialWillEndSent) {
        out.push({
          at: Math.max(sub.trialEnd - TRIAL_WILL_END_NOTICE, sub.created),
          order: 1,
          run: (at) => sendTrialWillEnd(ctx, sub, at),
        });
      }
      out.push({ at: sub.trialEnd, order: 3, run: (at) => endTrial(ctx, sub, at) });
      continue;
    }
    if (sub.cancelAt !== null && sub.cancelAt <= sub.currentPeriodEnd) {
      out.push({ at: sub.cancelAt, order: 2, run: (at) => endAsScheduled(ctx, sub, at) });
      continue;
    }
    const noticeAt = sub.currentPeriodEnd - UPCOMING_NOTICE;
    if (
      !sub.cancelAtPeriodEnd &&
      sub.upcomingNotifiedFor !== sub.currentPeriodEnd &&
      noticeAt > sub.currentPeriodStart
    ) {
      out.push({ at: noticeAt, order: 1, run: (at) => sendUpcoming(ctx, sub, at) });
    }
    out.push({ at: sub.currentPeriodEnd, order: 3, run: (at) => reachPeriodEnd(ctx, sub, at) });
  }
  for (const inv of s.invoices.values()) {
    if (inv.testClock !== clock) continue;
    if (inv.status === "draft" && inv.automaticallyFinalizesAt !== null) {
      out.push({ at: inv.automaticallyFinalizesAt, order: 4, run: (at) => finalizeAndCollect(ctx, inv.id, at) });
    }
    if (inv.status === "open" && inv.nextPaymentAttempt !== null) {
      out.push({
        at: inv.nextPaymentAttempt,
        order: 5,
        run: (at) => collectInvoice(ctx, inv, at, { automatic: true }),
      });
    }
  }
  for (const cs of s.checkoutSessions.values()) {
    if (cs.testClock !== clock || cs.status !== "open") continue;
    out.push({
      at: cs.expiresAt,
      order: 6,
      run: (at) => {
        cs.status = "expired";
        emit(ctx, "checkout.session.expired", renderCheckoutSession(ctx, cs), at);
      },
    });
  }
  return out;
}

/** Runs everything due up to `until`, in time order, moving a test clock's frozen time along. */
export function runDue(ctx: Ctx, clock: string | null, until: number): void {
  for (let guard = 0; ; guard++) {
    if (guard > 10_000)
      throw invalidRequest("The emulator's billing engine did not settle (more than 10000 actions).", { status: 500 });
    const due = dueActions(ctx, clock)
      .filter((a) => a.at <= until)
      .sort((a, b) => a.at - b.at || a.order - b.order);
    const next = due[0];
    if (!next) return;
    const c = clock ? ctx.state.testClocks.get(clock) : undefined;
    if (c && next.at > c.frozenTime) c.frozenTime = next.at;
    next.run(next.at);
  }
}

/** Catches objects without a test clock up with the real clock. */
export function tickRealTime(ctx: Ctx): void {
  runDue(ctx, null, realNow());
}
