import { z } from "zod";
import { parameterInvalid, parameterMissing, parameterUnknown } from "../core/errors";

// Parameter schemas for form-encoded bodies (every value arrives as a string).
// Unknown keys → 400 parameter_unknown, missing required → 400 parameter_missing, as Stripe answers.
// https://docs.stripe.com/error-codes/parameter-unknown  https://docs.stripe.com/error-codes/parameter-missing

type Issue = z.core.$ZodIssue;

function custom(ctx: z.RefinementCtx, message: string, stripeCode?: string) {
  ctx.addIssue({ code: "custom", message, params: { stripeCode } });
  return z.NEVER;
}

export const str = () => z.string();

export const int = (min = Number.MIN_SAFE_INTEGER) =>
  z.string().transform((s, ctx): number => {
    if (!/^-?\d+$/.test(s)) return custom(ctx, `Invalid integer: ${s}`, "parameter_invalid_integer");
    const n = Number(s);
    if (n < min) return custom(ctx, `This value must be greater than or equal to ${min}.`);
    return n;
  });

export const num = () =>
  z.string().transform((s, ctx): number => {
    const n = Number(s);
    if (s.trim() === "" || !Number.isFinite(n)) return custom(ctx, `Invalid decimal: ${s}`);
    return n;
  });

export const bool = () =>
  z.string().transform((s, ctx): boolean => {
    if (s === "true") return true;
    if (s === "false") return false;
    return custom(ctx, `Invalid boolean: ${s}`);
  });

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((s, ctx): T[number] => {
    if ((values as readonly string[]).includes(s)) return s as T[number];
    return custom(ctx, `Invalid value: ${s}. Must be one of ${values.join(", ")}.`);
  });

/** `""` unsets a field (https://docs.stripe.com/api/metadata: "set it to an empty value to unset it"). */
export const emptyable = <T extends z.ZodType>(schema: T) => z.union([z.literal("").transform(() => null), schema]);

/** metadata[k]=v; metadata[k]="" removes k; metadata="" removes all. https://docs.stripe.com/api/metadata */
export const metadata = () => z.union([z.literal("").transform(() => null), z.record(z.string(), z.string().max(500))]);

/** A list sent as `a[0]=…&a[1]=…` (an object with index keys) or `a[]=…`. */
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.every(([k]) => /^\d+$/.test(k))) {
        return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x);
      }
    }
    return v;
  }, z.array(item));

export const expand = () => list(z.string()).optional();

/** limit/starting_after/ending_before of every list endpoint. https://docs.stripe.com/api/pagination */
export const listShape = {
  limit: int(1).pipe(z.number().max(100)).optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
  expand: expand(),
};

function formatPath(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return (head ?? "") + rest.map((p) => `[${p}]`).join("");
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[String(p)];
  }
  return cur;
}

function toStripeError(raw: unknown, issue: Issue) {
  if (issue.code === "unrecognized_keys") {
    return parameterUnknown(formatPath([...issue.path, issue.keys[0] ?? ""]));
  }
  const param = formatPath(issue.path);
  if (valueAt(raw, issue.path) === undefined) return parameterMissing(param);
  if (issue.code === "custom") {
    const code = (issue.params as { stripeCode?: string } | undefined)?.stripeCode;
    return parameterInvalid(param, issue.message, code);
  }
  if (issue.code === "invalid_type" && valueAt(raw, issue.path) !== undefined) {
    return parameterInvalid(param, `Invalid ${param}: expected ${issue.expected}.`);
  }
  return parameterInvalid(param, `Invalid ${param}: ${issue.message}`);
}

export function parseParams<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  // Report unknown parameters first, as Stripe does.
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
  );
  throw toStripeError(raw, issues[0]!);
}

/** Applies a metadata update the way Stripe merges it. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | null | undefined) {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  return next;
}

export function initialMetadata(update: Record<string, string> | null | undefined) {
  return mergeMetadata({}, update);
}
