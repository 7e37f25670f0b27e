import { z } from "zod";
import { customerNow } from "../core/context";
import { notImplemented } from "../core/errors";
import { newId } from "../core/ids";
import type { PortalSessionRec } from "../core/records";
import { expand, oneOf, parseParams, str } from "../http/params";
import { route, type Route } from "../http/router";
import { renderPortalSession } from "../render/misc";
import { requireCustomer } from "./common";

// Customer portal sessions: https://docs.stripe.com/api/customer_portal/sessions/create
// The session's url opens the emulator's portal stand-in (hosted/portal-page.ts).

const createSchema = z.strictObject({
  customer: str(),
  return_url: str().optional(),
  configuration: str().optional(),
  locale: str().optional(),
  flow_data: z
    .strictObject({
      type: oneOf([
        "payment_method_update",
        "subscription_cancel",
        "subscription_update",
        "subscription_update_confirm",
      ] as const),
    })
    .passthrough()
    .optional(),
  expand: expand(),
});

export const portalRoutes: Route[] = [
  route("POST", "/v1/billing_portal/sessions", (ctx, r) => {
    const p = parseParams(createSchema, r.raw);
    if (p.flow_data) throw notImplemented("portal deep links (flow_data)");
    const customer = requireCustomer(ctx, p.customer);
    const s: PortalSessionRec = {
      id: newId("bps"),
      created: customerNow(ctx, customer.id),
      customer: customer.id,
      returnUrl: p.return_url ?? null,
    };
    ctx.state.portalSessions.set(s.id, s);
    return renderPortalSession(s, ctx.baseUrl);
  }),
];
