-- A period of a benefit defined in MCI records the MCI it was paid at, and its instruction whether that was provisional
-- AlterTable
ALTER TABLE "EntitlementPeriod" ADD COLUMN "indexation" JSONB;

-- AlterTable
ALTER TABLE "PaymentInstruction" ADD COLUMN "indexation" TEXT;

-- An employment event records which entitlements it suspended or resumed
-- AlterTable
ALTER TABLE "LifeEvent" ADD COLUMN "routing" JSONB;
