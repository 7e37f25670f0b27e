import ssh2, { type AuthContext, type ClientInfo, type Connection, type PublicKeyAuthContext } from "ssh2";
import { errorMessage } from "@/lib/providers/docker-client";
import { decideAccess, type Access } from "./access";
import { sshFingerprint } from "./openssh-key";
import { loadAccessFacts, touchKey } from "./records";
import { handleSession, type Identity, type SessionContext } from "./session";

export type ConnectionContext = Omit<SessionContext, "identity">;

// A client let in only to read why it cannot go further is dropped after this; server.ts drops one that has not
// logged in within its handshake deadline.
const EXPLAIN_GRACE_MS = 30_000;
// Each attempt costs database queries; sshd's MaxAuthTries is 6, but agents often hold more keys than that.
const MAX_AUTH_ATTEMPTS = 12;

type Outcome = { accepted: [Identity, Access] } | { refused: string } | null;

/**
 * One SSH connection. The user name is the instance slug; the only method offered is publickey, and a key is
 * accepted only after decideAccess() lets it in and its signature over this session's id verifies.
 */
export function handleConnection(ctx: ConnectionContext, client: Connection, info: ClientInfo) {
  let identity: Identity | undefined;
  let access: Access | undefined;
  let attempts = 0;
  const refusals = new Set<string>();
  // A client first asks whether a key would do, then signs with it: both get the answer of one database read.
  const decided = new Map<string, Promise<Access>>();
  const where = `${info.ip}:${info.port}`;

  client.on("error", (error: Error) => ctx.log(`ssh ${where}: ${error.message}`));
  client.on("authentication", (auth) => {
    if (++attempts > MAX_AUTH_ATTEMPTS) return void client.end();
    authenticate(ctx, auth, info, decided).then(
      (outcome) => {
        if (outcome && "refused" in outcome) refusals.add(`${auth.username}: ${outcome.refused}`);
        if (outcome && "accepted" in outcome) {
          // Before accept(): ssh2 may emit "ready" from inside it.
          [identity, access] = outcome.accepted;
          auth.accept();
        }
      },
      (error) => {
        ctx.log(`ssh ${where}: authentication failed with an error: ${errorMessage(error)}`);
        auth.reject(["publickey"]);
      },
    );
  });
  client.on("ready", () => {
    if (!identity || !access) return client.end();
    if (access.kind === "explain") setTimeout(() => client.end(), EXPLAIN_GRACE_MS).unref();
    const session: SessionContext = { ...ctx, identity };
    client.on("session", (accept, reject) => handleSession(session, accept, reject));
  });
  client.on("close", () => {
    if (!identity && refusals.size) ctx.log(`ssh ${where}: no key accepted (${[...refusals].join("; ")})`);
  });
}

async function authenticate(
  ctx: ConnectionContext,
  auth: AuthContext,
  info: ClientInfo,
  decided: Map<string, Promise<Access>>,
): Promise<Outcome> {
  // Password, keyboard-interactive, hostbased and "none" are never accepted: the list sent back is publickey only.
  if (auth.method !== "publickey") {
    auth.reject(["publickey"]);
    return null;
  }
  const fingerprint = sshFingerprint(auth.key.data);
  const key = `${auth.username}\n${fingerprint}`;
  let deciding = decided.get(key);
  if (!deciding) {
    deciding = loadAccessFacts(ctx.db, auth.username, fingerprint, ctx.probeFingerprint).then(decideAccess);
    decided.set(key, deciding);
    deciding.catch(() => decided.delete(key));
  }
  const access = await deciding;
  if (access.kind === "refuse") {
    auth.reject(["publickey"]);
    return { refused: `${fingerprint} ${access.reason}` };
  }
  // No signature yet: the client only asks whether this key would do. Saying yes makes it sign with it.
  if (!auth.signature) {
    auth.accept();
    return null;
  }
  if (!signatureValid(auth)) {
    auth.reject(["publickey"]);
    return { refused: `${fingerprint} bad signature` };
  }
  if (access.kind === "customer") await touchKey(ctx.db, access.keyId);
  return { accepted: [{ slug: auth.username, fingerprint, remoteAddress: info.ip }, access] };
}

function signatureValid(auth: PublicKeyAuthContext): boolean {
  if (!auth.signature || !auth.blob) return false;
  const key = ssh2.utils.parseKey(auth.key.data);
  if (key instanceof Error) return false;
  try {
    return key.verify(auth.blob, auth.signature, auth.hashAlgo) === true;
  } catch {
    return false;
  }
}
