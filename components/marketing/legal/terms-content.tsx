import Link from "next/link";
import type { LegalSection } from "./legal-document";

const link = "font-medium text-slate-900 underline underline-offset-4";

export const termsUpdated = "21 November 2026";

export const termsSections: readonly LegalSection[] = [
  {
    id: "agreement",
    title: "These terms",
    body: (
      <p>
        These terms apply when you create a Berth account or use a Berth instance. By signing up you agree to them. If
        you use Berth for an organisation, you agree on its behalf. Our{" "}
        <Link href="/privacy" className={link}>
          privacy policy
        </Link>{" "}
        explains how we handle personal data.
      </p>
    ),
  },
  {
    id: "account",
    title: "Your account",
    body: (
      <ul>
        <li>Give us a real email address and keep it verified: we use it for everything important.</li>
        <li>
          Keep your password and your private SSH keys secret. You are responsible for what happens under your account.
        </li>
        <li>One free trial instance per person. Creating extra accounts to get more trials is not allowed.</li>
      </ul>
    ),
  },
  {
    id: "service",
    title: "The service",
    body: (
      <>
        <p>
          Berth runs instances (containers with a stack, a disk, a URL and SSH access) on the plan you choose. We aim to
          keep them available, but we do not guarantee uninterrupted service, and we may need maintenance windows.
        </p>
        <p>Backups are a tool for you, not a guarantee: keep your own copy of data you can&apos;t afford to lose.</p>
      </>
    ),
  },
  {
    id: "payment",
    title: "Trials, payment and cancellation",
    body: (
      <ul>
        <li>A trial instance is free for the trial period shown for its plan. No card is needed.</li>
        <li>
          When a trial ends without an upgrade, the instance is suspended with its data kept, then deleted after the
          retention period.
        </li>
        <li>
          Paid plans are billed monthly in advance, per instance, through Stripe, at the price shown when you upgrade.
        </li>
        <li>
          You can cancel at any time; cancellation takes effect at the end of the period already paid. We don&apos;t
          refund partial months.
        </li>
        <li>
          If a payment fails and isn&apos;t fixed within the grace period, the instance is suspended until it is paid.
        </li>
        <li>We will email you before any price change applies to an existing subscription.</li>
      </ul>
    ),
  },
  {
    id: "acceptable-use",
    title: "Acceptable use",
    body: (
      <>
        <p>Don&apos;t use Berth to:</p>
        <ul>
          <li>break the law or infringe other people&apos;s rights;</li>
          <li>send spam, host malware or phishing, or attack other systems;</li>
          <li>mine cryptocurrency, or put an unreasonable load on shared infrastructure;</li>
          <li>try to get into other customers&apos; instances or Berth&apos;s own systems.</li>
        </ul>
        <p>
          If an instance breaks these rules or endangers other customers, we may suspend it, and we&apos;ll tell you why
          by email.
        </p>
      </>
    ),
  },
  {
    id: "your-content",
    title: "Your content",
    body: (
      <p>
        What you put on your instances stays yours. You give us only the permission we need to run, back up and restore
        it for you. We don&apos;t look at it except to keep the service working, to answer a ticket you opened, or when
        the law requires us to.
      </p>
    ),
  },
  {
    id: "ending",
    title: "Ending the service",
    body: (
      <p>
        You can terminate instances and delete your account at any time (deletion waits until no paid instance is
        running). We may close an account that seriously or repeatedly breaks these terms. Terminated instances keep a
        final backup for the retention period, then it is deleted.
      </p>
    ),
  },
  {
    id: "liability",
    title: "Liability and changes",
    body: (
      <>
        <p>
          To the extent the law allows, Berth is provided &ldquo;as is&rdquo;, and our total liability is limited to
          what you paid us in the three months before the claim. Nothing here limits rights you have as a consumer.
        </p>
        <p>
          We may update these terms. For significant changes we email you in advance; continuing to use Berth after that
          means you accept them.
        </p>
      </>
    ),
  },
  {
    id: "contact",
    title: "Contact",
    body: <p>Questions about these terms: open a support ticket, or reply to any email we have sent you.</p>,
  },
];
