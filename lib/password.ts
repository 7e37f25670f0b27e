import { hash, verify } from "@node-rs/argon2";
import { PASSWORD_RULE } from "./password-rule";

export { PASSWORD_RULE };

// argon2id (algorithm 2) with OWASP's recommended cost: 19 MiB, 2 iterations.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const COMMON = new Set([
  "password", "password1", "password123", "1234567890", "12345678910", "qwertyuiop", "iloveyou12", "letmein123",
  "welcome123", "administrator", "passw0rd12", "changeme123", "football12", "baseball12", "1q2w3e4r5t", "qwerty1234",
  "abc1234567", "monkey1234", "dragon1234", "sunshine12", "trustno1234", "0987654321", "superman12", "princess12",
]);

export function passwordProblem(password: string, context: { email?: string; name?: string | null } = {}): string | null {
  if (password.length < 10) return `That password is too short. ${PASSWORD_RULE}`;
  if (password.length > 200) return "That password is too long: use at most 200 characters.";
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || new Set(lower).size < 4) return `That password is too easy to guess. ${PASSWORD_RULE}`;
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return `That password contains your email. ${PASSWORD_RULE}`;
  const name = context.name?.trim().toLowerCase();
  if (name && name.length >= 4 && lower.includes(name)) return `That password contains your name. ${PASSWORD_RULE}`;
  return null;
}

export function hashPassword(password: string) {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string | null, password: string) {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Spent on unknown emails so a login takes as long whether or not the account exists.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string) {
  dummyHash ??= hashPassword("berth-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
