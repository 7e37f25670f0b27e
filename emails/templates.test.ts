import { toPlainText } from "@react-email/components";
import { describe, expect, it } from "vitest";
import { renderEmail } from "@/lib/mail";
import { emailTemplates, type EmailTemplateName } from ".";

describe("email templates", () => {
  for (const name of Object.keys(emailTemplates) as EmailTemplateName[]) {
    it(`${name} renders HTML and plain text from its preview props`, async () => {
      const props = (emailTemplates[name].component as unknown as { PreviewProps: never }).PreviewProps;
      expect(props, `${name} needs PreviewProps`).toBeTruthy();
      const email = await renderEmail(name, props);
      expect(email.subject.length).toBeGreaterThan(5);
      expect(email.html).toMatch(/^<!DOCTYPE html/);
      expect(email.text).toBe(toPlainText(email.html));
      expect(email.text).toContain("Berth");
      expect(email.text).not.toMatch(/<[a-z]/);
      // Every piece of data the template is given reaches the reader (the text part uppercases headings).
      const text = email.text.toLowerCase().replace(/\s+/g, " ");
      const values = Object.values(props as Record<string, unknown>)
        .flat()
        .filter((v): v is string | number => typeof v === "string" || typeof v === "number");
      for (const value of values) expect(text).toContain(String(value).toLowerCase().replace(/\s+/g, " "));
    });
  }
});
