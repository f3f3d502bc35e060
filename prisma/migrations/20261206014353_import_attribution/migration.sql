-- AlterTable
ALTER TABLE "Annotation" ADD COLUMN     "importedAuthorName" TEXT,
ADD COLUMN     "importedCreatedAt" TIMESTAMP(3),
ADD COLUMN     "importedFrom" TEXT;
