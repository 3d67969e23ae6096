-- Scheduled re-checks of an entitlement, each with the evidence fetched again and its outcome
-- CreateTable
CREATE TABLE "EntitlementRecheck" (
    "id" TEXT NOT NULL,
    "entitlementId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,
    "serviceVersion" INTEGER NOT NULL,
    "definitionHash" TEXT NOT NULL,
    "evaluationId" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "currentAmount" DECIMAL(14,2) NOT NULL,
    "newAmount" DECIMAL(14,2),
    "outcome" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "hearingDueAt" TIMESTAMP(3),
    "objection" TEXT,
    "taskId" TEXT,
    "decisionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EntitlementRecheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EntitlementRecheck_caseId_status_idx" ON "EntitlementRecheck"("caseId", "status");

-- AddForeignKey
ALTER TABLE "EntitlementRecheck" ADD CONSTRAINT "EntitlementRecheck_entitlementId_fkey" FOREIGN KEY ("entitlementId") REFERENCES "EntitlementSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
