-- Before one live reset link per account holds: void all but each account's newest live link.
UPDATE "auth_codes" SET "consumed_at" = now()
 WHERE "purpose" = 'password_reset' AND "consumed_at" IS NULL
   AND "id" NOT IN (
     SELECT DISTINCT ON ("user_id") "id" FROM "auth_codes"
      WHERE "purpose" = 'password_reset' AND "consumed_at" IS NULL
      ORDER BY "user_id", "created_at" DESC
   );--> statement-breakpoint
CREATE TABLE "recovery_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"code_hash" text NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recovery_codes_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_secret_encrypted" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "require_second_factor" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recovery_codes_user_idx" ON "recovery_codes" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "auth_codes_one_live_reset_idx" ON "auth_codes" USING btree ("user_id") WHERE "auth_codes"."purpose" = 'password_reset' and "auth_codes"."consumed_at" is null;