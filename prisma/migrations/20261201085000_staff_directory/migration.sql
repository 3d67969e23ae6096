-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "department" TEXT,
    "roles" TEXT[],
    "displayName" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffMember_department_active_idx" ON "StaffMember"("department", "active");
