CREATE TYPE "public"."upgrade_outcome" AS ENUM('upgraded', 'rolled_back');--> statement-breakpoint
CREATE TYPE "public"."upgrade_status" AS ENUM('running', 'completed', 'stopped');--> statement-breakpoint
ALTER TYPE "public"."backup_kind" ADD VALUE 'scheduled';--> statement-breakpoint
CREATE TABLE "instance_moves" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"from_host_id" uuid NOT NULL,
	"to_host_id" uuid,
	"backup_id" uuid,
	"container_id" text,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"switched_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fleet_upgrades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stack_id" uuid NOT NULL,
	"image" text NOT NULL,
	"status" "upgrade_status" DEFAULT 'running' NOT NULL,
	"total" integer NOT NULL,
	"wave" integer DEFAULT 1 NOT NULL,
	"failure_threshold" numeric(3, 2) DEFAULT 0.2 NOT NULL,
	"error" text,
	"started_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "upgrade_instances" (
	"upgrade_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"wave" integer NOT NULL,
	"outcome" "upgrade_outcome" NOT NULL,
	"from_image" text NOT NULL,
	"downtime_ms" integer NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "upgrade_instances_upgrade_id_instance_id_pk" PRIMARY KEY("upgrade_id","instance_id")
);
--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "backup_retention_days" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "storage" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "sha256" text;--> statement-breakpoint
ALTER TABLE "backups" ADD COLUMN "scheduled_for" date;--> statement-breakpoint
ALTER TABLE "instances" ADD COLUMN "restore_from_backup_id" uuid;--> statement-breakpoint
ALTER TABLE "instance_moves" ADD CONSTRAINT "instance_moves_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_moves" ADD CONSTRAINT "instance_moves_from_host_id_hosts_id_fk" FOREIGN KEY ("from_host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_moves" ADD CONSTRAINT "instance_moves_to_host_id_hosts_id_fk" FOREIGN KEY ("to_host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_moves" ADD CONSTRAINT "instance_moves_backup_id_backups_id_fk" FOREIGN KEY ("backup_id") REFERENCES "public"."backups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fleet_upgrades" ADD CONSTRAINT "fleet_upgrades_stack_id_stacks_id_fk" FOREIGN KEY ("stack_id") REFERENCES "public"."stacks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upgrade_instances" ADD CONSTRAINT "upgrade_instances_upgrade_id_fleet_upgrades_id_fk" FOREIGN KEY ("upgrade_id") REFERENCES "public"."fleet_upgrades"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "upgrade_instances" ADD CONSTRAINT "upgrade_instances_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "instance_moves_open_key" ON "instance_moves" USING btree ("instance_id") WHERE "instance_moves"."finished_at" is null;--> statement-breakpoint
CREATE INDEX "instance_moves_from_host_idx" ON "instance_moves" USING btree ("from_host_id");--> statement-breakpoint
CREATE UNIQUE INDEX "backups_scheduled_day_key" ON "backups" USING btree ("instance_id","scheduled_for");