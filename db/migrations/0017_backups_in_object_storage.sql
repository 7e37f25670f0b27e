ALTER TYPE "public"."backup_kind" ADD VALUE 'scheduled';--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "backup_retention_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "storage" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "scheduled_for" date;--> statement-breakpoint
CREATE UNIQUE INDEX "backups_scheduled_day_key" ON "backups" USING btree ("instance_id","scheduled_for");