import { z } from "zod";
import {
  backupKind,
  backupStatus,
  instanceStatus,
  ticketCategory,
  ticketStatus,
  userRole,
  type Backup,
  type Host,
  type Instance,
  type Invoice,
  type Plan,
  type SshKey,
  type Stack,
  type User,
} from "@/db/schema";
import { instanceUrl, sshCommand } from "@/lib/instances/spec";

// What /api/v1 answers, as schemas (for the OpenAPI document) and the functions that turn rows into them.
// Field names are the product's own (camelCase, as the forms and the server actions use them); times are ISO 8601.

const time = z.iso.datetime();
const nullableTime = time.nullable();
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const planResource = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    cpu: z.number(),
    memoryMb: z.number().int(),
    diskGb: z.number().int(),
    priceCents: z.number().int(),
    currency: z.string(),
    trialDays: z.number().int(),
  })
  .meta({ id: "Plan" });

export const toPlan = (p: Plan): z.infer<typeof planResource> => ({
  id: p.id,
  slug: p.slug,
  name: p.name,
  cpu: p.cpu,
  memoryMb: p.memoryMb,
  diskGb: p.diskGb,
  priceCents: p.priceCents,
  currency: p.currency,
  trialDays: p.trialDays,
});

export const stackResource = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), kind: z.enum(["runtime", "app", "static"]) })
  .meta({ id: "Stack" });

export const toStack = (s: Stack): z.infer<typeof stackResource> => ({
  id: s.id,
  slug: s.slug,
  name: s.name,
  kind: s.kind,
});

export const instanceResource = z
  .object({
    id: z.uuid(),
    name: z.string(),
    slug: z.string(),
    status: z.enum(instanceStatus.enumValues),
    plan: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
    stack: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
    isTrial: z.boolean(),
    trialEndsAt: nullableTime,
    url: z.string().nullable().describe("Where the app answers, once the instance has a container."),
    ssh: z.string().describe("The command that opens a shell in the instance."),
    failureReason: z.string().nullable(),
    diskUsedBytes: z.number().int().nullable(),
    createdAt: time,
    readyAt: nullableTime,
    suspendedAt: nullableTime,
    terminatedAt: nullableTime,
  })
  .meta({ id: "Instance" });
export type InstanceResource = z.infer<typeof instanceResource>;

export type InstanceRow = { instance: Instance; plan: Plan; stack: Stack; host: Host | null };

export const toInstance = ({ instance: i, plan, stack, host }: InstanceRow): InstanceResource => ({
  id: i.id,
  name: i.name,
  slug: i.slug,
  status: i.status,
  plan: { id: plan.id, slug: plan.slug, name: plan.name },
  stack: { id: stack.id, slug: stack.slug, name: stack.name },
  isTrial: i.isTrial,
  trialEndsAt: iso(i.trialEndsAt),
  url: host && i.port && i.status !== "terminated" ? instanceUrl({ instance: i, stack, host }) : null,
  ssh: sshCommand(i.slug),
  failureReason: i.failureReason,
  diskUsedBytes: i.diskUsedBytes,
  createdAt: i.createdAt.toISOString(),
  readyAt: iso(i.readyAt),
  suspendedAt: iso(i.suspendedAt),
  terminatedAt: iso(i.terminatedAt),
});

export const backupResource = z
  .object({
    id: z.uuid(),
    instanceId: z.uuid(),
    kind: z.enum(backupKind.enumValues),
    status: z.enum(backupStatus.enumValues),
    sizeBytes: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: time,
    completedAt: nullableTime,
    expiresAt: nullableTime,
  })
  .meta({ id: "Backup" });

export const toBackup = (b: Backup): z.infer<typeof backupResource> => ({
  id: b.id,
  instanceId: b.instanceId,
  kind: b.kind,
  status: b.status,
  sizeBytes: b.sizeBytes,
  error: b.error,
  createdAt: b.createdAt.toISOString(),
  completedAt: iso(b.completedAt),
  expiresAt: iso(b.expiresAt),
});

export const sshKeyResource = z
  .object({
    id: z.uuid(),
    name: z.string(),
    algorithm: z.string(),
    fingerprint: z.string(),
    createdAt: time,
  })
  .meta({ id: "SshKey" });

export const toSshKey = (k: SshKey): z.infer<typeof sshKeyResource> => ({
  id: k.id,
  name: k.name,
  algorithm: k.algorithm,
  fingerprint: k.fingerprint,
  createdAt: k.createdAt.toISOString(),
});

export const invoiceResource = z
  .object({
    id: z.uuid(),
    number: z.string().nullable(),
    status: z.string(),
    instanceId: z.uuid().nullable(),
    currency: z.string(),
    total: z.number().int(),
    amountDue: z.number().int(),
    amountPaid: z.number().int(),
    amountRemaining: z.number().int(),
    creditedAmount: z.number().int(),
    hostedInvoiceUrl: z.string().nullable(),
    createdAt: time,
  })
  .meta({ id: "Invoice" });

export const toInvoice = (v: Invoice): z.infer<typeof invoiceResource> => ({
  id: v.id,
  number: v.number,
  status: v.status,
  instanceId: v.instanceId,
  currency: v.currency,
  total: v.total,
  amountDue: v.amountDue,
  amountPaid: v.amountPaid,
  amountRemaining: v.amountRemaining,
  creditedAmount: v.creditedAmount,
  hostedInvoiceUrl: v.hostedInvoiceUrl,
  createdAt: v.stripeCreatedAt.toISOString(),
});

export const ticketResource = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    subject: z.string(),
    category: z.enum(ticketCategory.enumValues),
    status: z.enum(ticketStatus.enumValues),
    instanceId: z.uuid().nullable(),
    lastMessageAt: time,
    createdAt: time,
    closedAt: nullableTime,
  })
  .meta({ id: "Ticket" });

type TicketRow = {
  id: string;
  number: number;
  subject: string;
  category: (typeof ticketCategory.enumValues)[number];
  status: (typeof ticketStatus.enumValues)[number];
  instanceId: string | null;
  lastMessageAt: Date;
  createdAt: Date;
  closedAt: Date | null;
};

export const toTicket = (t: TicketRow): z.infer<typeof ticketResource> => ({
  id: t.id,
  number: t.number,
  subject: t.subject,
  category: t.category,
  status: t.status,
  instanceId: t.instanceId,
  lastMessageAt: t.lastMessageAt.toISOString(),
  createdAt: t.createdAt.toISOString(),
  closedAt: iso(t.closedAt),
});

export const ticketMessageResource = z
  .object({ id: z.uuid(), fromStaff: z.boolean(), author: z.string().nullable(), body: z.string(), createdAt: time })
  .meta({ id: "TicketMessage" });

export const userResource = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(userRole.enumValues),
    emailVerified: z.boolean(),
    suspendedAt: nullableTime,
    createdAt: time,
  })
  .meta({ id: "User" });

export const toUser = (
  u: Pick<User, "id" | "email" | "name" | "role" | "suspendedAt" | "createdAt"> & { emailVerified: Date | null },
): z.infer<typeof userResource> => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  emailVerified: !!u.emailVerified,
  suspendedAt: iso(u.suspendedAt),
  createdAt: u.createdAt.toISOString(),
});

// A page of a list: `nextCursor` goes into `?cursor=` for the next page, and is null on the last one.
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export const messageResource = z
  .object({ message: z.string().describe("What happens next, in words.") })
  .meta({ id: "Accepted" });
