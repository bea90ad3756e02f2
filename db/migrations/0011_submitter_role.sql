ALTER TYPE "public"."user_role" ADD VALUE 'submitter';--> statement-breakpoint
CREATE TABLE "submission_uploads" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_id" integer NOT NULL,
	"province_code" text NOT NULL,
	"user_id" integer,
	"uploaded_by" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "value_remarks" (
	"id" serial PRIMARY KEY NOT NULL,
	"value_id" integer NOT NULL,
	"upload_id" integer NOT NULL,
	"author" text NOT NULL,
	"proposed_value" numeric NOT NULL,
	"comment" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "submission_uploads" ADD CONSTRAINT "submission_uploads_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_uploads" ADD CONSTRAINT "submission_uploads_province_code_provinces_code_fk" FOREIGN KEY ("province_code") REFERENCES "public"."provinces"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_uploads" ADD CONSTRAINT "submission_uploads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "value_remarks" ADD CONSTRAINT "value_remarks_value_id_extracted_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."extracted_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "value_remarks" ADD CONSTRAINT "value_remarks_upload_id_submission_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."submission_uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "submission_uploads_province_idx" ON "submission_uploads" USING btree ("province_code","created_at");--> statement-breakpoint
CREATE INDEX "value_remarks_value_idx" ON "value_remarks" USING btree ("value_id");