import { z } from "zod";
import type { Ctx } from "../core/context";
import { clockNow } from "../core/context";
import { invalidRequest } from "../core/errors";
import { newId } from "../core/ids";
import type { AddressRec, CustomerRec } from "../core/records";
import { emit, emitUpdated } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import {
  emptyable,
  expand,
  int,
  listShape,
  metadata,
  mergeMetadata,
  initialMetadata,
  list,
  parseParams,
  str,
} from "../http/params";
import { route, type Route } from "../http/router";
import {
  renderBalanceTransaction,
  renderCustomer,
  renderDeletedCustomer,
  renderPaymentMethod,
} from "../render/customer";
import { endSubscription } from "../billing/lifecycle";
import { assertAttachable, paymentMethodFromToken } from "../billing/payments";
import { must, requireCustomer } from "./common";
import { addTaxId, checkedTaxId } from "./tax-ids";

// Customers: https://docs.stripe.com/api/customers

// https://docs.stripe.com/api/customers/create#create_customer-address
const addressSchema = z.strictObject({
  line1: str().optional(),
  line2: str().optional(),
  city: str().optional(),
  state: str().optional(),
  postal_code: str().optional(),
  country: str().optional(),
});

const addressOf = (a: z.infer<typeof addressSchema>): AddressRec => ({
  line1: a.line1 || null,
  line2: a.line2 || null,
  city: a.city || null,
  state: a.state || null,
  postalCode: a.postal_code || null,
  country: a.country ? a.country.toUpperCase() : null,
});

const createSchema = z.strictObject({
  email: str().optional(),
  address: addressSchema.optional(),
  tax_id_data: list(z.strictObject({ type: str(), value: str() })).optional(),
  name: str().optional(),
  description: str().optional(),
  phone: str().optional(),
  metadata: metadata().optional(),
  balance: int().optional(),
  payment_method: str().optional(),
  invoice_settings: z.strictObject({ default_payment_method: str().optional() }).optional(),
  test_clock: str().optional(),
  expand: expand(),
});

const updateSchema = z.strictObject({
  email: emptyable(str()).optional(),
  address: emptyable(addressSchema).optional(),
  name: emptyable(str()).optional(),
  description: emptyable(str()).optional(),
  phone: emptyable(str()).optional(),
  metadata: metadata().optional(),
  balance: int().optional(),
  invoice_settings: z.strictObject({ default_payment_method: emptyable(str()).optional() }).optional(),
  expand: expand(),
});

const listSchema = z.strictObject({ ...listShape, email: str().optional(), test_clock: str().optional() });

function randomPrefix(): string {
  return newId("x", 8)
    .slice(2)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "X");
}

function attachDefault(ctx: Ctx, c: CustomerRec, pmRef: string, now: number, param: string): string {
  const pm = paymentMethodFromToken(ctx, pmRef, now, param);
  if (pm.customer !== null && pm.customer !== c.id) {
    throw invalidRequest("The payment method you provided has already been attached to another customer.", { param });
  }
  if (pm.customer !== c.id) {
    assertAttachable(pm);
    pm.customer = c.id;
    emit(ctx, "payment_method.attached", renderPaymentMethod(pm), now);
  }
  return pm.id;
}

function create(ctx: Ctx, raw: unknown) {
  const p = parseParams(createSchema, raw);
  if (p.test_clock) must(ctx.state.testClocks, p.test_clock, "test_clock", "test_clock");
  const now = clockNow(ctx, p.test_clock ?? null);
  const c: CustomerRec = {
    id: newId("cus", 14),
    created: now,
    email: p.email ?? null,
    name: p.name ?? null,
    description: p.description ?? null,
    phone: p.phone ?? null,
    metadata: initialMetadata(p.metadata),
    balance: p.balance ?? 0,
    currency: null,
    defaultPaymentMethod: null,
    testClock: p.test_clock ?? null,
    invoicePrefix: randomPrefix(),
    nextInvoiceSequence: 1,
    address: p.address ? addressOf(p.address) : null,
  };
  // Checked before anything is stored, so a bad tax ID creates no customer.
  const taxIds = (p.tax_id_data ?? []).map((t, n) => checkedTaxId(t, `tax_id_data[${n}]`));
  ctx.state.customers.set(c.id, c);
  emit(ctx, "customer.created", renderCustomer(c), now);
  for (const t of taxIds) addTaxId(ctx, c, t, now);
  // https://docs.stripe.com/api/customers/create#create_customer-payment_method
  if (p.payment_method) {
    const pmId = attachDefault(ctx, c, p.payment_method, now, "payment_method");
    if (p.invoice_settings?.default_payment_method === p.payment_method) c.defaultPaymentMethod = pmId;
  }
  const dpm = p.invoice_settings?.default_payment_method;
  if (dpm && dpm !== p.payment_method) c.defaultPaymentMethod = attachedPaymentMethod(ctx, c, dpm);
  return renderCustomer(c);
}

function attachedPaymentMethod(ctx: Ctx, c: CustomerRec, id: string): string {
  const param = "invoice_settings[default_payment_method]";
  const pm = must(ctx.state.paymentMethods, id, "PaymentMethod", param);
  if (pm.customer !== c.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      { param },
    );
  }
  return pm.id;
}

