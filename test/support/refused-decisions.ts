/**
 * A database that refuses one applicant's decisions as PostgreSQL refuses an amount beyond
 * Decimal(14,2) (SQLSTATE 22003, raised by a trigger): a step that can never succeed by retrying,
 * for that applicant only, until the test "fixes the cause" by dropping the trigger.
 */
import type { PrismaClient } from '../../lib/db/client.ts';

export async function refuseDecisionsOf(prisma: PrismaClient, name: string, iin: string): Promise<{ fix(): Promise<void> }> {
  if (!/^[a-z_]+$/.test(name) || !/^\d{12}$/.test(iin)) throw new Error('a trigger name and an IIN');
  await prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM "Case" WHERE id = NEW."caseId" AND "applicantIin" = '${iin}') THEN
        RAISE EXCEPTION 'numeric field overflow' USING ERRCODE = '22003';
      END IF;
      RETURN NEW;
    END $$`);
  await prisma.$executeRawUnsafe(`CREATE TRIGGER ${name} BEFORE INSERT ON "Decision" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return {
    async fix() {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${name} ON "Decision"`);
    },
  };
}
