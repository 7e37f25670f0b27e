CREATE TYPE "public"."drift_kind" AS ENUM('orphan_container', 'missing_container', 'unpaid_running', 'stuck_transition');--> statement-breakpoint
CREATE TYPE "public"."host_status" AS ENUM('active', 'draining', 'unreachable');--> statement-breakpoint
CREATE TYPE "public"."backup_kind" AS ENUM('manual', 'automatic', 'final');--> statement-breakpoint
CREATE TYPE "public"."backup_status" AS ENUM('pending', 'completed', 'failed');--> statement-breakpoint
CREATE TYPE "public"."desired_state" AS ENUM('running', 'suspended', 'terminated');--> statement-breakpoint
CREATE TYPE "public"."instance_status" AS ENUM('pending_payment', 'provisioning', 'starting', 'running', 'suspended', 'terminating', 'terminated', 'failed');--> statement-breakpoint
CREATE TYPE "public"."job_run_status" AS ENUM('queued', 'running', 'retrying', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "fleet_drift" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"host_id" uuid,
	"kind" "drift_kind" NOT NULL,
	"instance_id" uuid,
	"container_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "hosts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"endpoint" text NOT NULL,
	"network_mode" text DEFAULT 'host' NOT NULL,
	"public_address" text DEFAULT '127.0.0.1' NOT NULL,
	"port_range_start" integer DEFAULT 20000 NOT NULL,
	"port_range_end" integer DEFAULT 29999 NOT NULL,
	"memory_mb" integer,
	"cpus" numeric(6, 2),
	"version" text,
	"status" "host_status" DEFAULT 'active' NOT NULL,
	"last_seen_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"kind" "backup_kind" NOT NULL,
	"status" "backup_status" DEFAULT 'pending' NOT NULL,
	"path" text,
	"size_bytes" bigint,
	"error" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "instance_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"type" text NOT NULL,
	"message" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instance_ssh_keys" (
	"instance_id" uuid NOT NULL,
	"ssh_key_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instance_ssh_keys_instance_id_ssh_key_id_pk" PRIMARY KEY("instance_id","ssh_key_id")
);
--> statement-breakpoint
CREATE TABLE "instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"plan_id" uuid NOT NULL,
	"stack_id" uuid NOT NULL,
	"host_id" uuid,
	"status" "instance_status" NOT NULL,
	"desired_state" "desired_state" DEFAULT 'running' NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"container_id" text,
	"port" integer,
	"is_trial" boolean DEFAULT false NOT NULL,
	"trial_ends_at" timestamp with time zone,
	"ready_at" timestamp with time zone,
	"suspended_at" timestamp with time zone,
	"terminated_at" timestamp with time zone,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ssh_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"instance_id" uuid NOT NULL,
	"user_id" uuid,
	"key_fingerprint" text NOT NULL,
	"remote_address" text,
	"command" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"exit_code" integer
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job" text NOT NULL,
	"payload" jsonb NOT NULL,
	"idempotency_key" text,
	"status" "job_run_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"error" text,
	"result" jsonb,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_heartbeats" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"pid" integer NOT NULL,
	"hostname" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ssh_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"algorithm" text NOT NULL,
	"bits" integer NOT NULL,
	"fingerprint" text NOT NULL,
	"public_key" text NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stacks" ADD COLUMN "command" jsonb;--> statement-breakpoint
ALTER TABLE "fleet_drift" ADD CONSTRAINT "fleet_drift_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backups" ADD CONSTRAINT "backups_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_events" ADD CONSTRAINT "instance_events_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_events" ADD CONSTRAINT "instance_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_ssh_keys" ADD CONSTRAINT "instance_ssh_keys_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instance_ssh_keys" ADD CONSTRAINT "instance_ssh_keys_ssh_key_id_ssh_keys_id_fk" FOREIGN KEY ("ssh_key_id") REFERENCES "public"."ssh_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_stack_id_stacks_id_fk" FOREIGN KEY ("stack_id") REFERENCES "public"."stacks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instances" ADD CONSTRAINT "instances_host_id_hosts_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."hosts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssh_sessions" ADD CONSTRAINT "ssh_sessions_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssh_sessions" ADD CONSTRAINT "ssh_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ssh_keys" ADD CONSTRAINT "ssh_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fleet_drift_open_key" ON "fleet_drift" USING btree ("kind",coalesce("instance_id"::text, ''),coalesce("container_id", '')) WHERE "fleet_drift"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "fleet_drift_host_idx" ON "fleet_drift" USING btree ("host_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hosts_endpoint_key" ON "hosts" USING btree ("endpoint");--> statement-breakpoint
CREATE UNIQUE INDEX "hosts_name_key" ON "hosts" USING btree ("name");--> statement-breakpoint
CREATE INDEX "backups_instance_idx" ON "backups" USING btree ("instance_id","created_at");--> statement-breakpoint
CREATE INDEX "instance_events_instance_created_idx" ON "instance_events" USING btree ("instance_id","created_at");--> statement-breakpoint
CREATE INDEX "instance_ssh_keys_key_idx" ON "instance_ssh_keys" USING btree ("ssh_key_id");--> statement-breakpoint
CREATE UNIQUE INDEX "instances_slug_key" ON "instances" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "instances_owner_name_key" ON "instances" USING btree ("owner_id","name") WHERE "instances"."status" <> 'terminated';--> statement-breakpoint
CREATE UNIQUE INDEX "instances_owner_trial_key" ON "instances" USING btree ("owner_id") WHERE "instances"."is_trial";--> statement-breakpoint
CREATE UNIQUE INDEX "instances_host_port_key" ON "instances" USING btree ("host_id","port") WHERE "instances"."status" <> 'terminated' and "instances"."port" is not null;--> statement-breakpoint
CREATE INDEX "instances_owner_idx" ON "instances" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "instances_status_idx" ON "instances" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ssh_sessions_instance_idx" ON "ssh_sessions" USING btree ("instance_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_idempotency_key_key" ON "job_runs" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "job_runs_created_idx" ON "job_runs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "job_runs_job_status_idx" ON "job_runs" USING btree ("job","status");--> statement-breakpoint
CREATE UNIQUE INDEX "ssh_keys_user_fingerprint_key" ON "ssh_keys" USING btree ("user_id","fingerprint");--> statement-breakpoint
CREATE INDEX "ssh_keys_fingerprint_idx" ON "ssh_keys" USING btree ("fingerprint");