import { z } from "zod";
import { appUrl } from "@/lib/urls";
import { API_ERRORS } from "./errors";
import { IDEMPOTENCY_TTL_HOURS } from "./idempotency";
import type { Operation } from "./operation";
import { operations } from "./operations";

type Json = Record<string, unknown>;

const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(API_ERRORS) as [keyof typeof API_ERRORS, ...(keyof typeof API_ERRORS)[]]),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

// Schemas with a `.meta({ id })` become components; everything else is inlined.
function schemaOf(schema: z.ZodType, io: "input" | "output", components: Json): Json {
  const doc = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
    reused: "inline",
    override: ({ jsonSchema }) => {
      delete jsonSchema.$schema;
    },
  }) as Json & { $defs?: Json };
  const defs = doc.$defs ?? {};
  delete doc.$defs;
  delete doc.$schema;
  for (const [name, def] of Object.entries(defs)) components[name] = def;
  return JSON.parse(JSON.stringify(doc).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json;
}

function parameters(o: Operation, components: Json) {
  const list: Json[] = [];
  for (const [where, schema] of [
    ["path", o.params],
    ["query", o.query],
  ] as const) {
    if (!schema) continue;
    const s = schemaOf(schema, "input", components) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      list.push({ name, in: where, required: where === "path" || !!s.required?.includes(name), schema: prop });
    }
  }
  if (o.method === "POST")
    list.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: `A retry with the same key and body within ${IDEMPOTENCY_TTL_HOURS} hours gets the first answer again.`,
      schema: { type: "string", maxLength: 255 },
    });
  return list;
}

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

// OpenAPI 3.1, generated from the same zod schemas that validate the requests.
export function openApiDocument(): Json {
  const components: Json = {};
  schemaOf(errorSchema, "output", components);
  const paths: Record<string, Json> = {};
  for (const o of operations) {
    const ok = o.response
      ? {
          description: o.summary,
          content: { "application/json": { schema: schemaOf(o.response, "output", components) } },
        }
      : { description: o.summary };
    paths[o.path] ??= {};
    paths[o.path]![o.method.toLowerCase()] = {
      operationId: o.id,
      tags: [o.tag],
      summary: o.summary,
      ...(o.description ? { description: o.description } : {}),
      security: [{ token: [] }],
      "x-scope": o.scope,
      ...(o.staff ? { "x-staff-only": true } : {}),
      parameters: parameters(o, components),
      ...(o.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(o.body, "input", components) } },
            },
          }
        : {}),
      responses: {
        [String(o.status)]: ok,
        "401": errorResponse("No token, or one that is invalid, expired or revoked."),
        ...(o.scope === "write" ? { "403": errorResponse("The token can only read.") } : {}),
        ...(o.params || o.staff ? { "404": errorResponse("Not found, or not yours.") } : {}),
        ...(o.body || o.query ? { "422": errorResponse("The input is not valid.") } : {}),
        "429": errorResponse("Too many requests with this token: see the RateLimit headers."),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Berth API",
      version: "1.0.0",
      description:
        "Manage instances, backups, SSH keys, invoices and support tickets with a personal access token " +
        "(Settings → API tokens), sent as `Authorization: Bearer berth_pat_…`. Errors share one shape with a " +
        "stable `code`; lists are paged by `nextCursor`; each token has a rate limit, told in the `RateLimit` " +
        "and `RateLimit-Policy` headers.",
    },
    servers: [{ url: appUrl("/api/v1") }],
    components: {
      schemas: components,
      securitySchemes: { token: { type: "http", scheme: "bearer", description: "A personal access token." } },
    },
    paths,
  };
}
