import { Code, H2, List, Note, P, Terms } from "./prose";
import type { HelpSection } from "./types";

function Tickets() {
  return (
    <>
      <P>Support tickets are how you reach the Berth team about anything: an instance, a charge, or your account.</P>

      <H2 id="open">Opening a ticket</H2>
      <P>Sign in and start a new ticket from the support page of your dashboard. A good ticket says:</P>
      <List>
        <li>which instance it is about (its name), if any;</li>
        <li>what you did, what you expected and what happened instead;</li>
        <li>when it happened, and any error message or command output, pasted as text.</li>
      </List>
      <Note>
        Never put passwords, private keys, API tokens or card numbers in a ticket. We will never ask for them.
      </Note>

      <H2 id="statuses">Statuses</H2>
      <Terms
        items={[
          { term: <Code>open</Code>, description: "Waiting for the Berth team." },
          {
            term: <Code>waiting on customer</Code>,
            description: "We replied and need something from you. Reply in the ticket to continue.",
          },
          {
            term: <Code>closed</Code>,
            description: "Resolved. If the problem comes back, open a new ticket and mention the old one.",
          },
        ]}
      />

      <H2 id="email">Email notifications</H2>
      <P>
        We email you when the team replies to your ticket, with a link back to the conversation. Reply in the ticket
        itself, so everything stays in one place.
      </P>
    </>
  );
}

export const tickets: HelpSection = {
  slug: "tickets",
  title: "Support tickets",
  summary: "How to open a ticket, what its statuses mean and when we email you.",
  Content: Tickets,
};
