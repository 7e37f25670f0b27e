import { z } from "zod";
import type { Ctx } from "../core/context";
import { realNow } from "../core/context";
import { invalidRequest } from "../core/errors";
import { newId } from "../core/ids";
import type { TestClockRec } from "../core/records";
import { emit } from "../events/emit";
import { isLive } from "../billing/lifecycle";
import { runDue } from "../billing/scheduler";
import { addInterval } from "../core/time";
import { newestFirst, paginate } from "../http/list";
import { expand, int, listShape, parseParams, str } from "../http/params";
import { route, type Route } from "../http/router";
import { renderDeletedTestClock, renderTestClock } from "../render/misc";
import { must } from "./common";

// Test clocks: https://docs.stripe.com/api/test_clocks and https://docs.stripe.com/billing/testing/test-clocks
// Advancing is asynchronous in Stripe (status `advancing`, then `ready`); the emulator does the work before
// answering, so the answer says `advancing` as Stripe's does and the next retrieve says `ready`.

// "You can advance a clock up to two intervals from its current frozen time, based on the shortest
// subscription interval" — https://docs.stripe.com/billing/testing/test-clocks#limitations
function advanceLimit(ctx: Ctx, clock: TestClockRec): number | null {
  let limit: number | null = null;
  for (const sub of ctx.state.subscriptions.values()) {
    if (sub.testClock !== clock.id || !isLive(sub)) continue;
    for (const item of sub.items) {
      const r = ctx.state.prices.get(item.price)?.recurring;
      if (!r) continue;
      const until = addInterval(clock.frozenTime, r.interval, 2 * r.intervalCount);
      limit = limit === null ? until : Math.min(limit, until);
    }
  }
  return limit;
}

function advance(ctx: Ctx, clock: TestClockRec, target: number): object {
  if (target <= clock.frozenTime) {
    throw invalidRequest(
      "The test clock can only be advanced forward in time: frozen_time must be later than the current frozen time.",
      { param: "frozen_time" },
    );
  }
  const limit = advanceLimit(ctx, clock);
  if (limit !== null && target > limit) {
    throw invalidRequest(
      `Cannot advance the test clock beyond two intervals of its shortest subscription: frozen_time must be at most ${limit}.`,
      { param: "frozen_time" },
    );
  }
  if (clock.status !== "ready")
    throw invalidRequest("The test clock is already advancing.", { code: "test_clock_not_ready" });
  clock.status = "advancing";
  clock.advancingTarget = target;
  const answer = renderTestClock({ ...clock });
  emit(ctx, "test_helpers.test_clock.advancing", answer, clock.frozenTime);
  // Work done by the clock is not caused by an API request: its events carry `request: { id: null }`.
  const request = ctx.request;
  ctx.request = null;
  try {
    runDue(ctx, clock.id, target);
    clock.frozenTime = target;
    clock.status = "ready";
  } catch (e) {
    clock.status = "internal_failure";
    emit(ctx, "test_helpers.test_clock.internal_failure", renderTestClock(clock), clock.frozenTime);
    throw e;
  } finally {
    clock.advancingTarget = null;
    ctx.request = request;
  }
  emit(ctx, "test_helpers.test_clock.ready", renderTestClock(clock), clock.frozenTime);
  return answer;
}

function remove(ctx: Ctx, clock: TestClockRec) {
  // Deleting a clock deletes the customers (and so subscriptions, invoices) attached to it.
  const s = ctx.state;
  const customers = new Set([...s.customers.values()].filter((c) => c.testClock === clock.id).map((c) => c.id));
  for (const [id, x] of s.subscriptions) if (customers.has(x.customer)) s.subscriptions.delete(id);
  for (const [id, x] of s.invoices) if (customers.has(x.customer)) s.invoices.delete(id);
  for (const [id, x] of s.pendingItems) if (customers.has(x.customer)) s.pendingItems.delete(id);
  for (const [id, x] of s.checkoutSessions) if (x.testClock === clock.id) s.checkoutSessions.delete(id);
  for (const [id, x] of s.paymentMethods) if (x.customer && customers.has(x.customer)) s.paymentMethods.delete(id);
  for (const id of customers) s.customers.delete(id);
  s.testClocks.delete(clock.id);
  emit(ctx, "test_helpers.test_clock.deleted", renderTestClock(clock), realNow());
  return renderDeletedTestClock(clock.id);
}

export const testClockRoutes: Route[] = [
  route("POST", "/v1/test_helpers/test_clocks", (ctx, r) => {
    const p = parseParams(z.strictObject({ frozen_time: int(0), name: str().optional(), expand: expand() }), r.raw);
    const clock: TestClockRec = {
      id: newId("clock"),
      created: realNow(),
      frozenTime: p.frozen_time,
      name: p.name ?? null,
      status: "ready",
      advancingTarget: null,
    };
    ctx.state.testClocks.set(clock.id, clock);
    const out = renderTestClock(clock);
    emit(ctx, "test_helpers.test_clock.created", out, clock.frozenTime);
    return out;
  }),
  route("GET", "/v1/test_helpers/test_clocks", (ctx, r) => {
    const p = parseParams(z.strictObject(listShape), r.raw);
    return paginate(
      newestFirst(ctx.state.testClocks.values()).map(renderTestClock),
      p,
      "/v1/test_helpers/test_clocks",
      "test_clock",
    );
  }),
  route("GET", "/v1/test_helpers/test_clocks/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderTestClock(must(ctx.state.testClocks, r.params[0]!, "test_clock"));
  }),
  route("POST", "/v1/test_helpers/test_clocks/:id/advance", (ctx, r) => {
    const p = parseParams(z.strictObject({ frozen_time: int(0), expand: expand() }), r.raw);
    return advance(ctx, must(ctx.state.testClocks, r.params[0]!, "test_clock"), p.frozen_time);
  }),
  route("DELETE", "/v1/test_helpers/test_clocks/:id", (ctx, r) =>
    remove(ctx, must(ctx.state.testClocks, r.params[0]!, "test_clock")),
  ),
];
