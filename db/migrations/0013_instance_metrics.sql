CREATE TABLE "instance_metrics" (
	"instance_id" uuid NOT NULL,
	"resolution" smallint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"cpu_percent" real,
	"cpu_ns" bigint NOT NULL,
	"memory_bytes" bigint NOT NULL,
	"memory_limit_bytes" bigint NOT NULL,
	"net_rx_bytes" bigint NOT NULL,
	"net_tx_bytes" bigint NOT NULL,
	CONSTRAINT "instance_metrics_instance_id_resolution_at_pk" PRIMARY KEY("instance_id","resolution","at")
);
--> statement-breakpoint
ALTER TABLE "instance_metrics" ADD CONSTRAINT "instance_metrics_instance_id_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."instances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "instance_metrics_at_idx" ON "instance_metrics" USING btree ("resolution","at");