-- A period may have more than one instruction: a re-issue after a rejection, corrections after a replaced decision
-- DropIndex
DROP INDEX "PaymentInstruction_periodId_key";

-- AlterTable
ALTER TABLE "PaymentInstruction" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'PAYMENT',
ADD COLUMN "reissuedBy" TEXT,
ADD COLUMN "decisionId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "PaymentInstruction_reissuedBy_key" ON "PaymentInstruction"("reissuedBy");

-- CreateIndex
CREATE INDEX "PaymentInstruction_periodId_idx" ON "PaymentInstruction"("periodId");