function update(ctx: Ctx, id: string, raw: unknown) {
  const p = parseParams(updateSchema, raw);
  const c = must(ctx.state.customers, id, "customer");
  const now = clockNow(ctx, c.testClock);
  const before = renderCustomer(c);
  if (p.email !== undefined) c.email = p.email;
  if (p.name !== undefined) c.name = p.name;
  if (p.description !== undefined) c.description = p.description;
  if (p.phone !== undefined) c.phone = p.phone;
  if (p.address !== undefined) c.address = p.address === null ? null : addressOf(p.address);
  if (p.balance !== undefined) c.balance = p.balance;
  c.metadata = mergeMetadata(c.metadata, p.metadata);
  const dpm = p.invoice_settings?.default_payment_method;
  if (dpm !== undefined) c.defaultPaymentMethod = dpm === null ? null : attachedPaymentMethod(ctx, c, dpm);
  const after = renderCustomer(c);
  emitUpdated(ctx, "customer.updated", before, after, now);
  return after;
}

function del(ctx: Ctx, id: string) {
  const c = must(ctx.state.customers, id, "customer");
  const now = clockNow(ctx, c.testClock);
  // Deleting a customer cancels its subscriptions immediately. https://docs.stripe.com/api/customers/delete
  for (const sub of ctx.state.subscriptions.values()) {
    if (sub.customer === id && sub.status !== "canceled") endSubscription(ctx, sub, now, "cancellation_requested");
  }
  ctx.state.customers.delete(id);
  emit(ctx, "customer.deleted", renderCustomer(c), now);
  return renderDeletedCustomer(id);
}

// Customer balance: https://docs.stripe.com/api/customer_balance_transactions
const balanceCreateSchema = z.strictObject({
  amount: int(),
  currency: str(),
  description: str().optional(),
  metadata: metadata().optional(),
  expand: expand(),
});

function createBalanceTransaction(ctx: Ctx, id: string, raw: unknown) {
  const p = parseParams(balanceCreateSchema, raw);
  const c = requireCustomer(ctx, id, "id");
  const now = clockNow(ctx, c.testClock);
  const before = renderCustomer(c);
  c.balance += p.amount;
  c.currency ??= p.currency.toLowerCase();
  const txnId = newId("cbtxn");
  const txn = {
    id: txnId,
    created: now,
    customer: c.id,
    amount: p.amount,
    currency: p.currency.toLowerCase(),
    description: p.description ?? null,
    endingBalance: c.balance,
    invoice: null,
    type: "adjustment" as const,
    metadata: initialMetadata(p.metadata),
  };
  ctx.state.balanceTransactions.set(txnId, txn);
  emitUpdated(ctx, "customer.updated", before, renderCustomer(c), now);
  return renderBalanceTransaction(txn);
}

export const customerRoutes: Route[] = [
  route("POST", "/v1/customers", (ctx, r) => create(ctx, r.raw)),
  route("GET", "/v1/customers", (ctx, r) => {
    const p = parseParams(listSchema, r.raw);
    const items = newestFirst(ctx.state.customers.values())
      .filter(
        (c) =>
          (p.email === undefined || c.email === p.email) &&
          (p.test_clock === undefined || c.testClock === p.test_clock),
      )
      .map(renderCustomer);
    return paginate(items, p, "/v1/customers", "customer");
  }),
  route("GET", "/v1/customers/:id", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderCustomer(must(ctx.state.customers, r.params[0]!, "customer"));
  }),
  route("POST", "/v1/customers/:id", (ctx, r) => update(ctx, r.params[0]!, r.raw)),
  route("DELETE", "/v1/customers/:id", (ctx, r) => del(ctx, r.params[0]!)),
  route("POST", "/v1/customers/:id/balance_transactions", (ctx, r) =>
    createBalanceTransaction(ctx, r.params[0]!, r.raw),
  ),
  route("GET", "/v1/customers/:id/balance_transactions", (ctx, r) => {
    const p = parseParams(z.strictObject(listShape), r.raw);
    const c = requireCustomer(ctx, r.params[0]!, "id");
    const items = newestFirst(ctx.state.balanceTransactions.values())
      .filter((t) => t.customer === c.id)
      .map(renderBalanceTransaction);
    return paginate(items, p, `/v1/customers/${c.id}/balance_transactions`, "customer_balance_transaction");
  }),
  route("GET", "/v1/customers/:id/balance_transactions/:txn", (ctx, r) => {
    const t = must(ctx.state.balanceTransactions, r.params[1]!, "customer balance transaction");
    if (t.customer !== r.params[0])
      throw invalidRequest(`No such customer balance transaction: '${t.id}'`, {
        code: "resource_missing",
        status: 404,
        param: "id",
      });
    return renderBalanceTransaction(t);
  }),
  // https://docs.stripe.com/api/payment_methods/customer_list
  route("GET", "/v1/customers/:id/payment_methods", (ctx, r) => {
    const p = parseParams(
      z.strictObject({ ...listShape, type: str().optional(), allow_redisplay: str().optional() }),
      r.raw,
    );
    const c = requireCustomer(ctx, r.params[0]!, "id");
    const items = newestFirst(ctx.state.paymentMethods.values())
      .filter((pm) => pm.customer === c.id)
      .map(renderPaymentMethod);
    return paginate(items, p, `/v1/customers/${c.id}/payment_methods`, "payment_method");
  }),
];
