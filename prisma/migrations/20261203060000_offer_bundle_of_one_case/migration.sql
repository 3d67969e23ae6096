-- An offer made outside a life event (a population sweep) is answered by SMS like a birth bundle
-- and gets a bundle of its one case, which names no life event.
ALTER TABLE "OfferBundle" ALTER COLUMN "lifeEventId" DROP NOT NULL;
