CREATE TABLE "root_secret_fingerprint" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"fingerprint" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "root_secret_fingerprint_one_row" CHECK ("root_secret_fingerprint"."id" = 1)
);
