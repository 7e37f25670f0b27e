import { z } from "zod";

const slug = z
  .string()
  .trim()
  .min(1, "Slug is required.")
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lowercase letters, digits and dashes for the slug.");
const int = (what: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${what} must be a number.` })
    .int(`${what} must be a whole number.`)
    .min(min, `${what} must be at least ${min}.`)
    .max(max, `${what} must be at most ${max}.`);
const id = z
  .union([z.uuid(), z.literal("")])
  .optional()
  .transform((v) => v || undefined);

export const planSchema = z.object({
  id,
  slug,
  name: z.string().trim().min(1, "Name is required.").max(60),
  description: z.string().trim().max(500).default(""),
  cpu: z.coerce
    .number({ error: "CPU must be a number." })
    .min(0.1, "CPU must be at least 0.1.")
    .max(64, "CPU must be at most 64."),
  memoryMb: int("Memory", 64, 1_048_576),
  diskGb: int("Disk", 1, 10_000),
  priceCents: int("Price", 0, 10_000_000),
  currency: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{3}$/, "Currency is a three-letter code such as usd."),
  stripeLookupKey: z.string().trim().min(1, "Stripe lookup key is required.").max(200),
  trialDays: int("Trial days", 0, 365),
  sortOrder: int("Sort order", -1000, 1000),
});
export type PlanInput = z.infer<typeof planSchema>;

// KEY=VALUE per line; blank lines and lines starting with # are skipped.
export function parseEnvLines(text: string): { env: Record<string, string> } | { error: string } {
  const env: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) return { error: `Environment line ${i + 1} is not KEY=VALUE.` };
    env[m[1]!] = m[2]!;
  }
  return { env };
}

export const stackSchema = z.object({
  id,
  slug,
  name: z.string().trim().min(1, "Name is required.").max(60),
  kind: z.enum(["runtime", "app", "static"], { error: "Kind is runtime, app or static." }),
  description: z.string().trim().max(500).default(""),
  image: z.string().trim().min(1, "Image is required.").max(255).regex(/^\S+$/, "The image has no spaces."),
  port: int("Port", 1, 65535),
  env: z
    .string()
    .default("")
    .transform((text, ctx) => {
      const parsed = parseEnvLines(text);
      if ("error" in parsed) {
        ctx.addIssue({ code: "custom", message: parsed.error });
        return z.NEVER;
      }
      return parsed.env;
    }),
  // One argument per line, so arguments with spaces need no quoting; empty keeps the image's own command.
  command: z
    .string()
    .default("")
    .transform((text) => {
      const args = text
        .split(/\r?\n/)
        .map((a) => a.trim())
        .filter(Boolean);
      return args.length ? args : null;
    }),
  healthPath: z
    .string()
    .trim()
    .regex(/^\/\S*$/, "The health path starts with /.")
    .default("/"),
  volumePath: z
    .string()
    .trim()
    .regex(/^\/\S+$/, "The volume path is an absolute path such as /data."),
});
export type StackInput = z.infer<typeof stackSchema>;
