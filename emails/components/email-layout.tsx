import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { Tailwind } from "./tailwind";
import type { ReactNode } from "react";

export function EmailLayout({ preview, children }: { preview: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Tailwind>
        <Body className="bg-slate-50 font-sans text-slate-900">
          <Container className="mx-auto my-8 max-w-xl rounded-lg border border-solid border-slate-200 bg-white px-8 py-6">
            <Text className="m-0 text-lg font-bold tracking-tight text-slate-900">⚓ Berth</Text>
            <Section className="mt-2">{children}</Section>
            <Hr className="my-6 border-slate-200" />
            <Text className="m-0 text-xs text-slate-500">
              You get this email because of your Berth account. If something looks wrong, reply to this email or open a
              support ticket.
            </Text>
          </Container>
        </Body>
      </Tailwind>
    </Html>
  );
}
