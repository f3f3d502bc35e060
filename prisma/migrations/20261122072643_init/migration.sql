-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "BlockKind" AS ENUM ('heading', 'paragraph', 'quote', 'listItem', 'footnote', 'rule');

-- CreateTable
CREATE TABLE "Text" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "currentVersionId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Text_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TextVersion" (
    "id" TEXT NOT NULL,
    "textId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "titleEditorial" BOOLEAN NOT NULL DEFAULT false,
    "author" TEXT,
    "year" INTEGER,
    "published" TEXT,
    "source" TEXT,
    "licence" TEXT,
    "credits" TEXT[],
    "wordCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TextVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Block" (
    "versionId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "BlockKind" NOT NULL,
    "level" INTEGER NOT NULL DEFAULT 0,
    "content" JSONB NOT NULL,
    "plainText" TEXT NOT NULL,
    "attrs" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "Block_pkey" PRIMARY KEY ("versionId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Text_slug_key" ON "Text"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Text_currentVersionId_key" ON "Text"("currentVersionId");

-- CreateIndex
CREATE INDEX "TextVersion_textId_contentHash_idx" ON "TextVersion"("textId", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "TextVersion_textId_number_key" ON "TextVersion"("textId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Block_versionId_position_key" ON "Block"("versionId", "position");

-- AddForeignKey
ALTER TABLE "Text" ADD CONSTRAINT "Text_currentVersionId_fkey" FOREIGN KEY ("currentVersionId") REFERENCES "TextVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TextVersion" ADD CONSTRAINT "TextVersion_textId_fkey" FOREIGN KEY ("textId") REFERENCES "Text"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Block" ADD CONSTRAINT "Block_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "TextVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
