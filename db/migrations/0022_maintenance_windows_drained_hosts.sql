ALTER TYPE "public"."upgrade_outcome" ADD VALUE 'deferred';--> statement-breakpoint
ALTER TYPE "public"."upgrade_outcome" ADD VALUE 'cancelled';--> statement-breakpoint
ALTER TABLE "hosts" ADD COLUMN "drained_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "maintenance_hour" smallint;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "maintenance_weekday" smallint;--> statement-breakpoint
ALTER TABLE "upgrade_instances" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_maintenance_window_check" CHECK ("instances"."maintenance_hour" is null and "instances"."maintenance_weekday" is null or "instances"."maintenance_hour" between 0 and 23 and ("instances"."maintenance_weekday" is null or "instances"."maintenance_weekday" between 0 and 6));--> statement-breakpoint
-- Hosts already drained keep draining after an outage.
UPDATE "hosts" SET "drained_at" = "updated_at" WHERE "status" = 'draining';
