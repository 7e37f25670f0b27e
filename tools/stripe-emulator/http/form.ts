import { invalidRequest } from "../core/errors";

// Stripe's v1 API takes application/x-www-form-urlencoded bodies (and query strings for GET)
// with bracketed keys: `items[0][price]=…`, `metadata[plan]=…`, `expand[]=…`.
// https://docs.stripe.com/api/request_ids and https://docs.stripe.com/api (curl examples use -d "metadata[k]=v")
// Arrays come as indexed keys (`a[0]`) from the SDK or as `a[]` from curl; both are accepted here.
// Indexed keys stay objects ({"0": …}); the parameter schemas turn them into arrays where a list is expected.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    throw invalidRequest(`Invalid URL encoding in the request: ${s}`);
  }
}

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first === -1) return [key];
  const segments = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  let consumed = first;
  while ((m = re.exec(key)) !== null) {
    if (m.index !== consumed) break;
    segments.push(m[1] ?? "");
    consumed = m.index + m[0].length;
  }
  if (consumed !== key.length || segments[0] === "") throw invalidRequest(`Invalid parameter name: ${key}`);
  return segments;
}

function assign(target: FormObject | FormValue[], segments: string[], value: string, fullKey: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const conflict = () => invalidRequest(`Invalid parameter structure for ${fullKey}: mixes a value and nested keys.`);
  if (Array.isArray(target)) {
    if (head !== "") throw conflict();
    if (rest.length === 0) {
      target.push(value);
      return;
    }
    const child: FormObject = {};
    target.push(child);
    assign(child, rest, value, fullKey);
    return;
  }
  if (head === "") throw conflict();
  if (rest.length === 0) {
    if (head in target && typeof target[head] !== "string") throw conflict();
    target[head] = value;
    return;
  }
  let child = target[head];
  if (child === undefined) {
    child = rest[0] === "" ? [] : {};
    target[head] = child;
  }
  if (typeof child === "string") throw conflict();
  assign(child, rest, value, fullKey);
}

export function parseForm(body: string): FormObject {
  const out: FormObject = {};
  if (!body) return out;
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    const key = decode(rawKey);
    assign(out, splitKey(key), decode(rawValue), key);
  }
  return out;
}
