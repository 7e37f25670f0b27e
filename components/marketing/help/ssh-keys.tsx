import { Code, CodeBlock, H2, List, Note, P, Terms } from "./prose";
import type { HelpSection } from "./types";

function SshKeys() {
  return (
    <>
      <P>
        You sign in to your instances with SSH keys, not passwords. A key pair has two halves: a private key that stays
        on your computer, and a public key that you give to Berth.
      </P>

      <H2 id="supported-types">Supported key types</H2>
      <Terms
        items={[
          { term: <Code>ed25519</Code>, description: "Recommended: short, fast and secure." },
          { term: <Code>ecdsa</Code>, description: "Accepted." },
          {
            term: <Code>rsa</Code>,
            description: "Accepted if the key is at least 2048 bits long. Shorter RSA keys are refused.",
          },
        ]}
      />

      <H2 id="generate">Create a key</H2>
      <P>
        On macOS, Linux or Windows 10 and later (PowerShell), run the following, with your own email as the comment:
      </P>
      <CodeBlock>ssh-keygen -t ed25519 -C &quot;you@example.com&quot;</CodeBlock>
      <P>
        Press Enter to keep the default location, and choose a passphrase: it protects the key if your computer is lost.
        This creates two files: <Code>~/.ssh/id_ed25519</Code> (private) and <Code>~/.ssh/id_ed25519.pub</Code>{" "}
        (public). If you already have a key, you can use it instead.
      </P>

      <H2 id="add">Add your public key to Berth</H2>
      <P>Print the public key and copy the whole line:</P>
      <CodeBlock>
        {"cat ~/.ssh/id_ed25519.pub\n# Windows PowerShell:\nGet-Content $env:USERPROFILE\\.ssh\\id_ed25519.pub"}
      </CodeBlock>
      <P>
        It is a single line that starts with the key type, for example <Code>ssh-ed25519 AAAA…</Code>, and usually ends
        with your comment. Paste it into the SSH keys page of your account and give it a name you&apos;ll recognise,
        such as the computer it lives on.
      </P>
      <Note>
        Only ever paste the <strong>public</strong> key (the <Code>.pub</Code> file). Never paste or send your private
        key, the file that starts with <Code>-----BEGIN OPENSSH PRIVATE KEY-----</Code>, to anyone, including Berth
        support. If you did by mistake, delete that key pair and create a new one.
      </Note>

      <H2 id="fingerprints">Fingerprints</H2>
      <P>
        Berth lists each key with its SHA256 fingerprint, in the same form that <Code>ssh-keygen -lf</Code> prints. To
        check which key on your computer matches, run:
      </P>
      <CodeBlock>
        {
          "ssh-keygen -lf ~/.ssh/id_ed25519.pub\n256 SHA256:3fQy0q1Hn5mS9xGd0b1mR1sV1bqfC6zQ8WkqU2pXy1A you@example.com (ED25519)"
        }
      </CodeBlock>
      <P>
        The part starting with <Code>SHA256:</Code> is what to compare.
      </P>

      <H2 id="remove">Removing a key</H2>
      <P>
        Delete a key from your account when you stop using that computer, or if you think the private key was copied.
        You can add several keys, one per computer, so that removing one doesn&apos;t lock you out.
      </P>

      <H2 id="troubleshooting">Troubleshooting</H2>
      <List>
        <li>
          <Code>Permission denied (publickey)</Code>: ssh offered a key Berth doesn&apos;t know. Compare fingerprints as
          above, or name the key explicitly:{" "}
          <Code>ssh -i ~/.ssh/id_ed25519 -p &lt;port&gt; &lt;instance-slug&gt;@&lt;host&gt;</Code>.
        </li>
        <li>
          Check that you use the port and user name from your instance&apos;s page: the user is the instance&apos;s
          slug, not your email.
        </li>
        <li>
          Add <Code>-v</Code> to the ssh command to see which keys it tries. Include that output (it contains no
          secrets) when you open a support ticket.
        </li>
      </List>
    </>
  );
}

export const sshKeys: HelpSection = {
  slug: "ssh-keys",
  title: "SSH keys",
  summary: "Supported key types, how to create a key, add the public half and check fingerprints.",
  Content: SshKeys,
};
