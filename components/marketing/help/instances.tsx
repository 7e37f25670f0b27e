import { Code, CodeBlock, H2, HelpLink, List, Note, P, Terms } from "./prose";
import type { HelpSection } from "./types";

const statuses = [
  { term: <Code>provisioning</Code>, description: "We are creating the container, its disk and its address." },
  {
    term: <Code>starting</Code>,
    description: "The container is up; we are waiting for its health check to answer and for SSH to work.",
  },
  {
    term: <Code>running</Code>,
    description:
      "Both checks passed. We email you the URL and the ssh command when an instance first reaches this status.",
  },
  {
    term: <Code>suspended</Code>,
    description: "Stopped, with its data kept: a trial ended without an upgrade, or a payment failed. See Billing.",
  },
  {
    term: <Code>terminated</Code>,
    description:
      "Deleted at your request (or after a suspension's retention period). A final backup is kept for the retention period.",
  },
  {
    term: <Code>failed</Code>,
    description: "Provisioning could not finish. Open a support ticket with the instance's name.",
  },
];

function Instances() {
  return (
    <>
      <P>An instance is one container running one stack on one plan, with its own disk, URL and SSH access.</P>

      <H2 id="statuses">Statuses</H2>
      <Terms items={statuses} />

      <H2 id="ssh">Connecting with SSH</H2>
      <P>The instance&apos;s page in your dashboard and the ready email show the exact command:</P>
      <CodeBlock>ssh -p &lt;port&gt; &lt;instance-slug&gt;@&lt;host&gt;</CodeBlock>
      <P>
        You sign in with one of the SSH keys on your account; see <HelpLink href="/help/ssh-keys">SSH keys</HelpLink>.
        The user name is the instance&apos;s slug, not your email.
      </P>

      <H2 id="backups">Backups and restore</H2>
      <P>
        A backup is a copy of the instance&apos;s data at one moment. Start one from the instance&apos;s page, for
        example before an upgrade of your app or a database migration.
      </P>
      <P>
        Restoring puts a backup&apos;s data back on the same instance. Everything written since that backup was taken is
        replaced, so take a fresh backup first if you may want to come back.
      </P>

      <H2 id="resize">Resizing</H2>
      <P>
        Resize moves a running instance to another plan, with different CPU, memory and disk. It keeps its name, address
        and data. On a paid instance, its subscription moves to the new plan and its price.
      </P>

      <H2 id="terminate">Terminating</H2>
      <P>Terminating deletes the instance&apos;s container and disk. Before you do:</P>
      <List>
        <li>Copy out anything you want to keep.</li>
        <li>
          A paid instance&apos;s subscription ends at once, so it is not billed again. The rest of the current period is
          not refunded.
        </li>
        <li>
          We keep a final backup for a retention period, then delete it for good. If you terminated the wrong instance,
          open a support ticket right away.
        </li>
      </List>
      <Note>Terminating cannot be undone from the dashboard. Take a backup and copy out your data first.</Note>
    </>
  );
}

export const instances: HelpSection = {
  slug: "instances",
  title: "Instances",
  summary: "Statuses, connecting with SSH, backups and restore, resizing and terminating.",
  Content: Instances,
};
