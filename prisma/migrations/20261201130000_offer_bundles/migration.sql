-- CreateTable
CREATE TABLE "OfferBundle" (
    "id" TEXT NOT NULL,
    "lifeEventId" TEXT NOT NULL,
    "recipientIin" TEXT NOT NULL,
    "recipientPhone" TEXT,
    "language" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "segments" INTEGER NOT NULL,
    "smsStatus" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3),
    "consentMessageId" TEXT,
    "respondedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OfferBundle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundSms" (
    "id" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "fromPhone" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "outcome" TEXT NOT NULL,
    "bundleId" TEXT,
    "reply" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "InboundSms_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OfferBundle_lifeEventId_key" ON "OfferBundle"("lifeEventId");

-- CreateIndex
CREATE INDEX "OfferBundle_recipientPhone_status_idx" ON "OfferBundle"("recipientPhone", "status");

-- CreateIndex
CREATE UNIQUE INDEX "InboundSms_messageId_key" ON "InboundSms"("messageId");
