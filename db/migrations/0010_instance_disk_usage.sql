ALTER TABLE "instances" ADD COLUMN "disk_used_bytes" bigint;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "disk_measured_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "disk_over_limit_at" timestamp with time zone;