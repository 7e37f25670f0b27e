import { z } from "zod";

// The only module that reads process.env. Everything else imports `env` (app, jobs) or `readEnv` (scripts).
const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const optional = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

// A production build run locally (the end-to-end suite) may talk to the emulator; a public deployment may not.
const isLoopbackUrl = (url: string | undefined) =>
  !!url && ["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname);

// The edge's ports outside production, so a developer's browser needs no privileges (also named by `npm run dev`).
export const EDGE_DEV_PORTS = { https: 3443, http: 3080 } as const;

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    APP_URL: z.url("APP_URL must be a URL such as https://berth.example.com").optional(),
    DATABASE_URL: z
      .string({ error: "DATABASE_URL is required (a postgres:// URL)" })
      .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres://"),
    AUTH_SECRET: z.string({ error: "AUTH_SECRET is required" }).min(32, "AUTH_SECRET must be at least 32 characters"),
    // Seals instances' environment variables at rest (AES-256-GCM under its SHA-256); required by a public deployment.
    ENV_ENCRYPTION_KEY: optional.pipe(
      z.string().min(32, "ENV_ENCRYPTION_KEY must be at least 32 characters").optional(),
    ),
    AUTH_GITHUB_ID: optional,
    AUTH_GITHUB_SECRET: optional,
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().min(3).default("Berth <no-reply@berth.localhost>"),
    STAFF_ALERT_EMAIL: z.email("STAFF_ALERT_EMAIL must be an email address").optional(),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
    WORKER_NICE: z.coerce
      .number()
      .int()
      .min(0, "WORKER_NICE must be 0 to 19")
      .max(19, "WORKER_NICE must be 0 to 19")
      .default(10),
    JOBS_ENGINE: z
      .enum(["embedded", "trigger"], { error: "JOBS_ENGINE must be embedded or trigger" })
      .default("embedded"),
    TRIGGER_SECRET_KEY: optional,
    TRIGGER_API_URL: optional,
    DOCKER_HOST: z
      .string()
      .regex(/^(unix|tcp|https?):\/\//, "DOCKER_HOST must be unix:///path, tcp://host:port or http(s)://…")
      .default("unix:///var/run/docker.sock"),
    // isolated: network none, the app reached through a relay on a Unix socket (one host); bridge: a network per
    // instance that only the edge joins (many hosts); host-unsafe: the host's namespace, for one customer only.
    INSTANCE_NETWORK: z
      .enum(["isolated", "bridge", "host-unsafe"], {
        error:
          "INSTANCE_NETWORK must be isolated, bridge or host-unsafe (host networking lets a tenant reach every service on the host)",
      })
      .default("isolated"),
    // Where each isolated instance's relay socket lives, on the Docker host (the worker and the edge run there too).
    INSTANCE_SOCKET_DIR: z.string().min(1).default(".data/instance-sockets"),
    RELAY_IMAGE: z.string().min(1).default("berth/relay:latest"),
    // The edge (Caddy) that serves each instance's URL, configured only through its admin API.
    EDGE_ADMIN_URL: optional.pipe(
      z
        .string()
        .regex(/^(unix:\/\/\/|https?:\/\/)/, "EDGE_ADMIN_URL must be unix:///path/to/admin.sock or http://host:port")
        .optional(),
    ),
    // bridge mode: the edge's container, connected to every instance network.
    EDGE_CONTAINER: optional,
    // Each instance answers at https://<slug>.<APPS_DOMAIN>; *.localhost resolves to loopback in browsers and curl.
    APPS_DOMAIN: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^(?!-)[a-z0-9-]{1,63}(\.(?!-)[a-z0-9-]{1,63})+$/,
        "APPS_DOMAIN must be a domain name such as apps.example.com",
      )
      .default("apps.localhost"),
    // Where the edge listens: production 443/80 on every interface, dev ports of their own on loopback (see below).
    EDGE_LISTEN_ADDRESS: z
      .union([z.ipv4(), z.ipv6()], { error: "EDGE_LISTEN_ADDRESS must be an IP address, such as 0.0.0.0 or 127.0.0.1" })
      .optional(),
    EDGE_HTTPS_PORT: z.coerce
      .number()
      .int()
      .min(1, "EDGE_HTTPS_PORT must be a TCP port")
      .max(65535, "EDGE_HTTPS_PORT must be a TCP port")
      .optional(),
    EDGE_HTTP_PORT: z.coerce
      .number()
      .int()
      .min(1, "EDGE_HTTP_PORT must be a TCP port")
      .max(65535, "EDGE_HTTP_PORT must be a TCP port")
      .optional(),
    // internal: Caddy's own CA (dev, tests, private networks); acme: a certificate per name from Let's Encrypt.
    // A wildcard certificate for *.APPS_DOMAIN from files replaces both for the apps domain.
    EDGE_TLS: z.enum(["internal", "acme"], { error: "EDGE_TLS must be internal or acme" }).optional(),
    EDGE_TLS_CERT_FILE: optional,
    // Where the edge asks whether a custom domain may get a certificate; default: $APP_URL/api/edge/ask.
    EDGE_ASK_URL: optional.pipe(z.url("EDGE_ASK_URL must be a URL").optional()),
    EDGE_TLS_KEY_FILE: optional,
    // DNS servers (address or address:port, comma-separated) that custom domains are checked against; unset: the system's.
    DNS_RESOLVER: optional.pipe(
      z
        .string()
        .regex(/^[^,\s]+(,[^,\s]+)*$/, "DNS_RESOLVER must be addresses separated by commas, such as 1.1.1.1,8.8.8.8:53")
        .transform((v) => v.split(","))
        .optional(),
    ),
    // Berth-managed DNS (off unless set): each instance's name in the APPS_DOMAIN zone of a PowerDNS server,
    // through its HTTP API, pointing at the edge's public addresses.
    DNS_PROVIDER: z.enum(["none", "powerdns"], { error: "DNS_PROVIDER must be none or powerdns" }).default("none"),
    PDNS_API_URL: optional.pipe(z.url("PDNS_API_URL must be a URL such as http://127.0.0.1:8081").optional()),
    PDNS_API_KEY: optional,
    PDNS_SERVER_ID: z.string().min(1).default("localhost"),
    DNS_EDGE_ADDRESSES: optional.pipe(
      z
        .string()
        .transform((v) => v.split(","))
        .pipe(
          z.array(
            z.union([z.ipv4(), z.ipv6()], { error: "DNS_EDGE_ADDRESSES must be IP addresses separated by commas" }),
          ),
        )
        .optional(),
    ),
    INSTANCE_PORTS: z
      .string()
      .regex(/^\d+-\d+$/, "INSTANCE_PORTS must be a range such as 20000-29999")
      .default("20000-29999")
      .transform((v) => v.split("-").map(Number) as [number, number]),
    BACKUP_DIR: z.string().min(1).default(".data/backups"),
    // Object storage for backups through the S3 API (any S3-compatible service); unset, backups stay in BACKUP_DIR.
    BACKUP_S3_ENDPOINT: optional.pipe(
      z.url("BACKUP_S3_ENDPOINT must be a URL, such as https://s3.eu-west-1.amazonaws.com").optional(),
    ),
    BACKUP_S3_BUCKET: optional,
    BACKUP_S3_ACCESS_KEY_ID: optional,
    BACKUP_S3_SECRET_ACCESS_KEY: optional,
    BACKUP_S3_REGION: z.string().min(1).default("us-east-1"),
    BACKUP_S3_FORCE_PATH_STYLE: z
      .enum(["true", "false", "1", "0"], { error: "BACKUP_S3_FORCE_PATH_STYLE must be true or false" })
      .default("false")
      .transform((v) => v === "true" || v === "1"),
    RETENTION_DAYS: z.coerce.number().int().min(1, "RETENTION_DAYS must be at least 1").default(30),
    GRACE_DAYS: z.coerce.number().int().min(0).default(7),
    // Who issues the invoices, as printed on Berth's PDF invoices; the address's lines are separated by semicolons.
    OPERATOR_NAME: z.string().trim().min(1).default("Berth"),
    OPERATOR_ADDRESS: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(";")
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    OPERATOR_TAX_ID: optional,
    MAX_INSTANCES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    READY_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(180),
    // How many times a host's physical memory its plans may reserve (1: none overcommitted). Instances rarely use
    // all of their plan's memory; an operator who knows their load may place more.
    HOST_MEMORY_OVERCOMMIT: z.coerce.number().min(1).max(8).default(1),
    // How often the worker samples each running instance's usage (a divisor of 60).
    METRICS_SAMPLE_SECONDS: z.coerce
      .number()
      .int()
      .refine((n) => n >= 5 && n <= 60 && 60 % n === 0, "METRICS_SAMPLE_SECONDS must divide 60, from 5 to 60")
      .default(10),
    SSH_GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(2222),
    SSH_GATEWAY_HOST: z.string().min(1).default("localhost"),
    // The address the gateway listens on: loopback unless an operator puts it on a public interface.
    SSH_GATEWAY_LISTEN: z
      .union([z.ipv4(), z.ipv6()], { error: "SSH_GATEWAY_LISTEN must be an IP address, such as 0.0.0.0 or 127.0.0.1" })
      .default("127.0.0.1"),
    SSH_HOST_KEY_PATH: z.string().min(1).default(".data/ssh/host_ed25519_key"),
    SSH_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS: z.coerce
      .number()
      .int()
      .min(1, "SSH_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS must be at least 1")
      .default(10),
    // Proxies whose X-Forwarded-For is believed; with none, a client's address is the socket's peer.
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .pipe(
        z.array(
          z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
            error: "TRUSTED_PROXIES must list IP addresses or CIDR ranges, such as 10.0.0.5,10.1.0.0/16",
          }),
        ),
      ),
    // Webhook deliveries to private, loopback and link-local addresses: off in production unless set, on elsewhere.
    WEBHOOKS_ALLOW_PRIVATE: z
      .enum(["true", "false", "1", "0"], { error: "WEBHOOKS_ALLOW_PRIVATE must be true or false" })
      .optional(),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^sk_(test|live)_\w+$/, "STRIPE_SECRET_KEY must start with sk_test_ or sk_live_")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_\w+$/, "STRIPE_WEBHOOK_SECRET must start with whsec_")
      .optional(),
    // Set only to point the SDK at the local Stripe emulator (dev and tests).
    STRIPE_API_HOST: optional,
    STRIPE_API_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.AUTH_GITHUB_ID) !== Boolean(v.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_GITHUB_SECRET"],
        message: "set both AUTH_GITHUB_ID and AUTH_GITHUB_SECRET, or neither",
      });
    }
    if (Boolean(v.EDGE_TLS_CERT_FILE) !== Boolean(v.EDGE_TLS_KEY_FILE)) {
      ctx.addIssue({
        code: "custom",
        path: ["EDGE_TLS_KEY_FILE"],
        message: "set both EDGE_TLS_CERT_FILE and EDGE_TLS_KEY_FILE, or neither",
      });
    }
    if (v.EDGE_HTTPS_PORT && v.EDGE_HTTPS_PORT === v.EDGE_HTTP_PORT) {
      ctx.addIssue({
        code: "custom",
        path: ["EDGE_HTTP_PORT"],
        message: "EDGE_HTTP_PORT and EDGE_HTTPS_PORT must differ",
      });
    }
    if (v.DNS_PROVIDER === "powerdns")
      for (const key of ["PDNS_API_URL", "PDNS_API_KEY", "DNS_EDGE_ADDRESSES"] as const)
        if (!v[key])
          ctx.addIssue({ code: "custom", path: [key], message: `${key} is required when DNS_PROVIDER=powerdns` });
    if (v.BACKUP_S3_BUCKET && !(v.BACKUP_S3_ACCESS_KEY_ID && v.BACKUP_S3_SECRET_ACCESS_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: ["BACKUP_S3_ACCESS_KEY_ID"],
        message: "BACKUP_S3_BUCKET needs BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY",
      });
    }
    if (v.JOBS_ENGINE === "trigger" && !v.TRIGGER_SECRET_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["TRIGGER_SECRET_KEY"],
        message: "TRIGGER_SECRET_KEY is required when JOBS_ENGINE=trigger",
      });
    }
    // The emulator is for development and tests: never with a live key, never behind a public production URL.
    if (v.STRIPE_API_HOST && !v.STRIPE_SECRET_KEY?.startsWith("sk_test_")) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_API_HOST"],
        message: "STRIPE_API_HOST (the Stripe emulator) needs an sk_test_ key",
      });
    }
    if (v.STRIPE_API_HOST && v.NODE_ENV === "production" && !isLoopbackUrl(v.APP_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_API_HOST"],
        message: "STRIPE_API_HOST (the Stripe emulator) cannot be used in production",
      });
    }
    // A public deployment seals environment variables with a key of its own (a production build run locally, as the
    // end-to-end suite and the benches do, derives one like development).
    if (v.NODE_ENV === "production" && v.APP_URL && !isLoopbackUrl(v.APP_URL) && !v.ENV_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["ENV_ENCRYPTION_KEY"],
        message: "ENV_ENCRYPTION_KEY is required in production (at least 32 characters: openssl rand -base64 32)",
      });
    }
    // A production server must not fall back to the development mailbox or to links that point at localhost.
    if (v.NODE_ENV === "production") {
      for (const key of ["APP_URL", "SMTP_URL"] as const) {
        if (!v[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required in production` });
      }
    }
  })
  .transform((v) => ({
    ...v,
    APP_URL: v.APP_URL ?? "http://localhost:3000",
    SMTP_URL: v.SMTP_URL ?? "smtp://127.0.0.1:1025",
    // Unset (development, tests, a production build on loopback): derived from AUTH_SECRET; `npm run dev` persists one.
    ENV_ENCRYPTION_KEY: v.ENV_ENCRYPTION_KEY ?? `berth-env-encryption:${v.AUTH_SECRET}`,
    EDGE_LISTEN_ADDRESS: v.EDGE_LISTEN_ADDRESS ?? (v.NODE_ENV === "production" ? "0.0.0.0" : "127.0.0.1"),
    EDGE_HTTPS_PORT: v.EDGE_HTTPS_PORT ?? (v.NODE_ENV === "production" ? 443 : EDGE_DEV_PORTS.https),
    EDGE_HTTP_PORT: v.EDGE_HTTP_PORT ?? (v.NODE_ENV === "production" ? 80 : EDGE_DEV_PORTS.http),
    EDGE_TLS: v.EDGE_TLS ?? (v.NODE_ENV === "production" ? ("acme" as const) : ("internal" as const)),
    WEBHOOKS_ALLOW_PRIVATE:
      v.WEBHOOKS_ALLOW_PRIVATE === undefined
        ? v.NODE_ENV !== "production"
        : ["true", "1"].includes(v.WEBHOOKS_ALLOW_PRIVATE),
  }));

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new EnvError(`Invalid environment configuration (see .env.example):\n${lines.join("\n")}`);
}

let cached: Env | undefined;

export const env: Env = new Proxy({} as Env, {
  get: (_target, key) => (cached ??= parseEnv(process.env))[key as keyof Env],
});

// Settings for the local orchestration scripts (dev, tests, CLI), which run before the app's env exists.
const devSchema = z.object({
  DATABASE_URL: optional,
  SMTP_URL: optional,
  AUTH_SECRET: optional,
  ENV_ENCRYPTION_KEY: optional,
  PORT: z.coerce.number().int().positive().default(3000),
  DATA_DIR: z.string().default(".data"),
  DOCKER_HOST: optional,
  BACKUP_S3_BUCKET: optional,
  APP_URL: optional,
  STRIPE_SECRET_KEY: optional,
  SSH_GATEWAY_PORT: z.coerce.number().int().default(2222),
  CI: bool,
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
});

export type DevEnv = z.infer<typeof devSchema>;

export function readDevEnv(): DevEnv {
  return devSchema.parse(process.env);
}
