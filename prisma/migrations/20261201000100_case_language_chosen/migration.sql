-- AlterTable
ALTER TABLE "Case" ADD COLUMN "languageChosen" BOOLEAN NOT NULL DEFAULT false;
