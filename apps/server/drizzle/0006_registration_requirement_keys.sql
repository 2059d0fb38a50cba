CREATE TABLE "user_requirement_keys" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	CONSTRAINT "user_requirement_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
ALTER TABLE "user_requirement_keys" ADD CONSTRAINT "user_requirement_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;