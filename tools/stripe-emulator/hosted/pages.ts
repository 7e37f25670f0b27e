import type { IncomingMessage, ServerResponse } from "node:http";
import type { Ctx } from "../core/context";
import { sendHtml } from "../http/respond";
import { checkoutPage } from "./checkout-page";
import { esc, money, page } from "./html";
import { portalPage } from "./portal-page";

// Hosted pages: /checkout/:session, /portal/:session[/…], /invoices/:id (hosted_invoice_url).
export async function handleHosted(ctx: Ctx, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  let m = /^\/checkout\/([^/]+)$/.exec(path);
  if (m) {
    const s = ctx.state.checkoutSessions.get(decodeURIComponent(m[1]!));
    if (s) return checkoutPage(ctx, req, res, s);
  }
  m = /^\/portal\/([^/]+)(\/.*)?$/.exec(path);
  if (m) {
    const s = ctx.state.portalSessions.get(decodeURIComponent(m[1]!));
    if (s) return portalPage(ctx, req, res, s, m[2] ?? "");
  }
  m = /^\/invoices\/([^/]+)(\/pdf)?$/.exec(path);
  if (m) {
    const inv = ctx.state.invoices.get(decodeURIComponent(m[1]!));
    if (inv) {
      const lines = inv.lines
        .map((l) => `<tr><td>${esc(l.description)}</td><td>${esc(money(l.amount, inv.currency))}</td></tr>`)
        .join("");
      return sendHtml(
        res,
        200,
        page(
          `Invoice ${inv.number ?? inv.id}`,
          `<main aria-label="Invoice"><h1>Invoice ${esc(inv.number ?? inv.id)}</h1><table>${lines}</table><p>Total ${esc(money(inv.total, inv.currency))} — amount due ${esc(money(inv.amountDue, inv.currency))} — ${esc(inv.status)}</p></main>`,
        ),
      );
    }
  }
  sendHtml(res, 404, page("Not found", `<main><h1>Not found</h1><p>Nothing at ${esc(path)}.</p></main>`));
}
