ALTER TABLE "billing_customers" ADD COLUMN "balance" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "billing_customers" ADD COLUMN "balance_currency" text;--> statement-breakpoint
ALTER TABLE "billing_customers" ADD COLUMN "balance_synced_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "invoices_created_id_idx" ON "invoices" USING btree ("stripe_created_at","id");--> statement-breakpoint
CREATE INDEX "invoices_unpaid_created_idx" ON "invoices" USING btree ("stripe_created_at","id") WHERE "invoices"."status" in ('open', 'uncollectible');--> statement-breakpoint
CREATE INDEX "tickets_queue_idx" ON "tickets" USING btree ((case "status" when 'open' then 0 when 'waiting_on_customer' then 1 else 2 end),"last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);