DROP INDEX "instances_owner_idx";--> statement-breakpoint
DROP INDEX "instances_status_idx";--> statement-breakpoint
DROP INDEX "audit_log_actor_id_idx";--> statement-breakpoint
DROP INDEX "audit_log_created_at_idx";--> statement-breakpoint
CREATE INDEX "users_created_at_id_idx" ON "users" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_name_trgm_idx" ON "users" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "subscriptions_plan_idx" ON "subscriptions" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "fleet_drift_instance_idx" ON "fleet_drift" USING btree ("instance_id");--> statement-breakpoint
CREATE INDEX "instances_created_at_id_idx" ON "instances" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "instances_status_created_idx" ON "instances" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "instances_host_created_idx" ON "instances" USING btree ("host_id","created_at","id");--> statement-breakpoint
CREATE INDEX "instances_plan_created_idx" ON "instances" USING btree ("plan_id","created_at","id");--> statement-breakpoint
CREATE INDEX "instances_owner_created_idx" ON "instances" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "instances_stack_idx" ON "instances" USING btree ("stack_id");--> statement-breakpoint
CREATE INDEX "instances_live_host_plan_idx" ON "instances" USING btree ("host_id","plan_id","stack_id","status","is_trial") WHERE "instances"."status" <> 'terminated';--> statement-breakpoint
CREATE INDEX "audit_log_created_id_idx" ON "audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_created_idx" ON "audit_log" USING btree ("actor_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_created_idx" ON "audit_log" USING btree ("action","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id","created_at");