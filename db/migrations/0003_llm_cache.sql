CREATE TYPE "public"."llm_cache_status" AS ENUM('pending', 'answered', 'failed');--> statement-breakpoint
CREATE TABLE "llm_cache" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_sha256" char(64) NOT NULL,
	"group_id" text NOT NULL,
	"prompt_version" text NOT NULL,
	"schema_version" text NOT NULL,
	"model" text NOT NULL,
	"status" "llm_cache_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"answer" jsonb,
	"raw_text" text,
	"error_kind" text,
	"error" text,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"cost" numeric(12, 6) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "llm_cache_request_unique" UNIQUE("document_sha256","group_id","prompt_version","schema_version","model")
);
