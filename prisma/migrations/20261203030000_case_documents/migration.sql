-- Documents a citizen attaches to a case, content-addressed by the SHA-256 of their bytes.
-- The bytes are stored in base64 text (the PGlite driver adapter refuses bytea parameters).
CREATE TABLE "CaseDocument" (
    "caseId" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "contentBase64" TEXT NOT NULL,
    "attachedBy" TEXT NOT NULL,
    "attachedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseDocument_pkey" PRIMARY KEY ("caseId","sha256")
);

ALTER TABLE "CaseDocument" ADD CONSTRAINT "CaseDocument_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;
