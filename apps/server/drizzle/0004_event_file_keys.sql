ALTER TABLE "people" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "people_event_key_idx" ON "people" USING btree ("event_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_event_key_idx" ON "sessions" USING btree ("event_id","key");