import type { Route } from "../http/router";
import { catalogRoutes } from "./catalog";
import { checkoutRoutes } from "./checkout";
import { creditNoteRoutes } from "./credit-notes";
import { customerRoutes } from "./customers";
import { eventRoutes } from "./events";
import { invoiceRoutes } from "./invoices";
import { paymentMethodRoutes } from "./payment-methods";
import { portalRoutes } from "./portal";
import { promotionRoutes } from "./promotions";
import { subscriptionRoutes } from "./subscriptions";
import { taxIdRoutes } from "./tax-ids";
import { testClockRoutes } from "./test-clocks";

export const apiRoutes: Route[] = [
  ...customerRoutes,
  ...taxIdRoutes,
  ...catalogRoutes,
  ...paymentMethodRoutes,
  ...promotionRoutes,
  ...checkoutRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
  ...creditNoteRoutes,
  ...portalRoutes,
  ...eventRoutes,
  ...testClockRoutes,
];

import type { Ctx } from "../core/context";
import type { FormObject } from "../http/form";
import { Router, type Method } from "../http/router";

const internalRouter = new Router(apiRoutes);

/** Calls an API handler in-process (hosted pages use it so they share the API's validation and events). */
export function callApi(ctx: Ctx, method: Method, path: string, raw: FormObject = {}): object {
  const m = internalRouter.match(method, path);
  if (!m) throw new Error(`emulator: no internal route ${method} ${path}`);
  return m.handler(ctx, { params: m.params, raw });
}
