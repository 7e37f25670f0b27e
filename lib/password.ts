import { hash, verify } from "@node-rs/argon2";
import { guessableReason } from "./password-strength";
import { PASSWORD_RULE } from "./password-rule";

export { PASSWORD_RULE };

// argon2id (algorithm 2) with OWASP's recommended cost: 19 MiB, 2 iterations.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MAX = 200;

export function passwordProblem(
  password: string,
  context: { email?: string; name?: string | null } = {},
): string | null {
  if (password.length < 10) return `That password is too short. ${PASSWORD_RULE}`;
  if (password.length > PASSWORD_MAX) return `That password is too long: use at most ${PASSWORD_MAX} characters.`;
  const lower = password.toLowerCase();
  const local = context.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return `That password contains your email. ${PASSWORD_RULE}`;
  const name = context.name?.trim().toLowerCase();
  if (name && name.length >= 4 && lower.includes(name)) return `That password contains your name. ${PASSWORD_RULE}`;
  const reason = guessableReason(
    password,
    [local, name].filter((v): v is string => Boolean(v)),
  );
  if (reason) return `That password is too easy to guess: ${reason}. ${PASSWORD_RULE}`;
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
