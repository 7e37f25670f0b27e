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
ALTER TABLE "instance_moves" ADD CONSTRAINT "instance_moves_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_moves" ADD CONSTRAINT "instance_moves_from_host_id_hosts_id_fk" FOREIGN KEY ("from_host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_moves" ADD CONSTRAINT "instance_moves_to_host_id_hosts_id_fk" FOREIGN KEY ("to_host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_moves" ADD CONSTRAINT "instance_moves_backup_id_backups_id_fk" FOREIGN KEY ("backup_id") REFERENCES "public"."backups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "instance_moves_open_key" ON "instance_moves" USING btree ("instance_id") WHERE "instance_moves"."finished_at" is null;--> statement-breakpoint
CREATE INDEX "instance_moves_from_host_idx" ON "instance_moves" USING btree ("from_host_id");