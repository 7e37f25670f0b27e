import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

const valid = { DATABASE_URL: "postgres://u:p@localhost:5432/berth", AUTH_SECRET: "x".repeat(32) };

describe("parseEnv", () => {
  it("applies defaults to a minimal configuration", () => {
    const env = parseEnv(valid);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.SMTP_URL).toBe("smtp://127.0.0.1:1025");
    expect(env.WORKER_NICE).toBe(10);
    expect(env.SSH_GATEWAY_LISTEN).toBe("127.0.0.1");
  });

  it("never defaults to the host's network, and refuses it under its old name", () => {
    expect(parseEnv(valid).INSTANCE_NETWORK).toBe("isolated");
    expect(() => parseEnv({ ...valid, INSTANCE_NETWORK: "host" })).toThrowError(
      /INSTANCE_NETWORK must be isolated, bridge or host-unsafe/,
    );
    expect(parseEnv({ ...valid, INSTANCE_NETWORK: "host-unsafe" }).INSTANCE_NETWORK).toBe("host-unsafe");
    expect(parseEnv({ ...valid, EDGE_ADMIN_URL: "" }).EDGE_ADMIN_URL).toBeUndefined();
    expect(() => parseEnv({ ...valid, EDGE_ADMIN_URL: "caddy:2019" })).toThrowError(/EDGE_ADMIN_URL must be/);
  });

  it("names the missing variable", () => {
    expect(() => parseEnv({ AUTH_SECRET: valid.AUTH_SECRET })).toThrowError(EnvError);
    expect(() => parseEnv({ AUTH_SECRET: valid.AUTH_SECRET })).toThrowError(/DATABASE_URL/);
  });

  it("rejects a malformed value with a message naming it", () => {
    expect(() => parseEnv({ ...valid, SMTP_URL: "mail.example.com" })).toThrowError(
      /SMTP_URL must start with smtp:\/\//,
    );
    expect(() => parseEnv({ ...valid, AUTH_SECRET: "short" })).toThrowError(/AUTH_SECRET must be at least 32/);
    expect(() => parseEnv({ ...valid, WORKER_NICE: "20" })).toThrowError(/WORKER_NICE must be 0 to 19/);
    expect(() => parseEnv({ ...valid, SSH_GATEWAY_LISTEN: "every interface" })).toThrowError(
      /SSH_GATEWAY_LISTEN must be an IP address/,
    );
    expect(parseEnv({ ...valid, SSH_GATEWAY_LISTEN: "0.0.0.0" }).SSH_GATEWAY_LISTEN).toBe("0.0.0.0");
  });

  it("requires real mail and a public URL in production", () => {
    expect(() => parseEnv({ ...valid, NODE_ENV: "production" })).toThrowError(
      /APP_URL is required in production[\s\S]*SMTP_URL is required in production/,
    );
    const production = {
      ...valid,
      NODE_ENV: "production",
      APP_URL: "https://berth.example.com",
      SMTP_URL: "smtps://u:p@mail.example.com:465",
    };
    expect(() => parseEnv(production)).toThrowError(/ENV_ENCRYPTION_KEY is required in production/);
    const env = parseEnv({ ...production, ENV_ENCRYPTION_KEY: "k".repeat(32) });
    expect(env.SMTP_URL).toBe("smtps://u:p@mail.example.com:465");
    expect(env.ENV_ENCRYPTION_KEY).toBe("k".repeat(32));
  });

  it("requires both GitHub variables or neither", () => {
    expect(() => parseEnv({ ...valid, AUTH_GITHUB_ID: "id" })).toThrowError(/AUTH_GITHUB_SECRET/);
    expect(parseEnv({ ...valid, AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "s" }).AUTH_GITHUB_ID).toBe("id");
  });

  it("keeps Berth-managed DNS off unless asked, and then needs the PowerDNS API and the edge's addresses", () => {
    expect(parseEnv(valid).DNS_PROVIDER).toBe("none");
    expect(() => parseEnv({ ...valid, DNS_PROVIDER: "powerdns" })).toThrowError(
      /PDNS_API_URL is required when DNS_PROVIDER=powerdns[\s\S]*DNS_EDGE_ADDRESSES is required/,
    );
    expect(() =>
      parseEnv({
        ...valid,
        DNS_PROVIDER: "powerdns",
        PDNS_API_URL: "http://127.0.0.1:8081",
        PDNS_API_KEY: "k",
        DNS_EDGE_ADDRESSES: "edge.example.com",
      }),
    ).toThrowError(/DNS_EDGE_ADDRESSES must be IP addresses/);
    const env = parseEnv({
      ...valid,
      DNS_PROVIDER: "powerdns",
      PDNS_API_URL: "http://127.0.0.1:8081",
      PDNS_API_KEY: "k",
      DNS_EDGE_ADDRESSES: "203.0.113.7,2001:db8::7",
    });
    expect(env.DNS_EDGE_ADDRESSES).toEqual(["203.0.113.7", "2001:db8::7"]);
  });
});
