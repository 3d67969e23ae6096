-- Appeals: a decision may be replaced by a new signed decision that references it.
-- A case keeps one decision of its own (its id is derived from the case), so caseId is no longer unique.
DROP INDEX "Decision_caseId_key";
CREATE INDEX "Decision_caseId_idx" ON "Decision"("caseId");
ALTER TABLE "Decision" ADD COLUMN "replacesDecisionId" TEXT;
ALTER TABLE "Decision" ADD COLUMN "supersededBy" TEXT;
ALTER TABLE "Decision" ADD COLUMN "appealId" TEXT;
CREATE UNIQUE INDEX "Decision_replacesDecisionId_key" ON "Decision"("replacesDecisionId");
CREATE UNIQUE INDEX "Decision_supersededBy_key" ON "Decision"("supersededBy");

CREATE TABLE "Appeal" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "documents" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "clientId" TEXT,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "periodEndsAt" TIMESTAMP(3) NOT NULL,
    "taskId" TEXT,
    "dueAt" TIMESTAMP(3),
    "resolution" TEXT,
    "resolutionReason" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "newDecisionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Appeal_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Appeal_decisionId_key" ON "Appeal"("decisionId");
CREATE UNIQUE INDEX "Appeal_workflowId_key" ON "Appeal"("workflowId");
CREATE INDEX "Appeal_caseId_idx" ON "Appeal"("caseId");
CREATE INDEX "Appeal_department_status_idx" ON "Appeal"("department", "status");
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
