-- CreateIndex
CREATE INDEX "User_updatedAt_idx" ON "User"("updatedAt");
