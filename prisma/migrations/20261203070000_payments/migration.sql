-- Payments after the decision: the entitlement schedule, its periods, changes and the payment outbox
-- CreateTable
CREATE TABLE "EntitlementSchedule" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "serviceCode" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "monthly" BOOLEAN NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "currency" TEXT NOT NULL,
    "periods" TEXT[],
    "payer" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "EntitlementSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntitlementPeriod" (
    "id" TEXT NOT NULL,
    "entitlementId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paidAt" TIMESTAMP(3),

    CONSTRAINT "EntitlementPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentInstruction" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "entitlementId" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "payer" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sendingSince" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "acknowledgedAt" TIMESTAMP(3),
    "rejectionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaymentInstruction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntitlementChange" (
    "id" TEXT NOT NULL,
    "entitlementId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EntitlementChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EntitlementSchedule_caseId_key" ON "EntitlementSchedule"("caseId");

-- CreateIndex
CREATE INDEX "EntitlementSchedule_status_idx" ON "EntitlementSchedule"("status");

-- CreateIndex
CREATE UNIQUE INDEX "EntitlementPeriod_entitlementId_period_key" ON "EntitlementPeriod"("entitlementId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentInstruction_idempotencyKey_key" ON "PaymentInstruction"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentInstruction_periodId_key" ON "PaymentInstruction"("periodId");

-- CreateIndex
CREATE INDEX "PaymentInstruction_status_createdAt_idx" ON "PaymentInstruction"("status", "createdAt");

-- CreateIndex
CREATE INDEX "PaymentInstruction_caseId_idx" ON "PaymentInstruction"("caseId");

-- CreateIndex
CREATE INDEX "EntitlementChange_entitlementId_at_idx" ON "EntitlementChange"("entitlementId", "at");

-- AddForeignKey
ALTER TABLE "EntitlementPeriod" ADD CONSTRAINT "EntitlementPeriod_entitlementId_fkey" FOREIGN KEY ("entitlementId") REFERENCES "EntitlementSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentInstruction" ADD CONSTRAINT "PaymentInstruction_entitlementId_fkey" FOREIGN KEY ("entitlementId") REFERENCES "EntitlementSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaymentInstruction" ADD CONSTRAINT "PaymentInstruction_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "EntitlementPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntitlementChange" ADD CONSTRAINT "EntitlementChange_entitlementId_fkey" FOREIGN KEY ("entitlementId") REFERENCES "EntitlementSchedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

