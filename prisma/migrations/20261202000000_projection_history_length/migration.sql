-- A local activity runs inside a workflow task, so a workflow task that never commits (it timed
-- out under load, or its worker died) may already have written its step, and the retried workflow
-- task can then write the same step differently (the Update of another officer won the race).
-- The history length (then the step time) tells the two apart: the later workflow task wins.
ALTER TABLE "CaseEvent" ADD COLUMN "historyLength" INTEGER NOT NULL DEFAULT 0;
