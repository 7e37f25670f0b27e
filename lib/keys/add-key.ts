import { z } from "zod";
import type { Db } from "@/db";
import { findUserKeyByFingerprint, insertUserKey } from "@/lib/keys/queries";
import { parsePublicKey, type ParsePublicKeyResult, type SshPublicKey } from "@/lib/ssh-keys";
import { KEY_INPUT_MAX } from "./key-limits";

export const KEY_NAME_MAX = 80;

export const addKeySchema = z.object({
  name: z.string().trim().max(KEY_NAME_MAX, `Please use at most ${KEY_NAME_MAX} characters for the name.`).default(""),
  publicKey: z
    .string()
    .max(KEY_INPUT_MAX, "This is far too long for an SSH public key. Paste only the line from your .pub file.")
    .default(""),
  keyFile: z
    .file()
    .max(KEY_INPUT_MAX, "That file is far too large for an SSH public key. Choose the .pub file.")
    .optional(),
});

export type AddKeyResult = { error: string; leakedPrivateKey?: boolean } | { success: string };

export async function addSshKey(db: Db, userId: string, input: z.infer<typeof addKeySchema>): Promise<AddKeyResult> {
  const parsed = await parseKeyInput(input.publicKey, input.keyFile);
  if (!parsed.ok) {
    // The pasted text is never part of the answer: it may be a private key.
    return parsed.leakedPrivateKey ? { error: parsed.error, leakedPrivateKey: true } : { error: parsed.error };
  }
  const { key } = parsed;
  const name = input.name || defaultKeyName(key);
  const row = await insertUserKey(db, {
    userId,
    name,
    type: key.type,
    algorithm: key.algorithm,
    bits: key.bits,
    fingerprint: key.fingerprint,
    publicKey: key.normalized,
  });
  if (!row) {
    const existing = await findUserKeyByFingerprint(db, userId, key.fingerprint);
    return { error: `You already added this key as “${existing?.name ?? name}”.` };
  }
  return { success: `Key “${row.name}” added.` };
}

// The key comes from the text box or from a chosen .pub file. A private key in either is reported before anything else.
async function parseKeyInput(pasted: string, file: File | undefined): Promise<ParsePublicKeyResult> {
  const fromFile = file && file.size > 0 ? await file.text() : "";
  const sources = [pasted, fromFile].filter((text) => text.trim() !== "");
  const results = sources.map(parsePublicKey);
  const leaked = results.find((r) => !r.ok && r.leakedPrivateKey);
  if (leaked) return leaked;
  if (results.length > 1) return { ok: false, error: "Paste a key or choose a .pub file, not both." };
  return results[0] ?? parsePublicKey("");
}

export function defaultKeyName(key: SshPublicKey) {
  return Array.from(key.comment).slice(0, KEY_NAME_MAX).join("").trim() || `${key.type} key`;
}
