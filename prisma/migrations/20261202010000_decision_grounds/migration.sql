-- The codes of the refusal grounds a decision names (a copy of its signed record, for queries).
ALTER TABLE "Decision" ADD COLUMN "grounds" JSONB;
