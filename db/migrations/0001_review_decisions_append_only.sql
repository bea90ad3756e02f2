-- review_decisions is an audit log: rows are only ever inserted.
-- A correction is a new decision, never an edit of an old one.
CREATE OR REPLACE FUNCTION "review_decisions_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'review_decisions is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'record a new decision instead';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "review_decisions_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "review_decisions"
  FOR EACH ROW EXECUTE FUNCTION "review_decisions_append_only"();
