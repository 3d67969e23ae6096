-- A key for a client that already has keys, or with a scope over citizens' cases, waits for a
-- second engineer's approval; keys issued before this migration stay active.
-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "approvedBy" TEXT,
ADD COLUMN     "createdBy" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'ACTIVE';

-- CreateIndex
CREATE INDEX "ApiKey_clientId_idx" ON "ApiKey"("clientId");
