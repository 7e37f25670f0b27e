CREATE TYPE "public"."release_kind" AS ENUM('push', 'rollback', 'environment');--> statement-breakpoint
CREATE TYPE "public"."release_result" AS ENUM('building', 'live', 'failed', 'superseded');--> statement-breakpoint
CREATE TABLE "instance_env_vars" (
	"instance_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sealed_value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" "release_kind" NOT NULL,
	"build_number" integer NOT NULL,
	"commit_sha" text NOT NULL,
	"ref" text,
	"pushed_by" uuid,
	"result" "release_result" DEFAULT 'building' NOT NULL,
	"failure_reason" text,
	"build_log" text DEFAULT '' NOT NULL,
	"build_seconds" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "instance_env_vars" ADD CONSTRAINT "instance_env_vars_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_pushed_by_users_id_fk" FOREIGN KEY ("pushed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "instance_env_vars_instance_name_key" ON "instance_env_vars" USING btree ("instance_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "releases_instance_number_key" ON "releases" USING btree ("instance_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "releases_instance_building_key" ON "releases" USING btree ("instance_id") WHERE "releases"."result" = 'building';--> statement-breakpoint
CREATE INDEX "releases_instance_created_idx" ON "releases" USING btree ("instance_id","created_at");