import { Code, CodeBlock, H2, HelpLink, List, P } from "./prose";
import type { HelpSection } from "./types";

function GettingStarted() {
  return (
    <>
      <H2 id="overview">From sign-up to a working instance</H2>
      <List ordered>
        <li>
          <strong>Create an account</strong> at <HelpLink href="/signup">sign up</HelpLink> with your name, your email
          and a password of at least 10 characters.
        </li>
        <li>
          <strong>Verify your email.</strong> We send you a link that works for 24 hours. If it expired or never
          arrived, ask for a new one after signing in. See <HelpLink href="/help/account">Your account</HelpLink>.
        </li>
        <li>
          <strong>Add an SSH public key</strong>, so you can sign in to your instance as soon as it&apos;s ready. See{" "}
          <HelpLink href="/help/ssh-keys">SSH keys</HelpLink>.
        </li>
        <li>
          <strong>Start your free trial instance.</strong> Pick a plan that offers a trial, pick a stack and give the
          instance a name. No card is needed.
        </li>
        <li>
          <strong>Wait for the &ldquo;ready&rdquo; email.</strong> A background job creates the container, then checks
          that its health check answers and that SSH works. Only then do we email you the instance&apos;s URL and its
          ssh command.
        </li>
      </List>

      <H2 id="stacks">Choosing a stack</H2>
      <P>Each instance runs one stack in its own container. There are three kinds:</P>
      <List>
        <li>
          <strong>App servers</strong> (Node.js, Python, Ruby) start with a starter page, so the instance answers at its
          address from the first minute. Its files are in <Code>/srv/app</Code>, the instance&apos;s own disk: replace
          them with your app over SSH (Node.js runs <Code>server.js</Code>, Python serves <Code>app:app</Code>). The
          server listens on the port in <Code>$PORT</Code>. When its process ends, the platform starts it again within a
          minute, with the files that are there then.
        </li>
        <li>
          <strong>Packaged services</strong> such as Gitea are ready to use as soon as the instance is ready: open its
          URL and finish the set-up in your browser.
        </li>
        <li>
          <strong>Static sites</strong> serve the HTML, CSS and JavaScript files you upload over SSH, as they are.
        </li>
      </List>
      <P>The stack of an instance is chosen when you create it. To use another stack, create another instance.</P>

      <H2 id="first-login">Your first sign-in</H2>
      <P>The ready email and the instance&apos;s page in your dashboard show the exact command. It looks like this:</P>
      <CodeBlock>ssh -p &lt;port&gt; &lt;instance-slug&gt;@&lt;host&gt;</CodeBlock>
      <P>
        The first time you connect, ssh asks you to confirm the server&apos;s host key. Type <Code>yes</Code> to
        continue. If ssh answers <Code>Permission denied (publickey)</Code>, see{" "}
        <HelpLink href="/help/ssh-keys#troubleshooting">troubleshooting SSH</HelpLink>.
      </P>

      <H2 id="if-something-fails">If provisioning fails</H2>
      <P>
        If the instance can&apos;t be brought up, its status becomes <Code>failed</Code> and no ready email is sent.
        Open a <HelpLink href="/help/tickets">support ticket</HelpLink> with the instance&apos;s name and we&apos;ll
        look into it.
      </P>

      <H2 id="next">When you&apos;re ready to pay</H2>
      <P>
        Upgrade the trial instance to a paid plan whenever you like. It keeps its name, address and data. See{" "}
        <HelpLink href="/help/billing">Billing</HelpLink>.
      </P>
    </>
  );
}

export const gettingStarted: HelpSection = {
  slug: "getting-started",
  title: "Getting started",
  summary: "Create an account, verify your email and start your free trial instance.",
  Content: GettingStarted,
};
