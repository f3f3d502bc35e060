-- CreateIndex
CREATE INDEX "Annotation_groupId_createdAt_idx" ON "Annotation"("groupId", "createdAt");
