import { isIP } from "node:net";
import { domainToASCII, domainToUnicode } from "node:url";
import { getDomain } from "tldts";

// A custom domain a customer types for an instance, checked before anything is stored or looked up: one exact
// host name (ASCII, IDNs as punycode), never an address, a wildcard, the apps domain or a name under it.
export type DomainName = { ok: true; name: string; unicode: string } | { ok: false; error: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const SCRIPTS = ["Latin", "Cyrillic", "Greek", "Han", "Arabic", "Hebrew", "Hangul", "Thai", "Devanagari"] as const;
const scriptOf = (ch: string) => SCRIPTS.find((s) => new RegExp(`\\p{Script=${s}}`, "u").test(ch));
// Cyrillic and Greek letters drawn like Latin ones: a label made only of them reads as a Latin word (аррӏе).
const LATIN_LOOKALIKES = /^[аеорсхуіјѕԁһӏԛԝɡοαρτνικυѵ\d-]+$/u;

export function parseDomainName(input: string, appsDomain: string): DomainName {
  const typed = input.trim().toLowerCase().replace(/\.$/, "");
  if (!typed) return { ok: false, error: "Enter a domain name, such as www.example.com." };
  if (/[/:@?#\s]/.test(typed) && !isIP(typed.replace(/^\[|\]$/g, "")))
    return { ok: false, error: "Enter only the domain name, such as www.example.com, without https:// or a path." };
  if (isIP(typed.replace(/^\[|\]$/g, ""))) return { ok: false, error: "An IP address can't be a custom domain." };
  if (typed.includes("*")) return { ok: false, error: "Wildcards can't be added: enter each name on its own." };
  const ascii = domainToASCII(typed);
  if (!ascii) return { ok: false, error: `${input.trim()} is not a valid domain name.` };
  if (ascii.length > 253) return { ok: false, error: "A domain name is at most 253 characters long." };
  const labels = ascii.split(".");
  if (labels.length < 2) return { ok: false, error: "Enter a full domain name, such as www.example.com." };
  const long = labels.find((l) => l.length > 63);
  if (long) return { ok: false, error: "Each part of a domain name (between dots) is at most 63 characters long." };
  if (!labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!))
    return { ok: false, error: `${input.trim()} is not a valid domain name.` };
  if (ascii === appsDomain || ascii.endsWith(`.${appsDomain}`))
    return { ok: false, error: `Names under ${appsDomain} are Berth's own: every instance already has one.` };
  if (ascii === "localhost" || ascii.endsWith(".localhost"))
    return { ok: false, error: "A localhost name can't be a custom domain." };
  const unicode = domainToUnicode(ascii);
  for (const label of unicode.split(".")) {
    const scripts = new Set([...label].map(scriptOf).filter(Boolean));
    if (scripts.size > 1 || (/[^\x00-\x7f]/.test(label) && LATIN_LOOKALIKES.test(label)))
      return { ok: false, error: `${unicode} mixes alphabets or imitates another name, so it can't be added.` };
  }
  return { ok: true, name: ascii, unicode };
}

// An apex is a registrable name itself (example.com, example.co.uk), one label under a public suffix, as the
// Public Suffix List bundled with tldts says; anything below one (www.example.co.uk) is a subdomain.
export const isApex = (name: string) => getDomain(name) === name;
