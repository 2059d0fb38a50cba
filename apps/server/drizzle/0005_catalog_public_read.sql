ALTER TABLE "events" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "search_document" "tsvector";--> statement-breakpoint
CREATE INDEX "events_search_idx" ON "events" USING gin ("search_document");