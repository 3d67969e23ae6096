-- CreateTable
CREATE TABLE "EntitlementClaim" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "serviceCode" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "validUntil" DATE,
    "claimedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EntitlementClaim_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "CaseEntitlement" (
    "caseId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "CaseEntitlement_pkey" PRIMARY KEY ("caseId","scope","key")
);

-- CreateIndex
CREATE INDEX "EntitlementClaim_caseId_idx" ON "EntitlementClaim"("caseId");

-- CreateIndex
CREATE INDEX "CaseEntitlement_scope_key_idx" ON "CaseEntitlement"("scope", "key");

-- AddForeignKey
ALTER TABLE "CaseEntitlement" ADD CONSTRAINT "CaseEntitlement_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
