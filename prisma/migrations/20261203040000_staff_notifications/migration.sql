-- Staff notifications: what staff were told about a task (a new task in their group, their task
-- overdue, a task escalated to them), one row per task, event and recipient group. Staff members
-- gain an optional e-mail address the notifications are sent to.

-- AlterTable
ALTER TABLE "StaffMember" ADD COLUMN     "email" TEXT;

-- CreateTable
CREATE TABLE "StaffNotification" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "department" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "recipients" TEXT[],
    "channel" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "StaffNotification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffNotification_department_role_createdAt_idx" ON "StaffNotification"("department", "role", "createdAt");

-- CreateIndex
CREATE INDEX "StaffNotification_caseId_idx" ON "StaffNotification"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffNotification_taskId_event_department_role_key" ON "StaffNotification"("taskId", "event", "department", "role");
