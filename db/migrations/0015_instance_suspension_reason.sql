ALTER TABLE "instances" ADD COLUMN "suspension_reason" text;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "suspended_by_staff" boolean DEFAULT false NOT NULL;