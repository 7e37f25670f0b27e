import type Stripe from "stripe";
import type { PortalSessionRec, TestClockRec, WebhookEndpointRec } from "../core/records";

// https://docs.stripe.com/api/test_clocks/object
export function renderTestClock(c: TestClockRec): Stripe.TestHelpers.TestClock {
  return {
    id: c.id,
    object: "test_helpers.test_clock",
    created: c.created,
    // Stripe deletes clocks 30 days after creation.
    deletes_after: c.created + 30 * 86400,
    frozen_time: c.frozenTime,
    livemode: false,
    name: c.name,
    status: c.status,
    status_details: c.advancingTarget !== null ? { advancing: { target_frozen_time: c.advancingTarget } } : {},
  };
}

export function renderDeletedTestClock(id: string): Stripe.TestHelpers.DeletedTestClock {
  return { id, object: "test_helpers.test_clock", deleted: true };
}

// https://docs.stripe.com/api/webhook_endpoints/object (the secret is only returned on creation)
export function renderWebhookEndpoint(w: WebhookEndpointRec, withSecret: boolean): Stripe.WebhookEndpoint {
  const out: Stripe.WebhookEndpoint = {
    id: w.id,
    object: "webhook_endpoint",
    api_version: null,
    application: null,
    created: w.created,
    description: w.description,
    enabled_events: [...w.enabledEvents],
    livemode: false,
    metadata: { ...w.metadata },
    status: w.status,
    url: w.url,
  };
  if (withSecret) out.secret = w.secret;
  return out;
}

export function renderDeletedWebhookEndpoint(id: string): Stripe.DeletedWebhookEndpoint {
  return { id, object: "webhook_endpoint", deleted: true };
}

// https://docs.stripe.com/api/customer_portal/sessions/object
export function renderPortalSession(s: PortalSessionRec, baseUrl: string): Stripe.BillingPortal.Session {
  return {
    id: s.id,
    object: "billing_portal.session",
    configuration: "bpc_emulator_default",
    created: s.created,
    customer: s.customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: null,
    return_url: s.returnUrl,
    url: `${baseUrl}/portal/${s.id}`,
  };
}
