import { idempotencyError } from "../core/errors";

// https://docs.stripe.com/api/idempotent_requests — the first answer for a key is saved and replayed for
// retries with the same parameters; reusing a key with other parameters is a 400 idempotency_error.
// Results are saved only once the endpoint began executing (not for parameter validation failures).

interface Saved {
  fingerprint: string;
  status: number;
  body: string;
  at: number;
}

const TTL_MS = 24 * 3600 * 1000;

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

export class IdempotencyStore {
  private saved = new Map<string, Saved>();

  fingerprint(method: string, path: string, params: unknown): string {
    return `${method} ${path} ${canonical(params)}`;
  }

  /** The saved answer to replay, or undefined to execute; throws on a parameter mismatch. */
  lookup(apiKey: string, key: string, fingerprint: string): Saved | undefined {
    const entry = this.saved.get(`${apiKey}:${key}`);
    if (!entry) return undefined;
    if (Date.now() - entry.at > TTL_MS) {
      this.saved.delete(`${apiKey}:${key}`);
      return undefined;
    }
    if (entry.fingerprint !== fingerprint) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return entry;
  }

  save(apiKey: string, key: string, fingerprint: string, status: number, body: string): void {
    this.saved.set(`${apiKey}:${key}`, { fingerprint, status, body, at: Date.now() });
  }

  clear(): void {
    this.saved.clear();
  }
}

/** Which answers are saved: successes, card errors and server errors — not request validation errors. */
export function shouldSave(status: number): boolean {
  return status < 400 || status === 402 || status >= 500;
}
