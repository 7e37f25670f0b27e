import { H2, HelpLink, List, Note, P } from "./prose";
import type { HelpSection } from "./types";

function Billing() {
  return (
    <>
      <P>
        Berth bills per instance, monthly. Each paid instance has its own subscription. Payments are handled by Stripe:
        Berth never sees or stores your full card number.
      </P>

      <H2 id="trial">The free trial</H2>
      <List>
        <li>One trial instance per verified account. No card is needed.</li>
        <li>
          Only plans that show a free trial on the <HelpLink href="/pricing">pricing page</HelpLink> can be trialled,
          for the number of days shown.
        </li>
        <li>
          The trial is counted from when the instance is ready (the moment we email you), not from when you asked for
          it.
        </li>
        <li>We email you a reminder before the trial ends.</li>
        <li>
          If you haven&apos;t upgraded when it ends, the instance is suspended: it stops, and its data is kept. Upgrade
          to bring it back as it was.
        </li>
        <li>A suspended trial instance that isn&apos;t upgraded is deleted after the retention period.</li>
      </List>

      <H2 id="upgrade">Upgrading to a paid plan</H2>
      <P>
        Upgrade from the instance&apos;s page in your dashboard and pick a plan. You are taken to Stripe Checkout to
        enter your card; when the payment succeeds, the instance is on the paid plan. It stays the same instance, with
        the same address and data. If you have a promotion code, enter it on the Checkout page.
      </P>

      <H2 id="invoices">Invoices and the billing portal</H2>
      <P>
        Every payment produces an invoice that you can view and download from your dashboard. From there you can also
        open Stripe&apos;s customer portal to update your card or billing details.
      </P>

      <H2 id="cancel">Cancelling</H2>
      <P>
        Cancelling a paid instance&apos;s subscription takes effect at the end of the current period, which is already
        paid for. You are not charged again for it. Terminating the instance instead ends its subscription at once,
        without a refund for the rest of the period.
      </P>

      <H2 id="failed-payments">When a payment fails</H2>
      <List ordered>
        <li>
          We email you. Update your card in the customer portal, then choose &ldquo;Retry the payment&rdquo; on the
          Billing page.
        </li>
        <li>The instance keeps running during a grace period, and we remind you each day of it.</li>
        <li>
          If the payment still fails after the grace period, we take a backup and suspend the instance. Its data is
          kept.
        </li>
        <li>A final warning comes three days before the instance and its data are deleted.</li>
        <li>As soon as the payment goes through, the instance is resumed automatically.</li>
      </List>
      <Note>
        Questions about a charge? Open a <HelpLink href="/help/tickets">support ticket</HelpLink> and include the
        invoice number. Never send card details in a ticket.
      </Note>
    </>
  );
}

export const billing: HelpSection = {
  slug: "billing",
  title: "Billing",
  summary: "The free trial, paid plans through Stripe, invoices, promotion codes and failed payments.",
  Content: Billing,
};
