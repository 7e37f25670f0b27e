import { Code, H2, HelpLink, List, Note, P } from "./prose";
import type { HelpSection } from "./types";

function Account() {
  return (
    <>
      <P>
        Everything here is done from the settings of your account once you are signed in, except resetting a forgotten
        password.
      </P>

      <H2 id="verify">Verifying your email</H2>
      <P>
        After you sign up we email you a confirmation link. It works for 24 hours. Until your email is verified you
        can&apos;t start a trial instance. If the link expired or didn&apos;t arrive, check your spam folder, then ask
        for a new link after signing in.
      </P>

      <H2 id="change-email">Changing your email</H2>
      <List ordered>
        <li>Enter the new address and your current password.</li>
        <li>We send a confirmation link to the new address. It works for 24 hours.</li>
        <li>Your email changes only when you open that link, so the new address is verified too.</li>
      </List>
      <P>We also let your old address know, so a change you didn&apos;t make doesn&apos;t go unnoticed.</P>

      <H2 id="change-password">Changing your password</H2>
      <P>
        Enter your current password and a new one. Use at least 10 characters, and avoid common passwords and your own
        name or email. When it is changed, every other session of your account is signed out, and we email you to
        confirm.
      </P>

      <H2 id="reset-password">Forgot your password?</H2>
      <P>
        Use <HelpLink href="/forgot-password">Forgot password</HelpLink> on the sign-in page. We email a link that works
        for 1 hour. Choosing a new password through it signs out every session of your account.
      </P>

      <H2 id="delete">Deleting your account</H2>
      <P>You confirm by typing your email. The settings page lists what ends before you do. Deleting your account:</P>
      <List>
        <li>
          ends every subscription at once, so you are not billed again (the rest of the current period is not refunded);
        </li>
        <li>
          terminates every instance. The final backup of each is kept for the retention period, then deleted; read{" "}
          <HelpLink href="/help/instances#terminate">terminating an instance</HelpLink> first;
        </li>
        <li>signs you out everywhere, and we email you once it is done.</li>
      </List>
      <Note>
        Deleting your account can&apos;t be undone. Invoices may be kept for as long as the law requires; see the{" "}
        <HelpLink href="/privacy">privacy policy</HelpLink>.
      </Note>

      <H2 id="security">Keeping your account safe</H2>
      <List>
        <li>Use a password you don&apos;t use anywhere else, ideally from a password manager.</li>
        <li>Neither Berth emails nor Berth support will ever ask for your password.</li>
        <li>
          Lost a laptop? Change your password and remove its SSH key; the <Code>SHA256:</Code> fingerprints help you
          find the right one.
        </li>
      </List>
    </>
  );
}

export const account: HelpSection = {
  slug: "account",
  title: "Your account",
  summary: "Verify or change your email, change or reset your password, and delete your account.",
  Content: Account,
};
