CREATE TYPE "public"."notification_channel" AS ENUM('log', 'webhook', 'email');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'due_soon';--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "channel" "notification_channel" DEFAULT 'log' NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "document_id" integer;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "day" date;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "once_key" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "recipients" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "html" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "sending_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_once_key_unique" UNIQUE("once_key");--> statement-breakpoint
-- Rows written before channels: the ones with a delivery outcome went to the webhook.
UPDATE "notifications" SET "channel" = 'webhook' WHERE "delivered" IS NOT NULL;--> statement-breakpoint
UPDATE "notifications" SET "day" = (("created_at" AT TIME ZONE 'UTC') + interval '7 hours')::date;
