import { Code, CodeBlock, H2, HelpLink, List, Note, P } from "./prose";
import type { HelpSection } from "./types";

function Deploying() {
  return (
    <>
      <P>
        Node.js and Python instances of the stacks built on this Berth installation (those named &quot;(local
        build)&quot;) deploy with <Code>git push</Code>: Berth builds your app inside the instance and starts it as a
        new release. Static sites take their files over sftp or scp. Other stacks take your code over SSH.
      </P>

      <H2 id="git-push">Deploying with git push</H2>
      <P>The instance&apos;s Deploys page shows its remote. Add it once, then push your main branch:</P>
      <CodeBlock>
        git remote add berth ssh://&lt;instance-slug&gt;@&lt;host&gt;:&lt;port&gt;/app{"\n"}git push berth main
      </CodeBlock>
      <P>
        You push with one of the SSH keys attached to the instance, as for SSH; see{" "}
        <HelpLink href="/help/ssh-keys">SSH keys</HelpLink>. The build&apos;s output streams back to your terminal:
      </P>
      <List>
        <li>
          Node.js: <Code>npm ci</Code> when the repository has a lockfile, <Code>npm install</Code> otherwise, then{" "}
          <Code>npm run build</Code> if there is one; it starts with <Code>npm start</Code>, or{" "}
          <Code>node server.js</Code> without a start script.
        </li>
        <li>
          Python: a virtual environment with <Code>pip install -r requirements.txt</Code>; gunicorn serves{" "}
          <Code>app:app</Code>.
        </li>
        <li>
          A <Code>Procfile</Code> with a <Code>web:</Code> line replaces the start command. Your app listens on{" "}
          <Code>$PORT</Code>.
        </li>
      </List>
      <Note>
        Instances have no outbound network, so a build installs only what the stack includes or what your repository
        holds: a dependency that must be downloaded fails the build, and the previous release keeps serving.
      </Note>

      <H2 id="releases">Releases and rolling back</H2>
      <P>
        Each deploy is a numbered release with its commit, who pushed it, when, and its build log. A new release takes
        traffic only once its health path answers; until then the previous one keeps serving, so visitors see no error.
        If the build or the health check fails, the previous release stays live and you are told why in the push&apos;s
        output, on the instance&apos;s page and by email.
      </P>
      <P>
        The builds of the last five pushes are kept. &quot;Roll back&quot; on the Deploys page starts an earlier one
        again as a new release; it is on the instance&apos;s timeline.
      </P>

      <H2 id="environment">Environment variables</H2>
      <P>
        The Environment page sets variables your app&apos;s process gets. Values are encrypted at rest and never shown
        again once saved: you can replace or delete them. A change restarts the app as a new release. Names are letters,
        digits and underscores; <Code>PORT</Code> is Berth&apos;s.
      </P>

      <H2 id="sftp">Uploading a static site with sftp or scp</H2>
      <P>Files you upload go into the site&apos;s directory and are served as they are:</P>
      <CodeBlock>
        sftp -P &lt;port&gt; &lt;instance-slug&gt;@&lt;host&gt;{"\n"}scp -P &lt;port&gt; index.html
        &lt;instance-slug&gt;@&lt;host&gt;:index.html
      </CodeBlock>
    </>
  );
}

export const deploying: HelpSection = {
  slug: "deploying",
  title: "Deploying",
  summary: "git push deploys, releases and rolling back, environment variables, sftp uploads of static sites.",
  Content: Deploying,
};
