import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseForm } from "@/lib/action";
import nextConfig from "@/next.config";
import { addKeySchema } from "./add-key";

// Next refuses a server action whose body is over its limit before the action runs, and the page only says
// "Something went wrong": a 1 MB paste or file must get through to the schema's own message.
const parseBytes = createRequire(import.meta.url)("next/dist/compiled/bytes").parse as (value: string) => number;
const limit = parseBytes(String(nextConfig.experimental?.serverActions?.bodySizeLimit ?? "1mb"));
const megabyte = "A".repeat(1024 * 1024);

function form(fields: Record<string, string | File>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe("a 1 MB SSH key", () => {
  it("pasted, reaches the action and is refused as far too long", async () => {
    const data = form({ publicKey: `ssh-ed25519 ${megabyte}`, name: "" });
    expect((await new Response(data).arrayBuffer()).byteLength).toBeLessThan(limit);
    expect(parseForm(addKeySchema, data)).toEqual({
      error: "This is far too long for an SSH public key. Paste only the line from your .pub file.",
    });
  });

  it("as a file, reaches the action and is refused as far too large", async () => {
    const data = form({ publicKey: "", keyFile: new File([megabyte], "huge.pub"), name: "" });
    expect((await new Response(data).arrayBuffer()).byteLength).toBeLessThan(limit);
    expect(parseForm(addKeySchema, data)).toEqual({
      error: "That file is far too large for an SSH public key. Choose the .pub file.",
    });
  });
});
