CREATE TYPE "public"."document_status" AS ENUM('fetched', 'parsed', 'extracted', 'failed');--> statement-breakpoint
CREATE TYPE "public"."extractor" AS ENUM('rules', 'llm');--> statement-breakpoint
CREATE TYPE "public"."review_action" AS ENUM('approve', 'correct', 'reject');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('running', 'succeeded', 'failed');--> statement-breakpoint
CREATE TYPE "public"."run_trigger" AS ENUM('nightly', 'rerun', 'manual', 'ingest');--> statement-breakpoint
CREATE TYPE "public"."source_kind" AS ENUM('http', 'dir');--> statement-breakpoint
CREATE TYPE "public"."value_status" AS ENUM('auto_accepted', 'flagged', 'approved', 'corrected', 'rejected');--> statement-breakpoint
CREATE TABLE "documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"sha256" char(64) NOT NULL,
	"source_id" integer,
	"original_name" text NOT NULL,
	"media_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"storage_key" text NOT NULL,
	"province_code" text,
	"period_kind" text,
	"period_start" date,
	"period_end" date,
	"period_label" text,
	"period_key" text,
	"report_kind" text,
	"document_number" text,
	"issued_on" date,
	"status" "document_status" DEFAULT 'fetched' NOT NULL,
	"error" text,
	"page_count" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_sha256_unique" UNIQUE("sha256")
);
--> statement-breakpoint
CREATE TABLE "extracted_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"indicator_id" text NOT NULL,
	"value" numeric NOT NULL,
	"unit" text NOT NULL,
	"qualifier" text,
	"raw_text" text NOT NULL,
	"evidence" text NOT NULL,
	"page" integer NOT NULL,
	"confidence" real NOT NULL,
	"extractor" "extractor" NOT NULL,
	"status" "value_status" NOT NULL,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"alternatives" jsonb
);
--> statement-breakpoint
CREATE TABLE "extraction_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_id" integer NOT NULL,
	"trigger" "run_trigger" NOT NULL,
	"status" "run_status" DEFAULT 'running' NOT NULL,
	"is_current" boolean DEFAULT false NOT NULL,
	"rules_version" text NOT NULL,
	"model" text,
	"prompt_version" text,
	"schema_version" text,
	"extractor_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tokens_in" integer DEFAULT 0 NOT NULL,
	"tokens_out" integer DEFAULT 0 NOT NULL,
	"cost" numeric(12, 6) DEFAULT '0' NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"name_vi" text NOT NULL,
	"name_en" text NOT NULL,
	"unit" text NOT NULL,
	"kind" text NOT NULL,
	"measure" text NOT NULL,
	"form" text
);
--> statement-breakpoint
CREATE TABLE "province_aliases" (
	"id" serial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"alias" text NOT NULL,
	"old_code" text,
	CONSTRAINT "province_aliases_alias_unique" UNIQUE("alias")
);
--> statement-breakpoint
CREATE TABLE "provinces" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"unit_type" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "published_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"province_code" text NOT NULL,
	"period_key" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"indicator_id" text NOT NULL,
	"value" numeric NOT NULL,
	"unit" text NOT NULL,
	"run_id" integer NOT NULL,
	"value_id" integer NOT NULL,
	"decision_id" integer,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "published_values_province_period_indicator_unique" UNIQUE("province_code","period_key","indicator_id")
);
--> statement-breakpoint
CREATE TABLE "review_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"value_id" integer NOT NULL,
	"reviewer" text NOT NULL,
	"action" "review_action" NOT NULL,
	"old_value" numeric,
	"new_value" numeric,
	"comment" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"province_code" text,
	"kind" "source_kind" NOT NULL,
	"location" text NOT NULL,
	"schedule" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extracted_values" ADD CONSTRAINT "extracted_values_run_id_extraction_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."extraction_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extracted_values" ADD CONSTRAINT "extracted_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extraction_runs" ADD CONSTRAINT "extraction_runs_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "province_aliases" ADD CONSTRAINT "province_aliases_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_values" ADD CONSTRAINT "published_values_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_values" ADD CONSTRAINT "published_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_values" ADD CONSTRAINT "published_values_run_id_extraction_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."extraction_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_values" ADD CONSTRAINT "published_values_value_id_extracted_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."extracted_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "published_values" ADD CONSTRAINT "published_values_decision_id_review_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."review_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_value_id_extracted_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."extracted_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_province_period_idx" ON "documents" USING btree ("province_code","period_key");--> statement-breakpoint
CREATE INDEX "extracted_values_run_idx" ON "extracted_values" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "extracted_values_status_idx" ON "extracted_values" USING btree ("status");--> statement-breakpoint
CREATE INDEX "extraction_runs_document_idx" ON "extraction_runs" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "extraction_runs_one_current_idx" ON "extraction_runs" USING btree ("document_id") WHERE is_current;--> statement-breakpoint
CREATE INDEX "review_decisions_value_idx" ON "review_decisions" USING btree ("value_id");