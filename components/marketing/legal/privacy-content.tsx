import Link from "next/link";
import type { LegalSection } from "./legal-document";

const link = "font-medium text-slate-900 underline underline-offset-4";

export const privacyUpdated = "21 November 2026";

export const privacySections: readonly LegalSection[] = [
  {
    id: "summary",
    title: "In short",
    body: (
      <p>
        We collect what we need to run your instances, bill you and support you, and nothing for advertising. We
        don&apos;t sell personal data. Card payments are handled by Stripe; we never see your full card number.
      </p>
    ),
  },
  {
    id: "what-we-collect",
    title: "What we collect and why",
    body: (
      <ul>
        <li>
          <strong>Account data</strong>: your name, email, a hash of your password (never the password itself), whether
          your email is verified, and your sign-in sessions. To run your account and keep it secure.
        </li>
        <li>
          <strong>SSH public keys</strong> and their fingerprints, so you can sign in to your instances. Public keys are
          not secret; we never ask for private keys.
        </li>
        <li>
          <strong>Instances</strong>: their names, plans, stacks, status and backups, and the content you put on them.
          To provide the service.
        </li>
        <li>
          <strong>Billing</strong>: your plan, subscription and invoice records. Your card and billing details are
          collected and stored by Stripe.
        </li>
        <li>
          <strong>Support tickets</strong>: what you and our staff write in them.
        </li>
        <li>
          <strong>Logs</strong>: IP addresses of sign-ins and sign-up attempts (to stop abuse), records of SSH access to
          your instances (who connected, when, from where), and the emails we send you.
        </li>
      </ul>
    ),
  },
  {
    id: "processors",
    title: "Who processes it",
    body: (
      <ul>
        <li>
          <strong>Berth staff</strong>, only as needed to run the service, investigate abuse or answer your tickets.
        </li>
        <li>
          <strong>Stripe</strong> processes payments, subscriptions, invoices and the customer portal, under its own
          privacy policy.
        </li>
        <li>
          <strong>Our email provider</strong> delivers the emails we send you.
        </li>
        <li>
          <strong>Our hosting infrastructure</strong> stores your instances and their backups.
        </li>
      </ul>
    ),
  },
  {
    id: "emails",
    title: "Emails we send",
    body: (
      <p>
        We only send emails about your account and your instances: verification links, the &ldquo;instance ready&rdquo;
        email, trial reminders, payment problems, ticket replies and security notices such as a changed password or
        email. These are part of the service, so they can&apos;t be turned off while you have an account.
      </p>
    ),
  },
  {
    id: "retention",
    title: "How long we keep it",
    body: (
      <ul>
        <li>Account data: while your account exists. Deleting your account removes it.</li>
        <li>
          Instance data and backups: until you terminate the instance; the final backup is then kept for the retention
          period and deleted.
        </li>
        <li>Suspended trial instances: deleted after the retention period unless upgraded.</li>
        <li>
          Invoices and payment records: as long as tax and accounting law requires, even after your account is deleted.
        </li>
        <li>Logs: only as long as needed for security and troubleshooting.</li>
      </ul>
    ),
  },
  {
    id: "security",
    title: "Security",
    body: (
      <p>
        Passwords are stored as slow, salted hashes. Links we email you expire. Changing or resetting your password
        signs out your other sessions. Each instance runs in its own container.
      </p>
    ),
  },
  {
    id: "your-rights",
    title: "Your choices and rights",
    body: (
      <p>
        You can see and correct your account details in your settings, export your data from your instances over SSH,
        and delete your account. You can also ask us for a copy of the personal data we hold about you, or to correct or
        delete it, subject to what the law requires us to keep. Read more in the{" "}
        <Link href="/help/account" className={link}>
          account help
        </Link>
        .
      </p>
    ),
  },
  {
    id: "cookies",
    title: "Cookies",
    body: <p>We use only the cookies needed to keep you signed in and secure. No advertising or tracking cookies.</p>,
  },
  {
    id: "contact",
    title: "Contact",
    body: (
      <p>
        For privacy questions or requests, open a support ticket or reply to any email we have sent you. We may update
        this policy; for significant changes, we email you in advance.
      </p>
    ),
  },
];
