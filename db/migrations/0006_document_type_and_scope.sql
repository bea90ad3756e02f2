ALTER TYPE "public"."document_status" ADD VALUE 'set_aside';--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "document_type" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "issuer" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "issuer_kind" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "issue_year" integer;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "signed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "scope" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "scope_reason" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "header_confidence" jsonb;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "extraction_forced" boolean DEFAULT false NOT NULL;