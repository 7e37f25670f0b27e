import { render } from "@react-email/components";
import { describe, expect, it, vi } from "vitest";
import { emailTemplates, type EmailTemplateName } from "..";
import { loadTailwind, Tailwind } from "./tailwind";

const names = Object.keys(emailTemplates) as EmailTemplateName[];
const previewProps = (name: EmailTemplateName) =>
  (emailTemplates[name].component as unknown as { PreviewProps: never }).PreviewProps;

async function renderEveryTemplate() {
  const { renderEmail } = await import("@/lib/mail");
  return Promise.all(names.map(async (name) => (await renderEmail(name, previewProps(name))).html));
}

describe("email Tailwind", () => {
  it("gives every template exactly the HTML React Email's <Tailwind> gives it", async () => {
    const ours = await renderEveryTemplate();
    vi.resetModules();
    vi.doMock("@/emails/components/tailwind", async () => ({
      Tailwind: (await import("@react-email/tailwind")).Tailwind,
      loadTailwind: async () => {},
    }));
    try {
      const theirs = await renderEveryTemplate();
      expect(ours).toEqual(theirs);
      expect(ours[names.indexOf("instance-ready")]).toContain("background-color:rgb(15,23,43)");
    } finally {
      vi.doUnmock("@/emails/components/tailwind");
      vi.resetModules();
    }
  });

  it("refuses a class that cannot be inlined, naming it", async () => {
    await loadTailwind();
    await expect(
      render(
        <Tailwind>
          <p className="text-sm hover:underline">x</p>
        </Tailwind>,
      ),
    ).rejects.toThrow("Email classes that cannot be inlined: hover:underline");
  });
});
