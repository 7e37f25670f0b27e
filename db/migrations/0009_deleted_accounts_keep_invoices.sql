ALTER TABLE "users" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "customer_email" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "customer_name" text;--> statement-breakpoint
CREATE INDEX "invoices_customer_email_trgm_idx" ON "invoices" USING gin ("customer_email" gin_trgm_ops);