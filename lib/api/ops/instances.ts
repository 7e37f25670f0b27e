import { z } from "zod";
import { instanceStatus } from "@/db/schema";
import { startCheckout } from "@/lib/billing/checkout";
import { createPendingInstance, needsPayment } from "@/lib/billing/paid-instance";
import { previewPaidResize, resizePaidInstance } from "@/lib/billing/resize";
import { listBackups } from "@/lib/instances/backups";
import { createInstanceSchema, createTrialInstance } from "@/lib/instances/create";
import { requestBackup, requestRestore, requestTerminate } from "@/lib/instances/customer-actions";
import { restoreInput, resizeInput } from "@/lib/instances/inputs";
import { loadOwnedInstance } from "@/lib/instances/load";
import { metricsSeries } from "@/lib/instances/metrics";
import { pageOwnedInstances } from "@/lib/instances/queries";
import { notFound } from "../errors";
import { op, unwrap, type ApiContext } from "../operation";
import { backupResource, instanceResource, messageResource, page, toBackup, toInstance } from "../resources";
import { idParams, pageQuery, toPageAnswer } from "./shared";

const tag = "Instances";

async function owned(ctx: ApiContext, id: string) {
  const parts = await loadOwnedInstance(ctx.db, ctx.user.id, id);
  if (!parts) throw notFound("That instance");
  return parts;
}

const accepted = (result: { success: string } | { error: string }) => ({ message: unwrap(result).success });

