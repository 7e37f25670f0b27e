import { z } from "zod";
import type { Ctx } from "../core/context";
import { clockNow } from "../core/context";
import { invalidRequest, resourceMissing } from "../core/errors";
import { newId } from "../core/ids";
import type { CustomerRec } from "../core/records";
import { emit } from "../events/emit";
import { newestFirst, paginate } from "../http/list";
import { expand, listShape, parseParams, str } from "../http/params";
import { route, type Route } from "../http/router";
import { renderTaxId } from "../render/customer";
import { requireCustomer } from "./common";

// Customer tax IDs: https://docs.stripe.com/api/tax_ids (customer-owned only). A few common types, each checked
// against the format Stripe documents (https://docs.stripe.com/billing/customer/tax-ids#supported-tax-id); other
// types answer as not implemented rather than being accepted unchecked.
const FORMATS: Record<string, { pattern: RegExp; country: (v: string) => string }> = {
  eu_vat: {
    pattern: /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z]{2,13}$/,
    country: (v) => (v.startsWith("EL") ? "GR" : v.slice(0, 2)),
  },
  gb_vat: { pattern: /^GB\d{9}$/, country: () => "GB" },
  ch_vat: { pattern: /^CHE-\d{3}\.\d{3}\.\d{3} (MWST|TVA|IVA)$/, country: () => "CH" },
  no_vat: { pattern: /^\d{9}MVA$/, country: () => "NO" },
  us_ein: { pattern: /^\d{2}-\d{7}$/, country: () => "US" },
  ca_bn: { pattern: /^\d{9}$/, country: () => "CA" },
  au_abn: { pattern: /^\d{11}$/, country: () => "AU" },
};

type CheckedTaxId = { type: string; value: string; country: string };

export function checkedTaxId(t: { type: string; value: string }, prefix: string): CheckedTaxId {
  const param = (name: string) => (prefix ? `${prefix}[${name}]` : name);
  const format = FORMATS[t.type];
  if (!format)
    throw invalidRequest(`The Stripe emulator does not implement tax ID type ${t.type}.`, {
      code: "emulator_not_implemented",
      param: param("type"),
    });
  const value = t.value.trim();
  if (!format.pattern.test(value))
    throw invalidRequest(`Invalid value for ${t.type}.`, { code: "tax_id_invalid", param: param("value") });
  return { type: t.type, value, country: format.country(value) };
}

export function addTaxId(ctx: Ctx, c: CustomerRec, t: CheckedTaxId, now: number) {
  const rec = { id: newId("txi", 14), created: now, customer: c.id, ...t };
  ctx.state.taxIds.set(rec.id, rec);
  const out = renderTaxId(rec);
  emit(ctx, "customer.tax_id.created", out, now);
  return out;
}

function owned(ctx: Ctx, customerId: string, id: string) {
  const t = ctx.state.taxIds.get(id);
  if (!t || t.customer !== customerId) throw resourceMissing("tax_id", id);
  return t;
}

export const taxIdRoutes: Route[] = [
  route("POST", "/v1/customers/:id/tax_ids", (ctx, r) => {
    const p = parseParams(z.strictObject({ type: str(), value: str(), expand: expand() }), r.raw);
    const c = requireCustomer(ctx, r.params[0]!, "id");
    return addTaxId(ctx, c, checkedTaxId(p, ""), clockNow(ctx, c.testClock));
  }),
  route("GET", "/v1/customers/:id/tax_ids", (ctx, r) => {
    const p = parseParams(z.strictObject(listShape), r.raw);
    const c = requireCustomer(ctx, r.params[0]!, "id");
    const items = newestFirst(ctx.state.taxIds.values())
      .filter((t) => t.customer === c.id)
      .map(renderTaxId);
    return paginate(items, p, `/v1/customers/${c.id}/tax_ids`, "tax_id");
  }),
  route("GET", "/v1/customers/:id/tax_ids/:tax", (ctx, r) => {
    parseParams(z.strictObject({ expand: expand() }), r.raw);
    return renderTaxId(owned(ctx, r.params[0]!, r.params[1]!));
  }),
  route("DELETE", "/v1/customers/:id/tax_ids/:tax", (ctx, r) => {
    const t = owned(ctx, r.params[0]!, r.params[1]!);
    const c = requireCustomer(ctx, t.customer, "id");
    ctx.state.taxIds.delete(t.id);
    emit(ctx, "customer.tax_id.deleted", renderTaxId(t), clockNow(ctx, c.testClock));
    return { id: t.id, object: "tax_id", deleted: true };
  }),
];
