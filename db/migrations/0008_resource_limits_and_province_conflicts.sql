ALTER TABLE "documents" ADD COLUMN "failure_code" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "processing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "interrupted_runs" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "province_conflict" jsonb;--> statement-breakpoint
ALTER TABLE "extracted_values" ADD COLUMN "other_readings" integer DEFAULT 0 NOT NULL;