export const instanceOperations = [
  op({
    id: "listInstances",
    method: "GET",
    path: "/instances",
    tag,
    summary: "List your instances",
    description: "Newest first. Terminated instances are listed only with `status=terminated`.",
    scope: "read",
    query: pageQuery.extend({ status: z.enum(instanceStatus.enumValues).optional() }),
    response: page(instanceResource),
    status: 200,
    run: async (ctx, { query }) =>
      toPageAnswer(await pageOwnedInstances(ctx.db, ctx.user.id, query), (row) => toInstance(row)),
  }),
  op({
    id: "createInstance",
    method: "POST",
    path: "/instances",
    tag,
    summary: "Create an instance",
    description:
      "A plan with a free trial the account has not used starts at once (`checkoutUrl` is null). Otherwise the " +
      "instance waits for payment: open `checkoutUrl` to pay, and it is provisioned once Stripe confirms.",
    scope: "write",
    body: createInstanceSchema,
    response: z.object({ instance: instanceResource, checkoutUrl: z.string().nullable() }),
    status: 201,
    run: async (ctx, { body }) => {
      const paid = await needsPayment(ctx.db, ctx.user.id, body.planId);
      const created = unwrap(
        paid
          ? await createPendingInstance(ctx.db, ctx.user.id, body)
          : await createTrialInstance(ctx.db, ctx.user.id, body),
      );
      const checkoutUrl = paid ? unwrap(await startCheckout(ctx.db, ctx.user.id, created.instanceId)).url : null;
      return { instance: toInstance(await owned(ctx, created.instanceId)), checkoutUrl };
    },
  }),
  op({
    id: "getInstance",
    method: "GET",
    path: "/instances/{id}",
    tag,
    summary: "Get an instance",
    scope: "read",
    params: idParams,
    response: instanceResource,
    status: 200,
    run: async (ctx, { params }) => toInstance(await owned(ctx, params.id)),
  }),
  op({
    id: "terminateInstance",
    method: "DELETE",
    path: "/instances/{id}",
    tag,
    summary: "Terminate an instance",
    description:
      "A final backup is taken first and kept for the retention period. A paid instance's subscription ends at " +
      "once, without a refund for the rest of the period.",
    scope: "write",
    params: idParams,
    response: messageResource,
    status: 202,
    run: async (ctx, { params }) => {
      const { instance } = await owned(ctx, params.id);
      return accepted(await requestTerminate(ctx.db, ctx.user.id, instance.id, instance.name));
    },
  }),
  op({
    id: "previewResize",
    method: "GET",
    path: "/instances/{id}/resize",
    tag,
    summary: "Preview what a resize costs",
    description: "For a paid instance, the prorated amount Stripe would add to the next invoice; nothing changes.",
    scope: "read",
    params: idParams,
    query: resizeInput.pick({ planId: true }),
    response: z.object({
      planName: z.string(),
      monthly: z.string(),
      prorated: z.string().nullable(),
      nextTotal: z.string().nullable(),
    }),
    status: 200,
    run: async (ctx, { params, query }) => {
      const { plan } = await owned(ctx, params.id);
      const preview = await previewPaidResize(ctx.db, ctx.user.id, params.id, query.planId);
      if (preview) return unwrap(preview);
      // A trial moves between trial plans at no cost.
      return { planName: plan.name, monthly: "free during the trial", prorated: null, nextTotal: null };
    },
  }),
  op({
    id: "resizeInstance",
    method: "POST",
    path: "/instances/{id}/resize",
    tag,
    summary: "Resize an instance",
    description:
      "Moves the instance to another plan without a restart. A paid instance is charged the prorated difference " +
      "on its next invoice (see the preview).",
    scope: "write",
    params: idParams,
    body: resizeInput.pick({ planId: true }),
    response: messageResource,
    status: 202,
    run: async (ctx, { params, body }) => {
      await owned(ctx, params.id);
      return accepted(await resizePaidInstance(ctx.db, ctx.user.id, params.id, body.planId, ctx.requestId));
    },
  }),
  op({
    id: "getInstanceMetrics",
    method: "GET",
    path: "/instances/{id}/metrics",
    tag,
    summary: "An instance's CPU, memory and network over time",
    description:
      "Up to 360 points: from 10 s samples for up to 6 hours, from 5-minute points up to 48 hours, from hourly points " +
      "up to 30 days. CPU is percent " +
      "of one core (averaged over each point), memory the peak in bytes against the plan's limit. Network bytes are " +
      "counters since the container started (the last of each point): a rate is the difference between two points " +
      "over the time between them.",
    scope: "read",
    params: idParams,
    query: z.object({
      hours: z.coerce.number().int().min(1, "hours is at least 1.").max(720, "hours is at most 720.").default(1),
    }),
    response: z.object({
      stepSeconds: z.number().int(),
      points: z.array(
        z.object({
          at: z.iso.datetime(),
          cpuPercent: z.number().nullable(),
          memoryBytes: z.number(),
          memoryLimitBytes: z.number(),
          netRxBytes: z.number().describe("Bytes received since the container started."),
          netTxBytes: z.number().describe("Bytes sent since the container started."),
        }),
      ),
    }),
    status: 200,
    run: async (ctx, { params, query }) => {
      await owned(ctx, params.id);
      const series = await metricsSeries(ctx.db, ctx.user.id, params.id, query.hours);
      return { stepSeconds: series.step, points: series.points };
    },
  }),
  op({
    id: "listBackups",
    method: "GET",
    path: "/instances/{id}/backups",
    tag,
    summary: "List an instance's backups",
    scope: "read",
    params: idParams,
    response: page(backupResource),
    status: 200,
    run: async (ctx, { params }) => {
      await owned(ctx, params.id);
      return { data: (await listBackups(ctx.db, params.id)).map(toBackup), nextCursor: null };
    },
  }),
  op({
    id: "createBackup",
    method: "POST",
    path: "/instances/{id}/backups",
    tag,
    summary: "Back up an instance now",
    scope: "write",
    params: idParams,
    response: messageResource,
    status: 202,
    run: async (ctx, { params }) => {
      await owned(ctx, params.id);
      return accepted(await requestBackup(ctx.db, ctx.user.id, params.id));
    },
  }),
  op({
    id: "restoreInstance",
    method: "POST",
    path: "/instances/{id}/restore",
    tag,
    summary: "Restore a backup",
    description: "Replaces the instance's data with the backup's contents.",
    scope: "write",
    params: idParams,
    body: restoreInput.pick({ backupId: true }),
    response: messageResource,
    status: 202,
    run: async (ctx, { params, body }) => {
      await owned(ctx, params.id);
      return accepted(await requestRestore(ctx.db, ctx.user.id, params.id, body.backupId, ctx.requestId));
    },
  }),
];
