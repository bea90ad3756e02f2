CREATE TYPE "public"."source_entry_status" AS ENUM('fetched', 'unchanged', 'failed');--> statement-breakpoint
CREATE TYPE "public"."notification_kind" AS ENUM('late_submission', 'review_reminder');--> statement-breakpoint
ALTER TYPE "public"."source_kind" ADD VALUE 'upload';--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" "notification_kind" NOT NULL,
	"province_code" text,
	"period_key" text,
	"message" text NOT NULL,
	"delivered" boolean,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_id" integer NOT NULL,
	"locator" text NOT NULL,
	"title" text,
	"etag" text,
	"last_modified" text,
	"sha256" char(64),
	"document_id" integer,
	"status" "source_entry_status",
	"error" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_checked_at" timestamp with time zone,
	"fetched_at" timestamp with time zone,
	CONSTRAINT "source_entries_source_locator_unique" UNIQUE("source_id","locator")
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "supersedes_id" integer;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "name" text NOT NULL;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "last_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_entries" ADD CONSTRAINT "source_entries_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_entries" ADD CONSTRAINT "source_entries_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_period_idx" ON "notifications" USING btree ("period_key","kind");--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_supersedes_id_documents_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_name_unique" UNIQUE("name");