import { describe, expect, it } from "vitest";
import { isApex, parseDomainName } from "./name";

const parse = (input: string) => parseDomainName(input, "apps.example.net");
const refused = (input: string) => {
  const r = parse(input);
  return r.ok ? null : r.error;
};

describe("a custom domain's name", () => {
  it("is one exact host name, stored lowercase and in ASCII", () => {
    expect(parse(" WWW.Example.com. ")).toEqual({ ok: true, name: "www.example.com", unicode: "www.example.com" });
    expect(parse("example.com")).toMatchObject({ ok: true, name: "example.com" });
    expect(parse("bücher.example")).toEqual({ ok: true, name: "xn--bcher-kva.example", unicode: "bücher.example" });
    expect(parse("пример.рф")).toMatchObject({ ok: true, name: "xn--e1afmkfd.xn--p1ai" });
  });

  it("refuses addresses, wildcards, URLs and names that are not one", () => {
    expect(refused("203.0.113.7")).toBe("An IP address can't be a custom domain.");
    expect(refused("[2001:db8::1]")).toBe("An IP address can't be a custom domain.");
    expect(refused("2001:db8::1")).toBe("An IP address can't be a custom domain.");
    expect(refused("*.example.com")).toMatch(/Wildcards can't be added/);
    expect(refused("https://www.example.com/shop")).toMatch(/without https:\/\/ or a path/);
    expect(refused("")).toMatch(/Enter a domain name/);
    expect(refused("example")).toMatch(/full domain name/);
    expect(refused("-bad.example.com")).toMatch(/not a valid domain name/);
    expect(refused("bad_name.example.com")).toMatch(/not a valid domain name/);
    expect(refused("example.123")).toMatch(/not a valid domain name/);
  });

  it("refuses over-long labels and names", () => {
    expect(refused(`${"a".repeat(64)}.example.com`)).toMatch(/at most 63 characters/);
    expect(parse(`${"a".repeat(63)}.example.com`).ok).toBe(true);
    const long = Array.from({ length: 5 }, () => "b".repeat(60)).join(".") + ".com";
    expect(refused(long)).toMatch(/at most 253 characters/);
  });

  it("refuses the apps domain, names under it, and localhost", () => {
    expect(refused("apps.example.net")).toMatch(/Names under apps.example.net are Berth's own/);
    expect(refused("shop.apps.example.net")).toMatch(/Berth's own/);
    expect(refused("shop.localhost")).toMatch(/localhost name/);
  });

  it("refuses homographs: alphabets mixed in one label, or Cyrillic drawn as a Latin word", () => {
    // "pаypal" with a Cyrillic а, and "аррӏе" written only in Cyrillic lookalikes.
    expect(refused("p\u0430ypal.com")).toMatch(/mixes alphabets or imitates another name/);
    expect(refused("\u0430\u0440\u0440\u04cf\u0435.com")).toMatch(/mixes alphabets or imitates another name/);
    expect(refused("xn--pypal-4ve.com")).toMatch(/mixes alphabets/);
  });
});

describe("apex or subdomain", () => {
  it("is decided by the Public Suffix List, not by counting dots", () => {
    expect(isApex("example.co.uk")).toBe(true);
    expect(isApex("www.example.co.uk")).toBe(false);
    expect(isApex("example.com")).toBe(true);
    expect(isApex("a.b.example.com")).toBe(false);
    expect(isApex("www.example.com")).toBe(false);
  });
});
