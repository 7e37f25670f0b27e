import { z } from "zod";
import type { Ctx } from "../core/context";
import { customerNow, realNow } from "../core/context";
import { invalidRequest } from "../core/errors";
import { emit, emitUpdated } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import { expand, listShape, metadata, mergeMetadata, oneOf, parseParams, str } from "../http/params";
import { route, type Route } from "../http/router";
import { renderCustomer, renderPaymentMethod } from "../render/customer";
import { assertAttachable, paymentMethodFromToken } from "../billing/payments";
import { must, requireCustomer } from "./common";

// Payment methods: https://docs.stripe.com/api/payment_methods (cards only, via test tokens).

function attach(ctx: Ctx, id: string, raw: unknown) {
  const p = parseParams(z.strictObject({ customer: str(), expand: expand() }), raw);
  const customer = requireCustomer(ctx, p.customer);
  const now = customerNow(ctx, customer.id);
  const pm = paymentMethodFromToken(ctx, id, now, "payment_method");
  if (pm.customer === customer.id) return renderPaymentMethod(pm);
  if (pm.customer !== null) {
    throw invalidRequest("The payment method you provided has already been attached to a customer.", {
      code: "payment_method_unexpected_state",
    });
  }
  assertAttachable(pm);
  pm.customer = customer.id;
  const out = renderPaymentMethod(pm);
  emit(ctx, "payment_method.attached", out, now);
  return out;
}

function detach(ctx: Ctx, id: string) {
  const pm = must(ctx.state.paymentMethods, id, "PaymentMethod");
  if (!pm.customer)
    throw invalidRequest("The payment method you provided is not attached to a customer so detachment is impossible.", {
      code: "payment_method_unexpected_state",
    });
  const customer = ctx.state.customers.get(pm.customer);
  const now = customerNow(ctx, pm.customer);
  if (customer?.defaultPaymentMethod === pm.id) {
    const before = renderCustomer(customer);
    customer.defaultPaymentMethod = null;
    emitUpdated(ctx, "customer.updated", before, renderCustomer(customer), now);
  }
  for (const sub of ctx.state.subscriptions.values())
    if (sub.defaultPaymentMethod === pm.id) sub.defaultPaymentMethod = null;
  pm.customer = null;
  const out = renderPaymentMethod(pm);
  emit(ctx, "payment_method.detached", out, now);
  return out;
}

export const paymentMethodRoutes: Route[] = [
  route("POST", "/v1/payment_methods", () => {
    throw invalidRequest(
      "Creating payment methods from raw card numbers is not supported by the Stripe emulator; use the test tokens pm_card_visa, pm_card_chargeCustomerFail or pm_card_chargeDeclined.",
      { code: "emulator_not_implemented" },
    );
  }),
  route("GET", "/v1/payment_methods", (ctx, r) => {
    const p = parseParams(
      z.strictObject({ ...listShape, customer: str().optional(), type: oneOf(["card"] as const).optional() }),
      r.raw,
    );
    if (p.customer) requireCustomer(ctx, p.customer);
    const items = newestFirst(ctx.state.paymentMethods.values())
      .filter((pm) => (p.customer ? pm.customer === p.customer : pm.customer !== null))
      .map(renderPaymentMethod);
    return paginate(items, p, "/v1/payment_methods", "payment_method");
  }),
  route("GET", "/v1/payment_methods/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderPaymentMethod(paymentMethodFromToken(ctx, r.params[0]!, realNow(), "id"));
  }),
  route("POST", "/v1/payment_methods/:id", (ctx, r) => {
    const p = parseParams(z.strictObject({ metadata: metadata().optional(), expand: expand() }), r.raw);
    const pm = must(ctx.state.paymentMethods, r.params[0]!, "PaymentMethod");
    const before = renderPaymentMethod(pm);
    pm.metadata = mergeMetadata(pm.metadata, p.metadata);
    const after = renderPaymentMethod(pm);
    emitUpdated(ctx, "payment_method.updated", before, after, realNow());
    return after;
  }),
  route("POST", "/v1/payment_methods/:id/attach", (ctx, r) => attach(ctx, r.params[0]!, r.raw)),
  route("POST", "/v1/payment_methods/:id/detach", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return detach(ctx, r.params[0]!);
  }),
];
