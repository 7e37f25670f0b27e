import { z } from "zod";
import { apiTokenScope, userRole } from "@/db/schema";
import { getOwnerInvoice, pageOwnerInvoices } from "@/lib/billing/queries";
import { listActivePlans, listActiveStacks } from "@/lib/catalog/queries";
import { addKeySchema, addSshKey } from "@/lib/keys/add-key";
import { deleteSshKey } from "@/lib/keys/delete-key";
import { findUserKeyByFingerprint, findUserKeys } from "@/lib/keys/queries";
import { parsePublicKey } from "@/lib/ssh-keys";
import { openTicket, replyAsCustomer } from "@/lib/support/customer";
import { findCustomerTicket, listMessages, pageCustomerTickets } from "@/lib/support/queries";
import { customerReplySchema, openTicketSchema } from "@/lib/support/schemas";
import { notFound } from "../errors";
import { op, unwrap } from "../operation";
import {
  invoiceResource,
  messageResource,
  page,
  planResource,
  sshKeyResource,
  stackResource,
  ticketMessageResource,
  ticketResource,
  toInvoice,
  toPlan,
  toSshKey,
  toStack,
  toTicket,
} from "../resources";
import { idParams, pageQuery, toPageAnswer } from "./shared";

const meResource = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(userRole.enumValues),
    token: z.object({
      id: z.uuid(),
      name: z.string(),
      scope: z.enum(apiTokenScope.enumValues),
      expiresAt: z.string().nullable(),
    }),
  })
  .meta({ id: "Me" });

const ticketDetail = ticketResource.extend({ messages: z.array(ticketMessageResource) });

async function ownedTicket(db: Parameters<typeof findCustomerTicket>[0], userId: string, id: string) {
  const found = await findCustomerTicket(db, userId, id);
  if (!found) throw notFound("That ticket");
  const messages = await listMessages(db, id);
  return {
    ...toTicket(found.ticket),
    messages: messages.map((m) => ({
      id: m.message.id,
      fromStaff: m.message.fromStaff,
      author: m.message.fromStaff ? "Berth support" : (m.authorName ?? m.authorEmail),
      body: m.message.body,
      createdAt: m.message.createdAt.toISOString(),
    })),
  };
}

export const accountOperations = [
  op({
    id: "getMe",
    method: "GET",
    path: "/me",
    tag: "Account",
    summary: "Who this token belongs to",
    scope: "read",
    response: meResource,
    status: 200,
    run: async (ctx) => ({
      ...ctx.user,
      token: {
        id: ctx.token.id,
        name: ctx.token.name,
        scope: ctx.token.scope,
        expiresAt: ctx.token.expiresAt?.toISOString() ?? null,
      },
    }),
  }),
  op({
    id: "listPlans",
    method: "GET",
    path: "/plans",
    tag: "Catalog",
    summary: "The plans an instance can be on",
    scope: "read",
    response: page(planResource),
    status: 200,
    run: async (ctx) => ({ data: (await listActivePlans(ctx.db)).map(toPlan), nextCursor: null }),
  }),
  op({
    id: "listStacks",
    method: "GET",
    path: "/stacks",
    tag: "Catalog",
    summary: "The stacks an instance can run",
    scope: "read",
    response: page(stackResource),
    status: 200,
    run: async (ctx) => ({ data: (await listActiveStacks(ctx.db)).map(toStack), nextCursor: null }),
  }),
  op({
    id: "listSshKeys",
    method: "GET",
    path: "/ssh-keys",
    tag: "SSH keys",
    summary: "List your SSH keys",
    scope: "read",
    response: page(sshKeyResource),
    status: 200,
    run: async (ctx) => ({ data: (await findUserKeys(ctx.db, ctx.user.id)).map(toSshKey), nextCursor: null }),
  }),
  op({
    id: "addSshKey",
    method: "POST",
    path: "/ssh-keys",
    tag: "SSH keys",
    summary: "Add an SSH public key",
    description: "`publicKey` is one line of a `.pub` file (ed25519, ECDSA, or RSA of 2048 bits or more).",
    scope: "write",
    body: addKeySchema.omit({ keyFile: true }),
    response: sshKeyResource,
    status: 201,
    run: async (ctx, { body }) => {
      unwrap(await addSshKey(ctx.db, ctx.user.id, body));
      const parsed = parsePublicKey(body.publicKey);
      const key = parsed.ok ? await findUserKeyByFingerprint(ctx.db, ctx.user.id, parsed.key.fingerprint) : null;
      if (!key) throw notFound("The new key");
      return toSshKey(key);
    },
  }),
  op({
    id: "deleteSshKey",
    method: "DELETE",
    path: "/ssh-keys/{id}",
    tag: "SSH keys",
    summary: "Delete an SSH key",
    description: "The key is taken off every instance that uses it.",
    scope: "write",
    params: idParams,
    response: null,
    status: 204,
    run: async (ctx, { params }) => {
      unwrap(await deleteSshKey(ctx.db, ctx.user.id, params.id));
      return null;
    },
  }),
  op({
    id: "listInvoices",
    method: "GET",
    path: "/invoices",
    tag: "Billing",
    summary: "List your invoices",
    scope: "read",
    query: pageQuery,
    response: page(invoiceResource),
    status: 200,
    run: async (ctx, { query }) =>
      toPageAnswer(await pageOwnerInvoices(ctx.db, ctx.user.id, query), (r) => toInvoice(r.invoice)),
  }),
  op({
    id: "getInvoice",
    method: "GET",
    path: "/invoices/{id}",
    tag: "Billing",
    summary: "Get an invoice",
    scope: "read",
    params: idParams,
    response: invoiceResource,
    status: 200,
    run: async (ctx, { params }) => {
      const found = await getOwnerInvoice(ctx.db, ctx.user.id, params.id);
      if (!found) throw notFound("That invoice");
      return toInvoice(found.invoice);
    },
  }),
  op({
    id: "listTickets",
    method: "GET",
    path: "/tickets",
    tag: "Support",
    summary: "List your support tickets",
    scope: "read",
    query: pageQuery,
    response: page(ticketResource),
    status: 200,
    run: async (ctx, { query }) =>
      toPageAnswer(await pageCustomerTickets(ctx.db, ctx.user.id, query), (r) => toTicket(r.ticket)),
  }),
  op({
    id: "openTicket",
    method: "POST",
    path: "/tickets",
    tag: "Support",
    summary: "Open a support ticket",
    scope: "write",
    body: openTicketSchema,
    response: ticketDetail,
    status: 201,
    run: async (ctx, { body }) => {
      const opened = unwrap(await openTicket(ctx.db, ctx.user.id, body));
      return ownedTicket(ctx.db, ctx.user.id, opened.ticketId!);
    },
  }),
  op({
    id: "getTicket",
    method: "GET",
    path: "/tickets/{id}",
    tag: "Support",
    summary: "Get a ticket and its messages",
    scope: "read",
    params: idParams,
    response: ticketDetail,
    status: 200,
    run: async (ctx, { params }) => ownedTicket(ctx.db, ctx.user.id, params.id),
  }),
  op({
    id: "replyToTicket",
    method: "POST",
    path: "/tickets/{id}/replies",
    tag: "Support",
    summary: "Reply to a ticket",
    scope: "write",
    params: idParams,
    body: customerReplySchema.pick({ body: true }),
    response: messageResource,
    status: 201,
    run: async (ctx, { params, body }) => {
      const sent = unwrap(await replyAsCustomer(ctx.db, ctx.user.id, { ticketId: params.id, body: body.body }));
      return { message: sent.success };
    },
  }),
];
