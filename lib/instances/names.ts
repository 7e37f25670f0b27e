import { randomBytes } from "node:crypto";
import { z } from "zod";

export const instanceNameField = z
  .string({ error: "Please name your instance." })
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters for the name.")
  .max(40, "Use at most 40 characters for the name.")
  .regex(/^[a-z0-9-]+$/, "Use only letters, digits and dashes in the name.")
  .regex(/^[a-z0-9].*[a-z0-9]$/, "The name must start and end with a letter or digit.");

// The SSH user name and container name: the customer's name plus a suffix that makes it unique across Berth.
export function instanceSlug(name: string) {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const suffix = [...randomBytes(5)].map((b) => alphabet[b % alphabet.length]).join("");
  return `${name.slice(0, 30)}-${suffix}`;
}

export const containerName = (slug: string) => `berth-${slug}`;
