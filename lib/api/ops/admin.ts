import { eq } from "drizzle-orm";
import { z } from "zod";
import { instanceStatus, users } from "@/db/schema";
import { commandInstance, type InstanceCommand } from "@/lib/admin/instances";
import { listUsers } from "@/lib/admin/queries/users";
import { suspendUser, unsuspendUser } from "@/lib/admin/users";
import { loadInstanceParts } from "@/lib/instances/load";
import { pageAllInstances } from "@/lib/instances/queries";
import { notFound } from "../errors";
import { op, unwrap, type ApiContext } from "../operation";
import { instanceResource, messageResource, page, toInstance, toUser, userResource } from "../resources";
import { idParams, pageQuery, toPageAnswer } from "./shared";

// Staff tokens only (a customer's token gets 404, as /admin answers). Every change goes through the same
// functions as /admin's forms, so it is checked and audited the same way, with the token's address.
const tag = "Staff";
const staffInstance = instanceResource.extend({ ownerId: z.uuid() }).meta({ id: "StaffInstance" });
const reasonBody = z.object({
  reason: z.string().trim().min(1, "Please give a reason; the customer sees it.").max(500, "Keep the reason short."),
});

const actor = (ctx: ApiContext) => ({ id: ctx.user.id, ip: ctx.ip });

const command = (command: InstanceCommand, summary: string) =>
  op({
    id: `${command}InstanceAsStaff`,
    method: "POST",
    path: `/admin/instances/{id}/${command}`,
    tag,
    summary,
    scope: "write",
    staff: true,
    params: idParams,
    body: reasonBody,
    response: messageResource,
    status: 202,
    run: async (ctx, { params, body }) => {
      const parts = await loadInstanceParts(ctx.db, params.id);
      if (!parts) throw notFound("That instance");
      const result = await commandInstance(ctx.db, actor(ctx), {
        instanceId: params.id,
        command,
        reason: body.reason,
        confirmName: parts.instance.name,
      });
      return { message: unwrap(result).success };
    },
  });

export const adminOperations = [
  op({
    id: "listUsers",
    method: "GET",
    path: "/admin/users",
    tag,
    summary: "List every user",
    description: "Newest first; `q` matches part of the email or the name.",
    scope: "read",
    staff: true,
    query: pageQuery.extend({ q: z.string().max(200).optional() }),
    response: page(userResource),
    status: 200,
    run: async (ctx, { query }) => toPageAnswer(await listUsers(ctx.db, query), toUser),
  }),
  op({
    id: "getUser",
    method: "GET",
    path: "/admin/users/{id}",
    tag,
    summary: "Get any user",
    scope: "read",
    staff: true,
    params: idParams,
    response: userResource,
    status: 200,
    run: async (ctx, { params }) => {
      const [user] = await ctx.db.select().from(users).where(eq(users.id, params.id));
      if (!user) throw notFound("That user");
      return toUser(user);
    },
  }),
  op({
    id: "suspendUser",
    method: "POST",
    path: "/admin/users/{id}/suspend",
    tag,
    summary: "Suspend a user",
    description: "Ends their sessions, refuses their tokens and suspends their running instances.",
    scope: "write",
    staff: true,
    params: idParams,
    response: messageResource,
    status: 202,
    run: async (ctx, { params }) => ({ message: unwrap(await suspendUser(ctx.db, actor(ctx), params.id)).success }),
  }),
  op({
    id: "unsuspendUser",
    method: "POST",
    path: "/admin/users/{id}/unsuspend",
    tag,
    summary: "Lift a user's suspension",
    scope: "write",
    staff: true,
    params: idParams,
    response: messageResource,
    status: 202,
    run: async (ctx, { params }) => ({ message: unwrap(await unsuspendUser(ctx.db, actor(ctx), params.id)).success }),
  }),
  op({
    id: "listAllInstances",
    method: "GET",
    path: "/admin/instances",
    tag,
    summary: "List every instance",
    scope: "read",
    staff: true,
    query: pageQuery.extend({ status: z.enum(instanceStatus.enumValues).optional(), ownerId: z.uuid().optional() }),
    response: page(staffInstance),
    status: 200,
    run: async (ctx, { query }) =>
      toPageAnswer(await pageAllInstances(ctx.db, query), (row) => ({
        ...toInstance(row),
        ownerId: row.instance.ownerId,
      })),
  }),
  op({
    id: "getAnyInstance",
    method: "GET",
    path: "/admin/instances/{id}",
    tag,
    summary: "Get any instance",
    scope: "read",
    staff: true,
    params: idParams,
    response: staffInstance,
    status: 200,
    run: async (ctx, { params }) => {
      const parts = await loadInstanceParts(ctx.db, params.id);
      if (!parts) throw notFound("That instance");
      return { ...toInstance(parts), ownerId: parts.instance.ownerId };
    },
  }),
  command("suspend", "Suspend an instance"),
  command("resume", "Resume a suspended instance"),
  command("terminate", "Terminate an instance"),
];
