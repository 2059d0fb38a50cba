CREATE TABLE "registration_address_confirmations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"email_hash" text NOT NULL,
	"request_encrypted" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"registration_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "registration_address_confirmations" ADD CONSTRAINT "registration_address_confirmations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_address_confirmations" ADD CONSTRAINT "registration_address_confirmations_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registration_address_confirmations_event_email_idx" ON "registration_address_confirmations" USING btree ("event_id","email_hash");--> statement-breakpoint
CREATE INDEX "registration_address_confirmations_expires_idx" ON "registration_address_confirmations" USING btree ("expires_at");