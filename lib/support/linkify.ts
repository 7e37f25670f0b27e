export type Segment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Sentence punctuation after a URL belongs to the sentence, not the URL.
const TRAILING = /[.,;:!?)\]}'"]+$/;

// Only absolute http(s) URLs become links; anything else, `javascript:` included, stays text.
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function linkify(line: string): Segment[] {
  const segments: Segment[] = [];
  let cursor = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trailing = TRAILING.exec(raw)?.[0] ?? "";
    // Keep a closing parenthesis that pairs with one inside the URL (Wikipedia-style links).
    const keep = trailing.startsWith(")") && raw.includes("(") ? 1 : 0;
    raw = raw.slice(0, raw.length - trailing.length + keep);
    const href = safeHref(raw);
    if (!href) continue;
    if (match.index > cursor) segments.push({ kind: "text", text: line.slice(cursor, match.index) });
    segments.push({ kind: "link", text: raw, href });
    cursor = match.index + raw.length;
  }
  if (cursor < line.length) segments.push({ kind: "text", text: line.slice(cursor) });
  return segments;
}
