/**
 * A database that refuses one applicant's rows as PostgreSQL refuses an amount beyond
 * Decimal(14,2) (SQLSTATE 22003, raised by a trigger): a step that can never succeed by retrying,
 * for that applicant only, until the test "fixes the cause" by dropping the trigger.
 */
import type { PrismaClient } from '../../lib/db/client.ts';

export async function refuseWritesOf(
  prisma: PrismaClient,
  name: string,
  target: { table: 'Decision' | 'CaseEvent'; iin: string; /** Only timeline rows of this type. */ eventType?: string },
): Promise<{ fix(): Promise<void> }> {
  const { table, iin, eventType } = target;
  if (!/^[a-z_]+$/.test(name) || !/^\d{12}$/.test(iin) || (eventType !== undefined && !/^[A-Z_]+$/.test(eventType))) throw new Error('a trigger name, an IIN, an event type');
  const onlyType = eventType ? ` AND NEW."type" = '${eventType}'` : '';
  await prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM "Case" WHERE id = NEW."caseId" AND "applicantIin" = '${iin}')${onlyType} THEN
        RAISE EXCEPTION 'numeric field overflow' USING ERRCODE = '22003';
      END IF;
      RETURN NEW;
    END $$`);
  await prisma.$executeRawUnsafe(`CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return {
    async fix() {
      await prisma.$executeRawUnsafe(`DROP TRIGGER ${name} ON "${table}"`);
    },
  };
}
