-- AlterTable
ALTER TABLE "Text" ADD COLUMN     "addedById" TEXT,
ADD COLUMN     "draft" JSONB,
ADD COLUMN     "groupId" TEXT,
ADD COLUMN     "retiredAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "TextVersion" ADD COLUMN     "markdown" TEXT;

-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "membersAddTexts" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Text_groupId_idx" ON "Text"("groupId");

-- AddForeignKey
ALTER TABLE "Text" ADD CONSTRAINT "Text_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Text" ADD CONSTRAINT "Text_addedById_fkey" FOREIGN KEY ("addedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
