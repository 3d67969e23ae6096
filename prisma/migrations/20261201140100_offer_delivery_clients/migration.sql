-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "offerClientIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "OfferDelivery" (
    "caseId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "proofKind" TEXT NOT NULL,
    "proofReference" TEXT NOT NULL,
    "deliveredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferDelivery_pkey" PRIMARY KEY ("caseId","clientId")
);

-- CreateTable
CREATE TABLE "OfferResponse" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "consent" BOOLEAN NOT NULL,
    "proofKind" TEXT NOT NULL,
    "proofReference" TEXT NOT NULL,
    "respondedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferResponse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OfferDelivery_clientId_idx" ON "OfferDelivery"("clientId");

-- CreateIndex
CREATE INDEX "OfferResponse_caseId_idx" ON "OfferResponse"("caseId");

-- AddForeignKey
ALTER TABLE "OfferDelivery" ADD CONSTRAINT "OfferDelivery_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferResponse" ADD CONSTRAINT "OfferResponse_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
