-- Before one live reset link per account holds: void all but each account's newest live link.
UPDATE "auth_codes" SET "consumed_at" = now()
 WHERE "purpose" = 'password_reset' AND "consumed_at" IS NULL
   AND "id" NOT IN (
     SELECT DISTINCT ON ("user_id") "id" FROM "auth_codes"
      WHERE "purpose" = 'password_reset' AND "consumed_at" IS NULL
      ORDER BY "user_id", "created_at" DESC
   );--> statement-breakpoint
CREATE UNIQUE INDEX "auth_codes_one_live_reset_idx" ON "auth_codes" USING btree ("user_id") WHERE "auth_codes"."purpose" = 'password_reset' and "auth_codes"."consumed_at" is null;
