/**
 * pglite-prisma-adapter with one fix the migration path needs:
 * - its `executeScript` starts `exec` without awaiting it, so a failing migration script would
 *   surface as an unhandled rejection after Prisma had already recorded success; here it is
 *   awaited and its error reported to Prisma;
 */
import type { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';

export class EmbeddedPrismaAdapter implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  private readonly inner: PrismaPGlite;

  constructor(private readonly pglite: PGlite) {
    this.inner = new PrismaPGlite(pglite);
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.fix(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.fix(await this.inner.connectToShadowDb());
  }

  private fix(adapter: SqlDriverAdapter): SqlDriverAdapter {
    const withErrors = adapter as SqlDriverAdapter & { onError(e: unknown): never; client: PGlite };
    const db = withErrors.client;
    adapter.executeScript = async (script: string) => {
      try {
        await db.exec(script);
      } catch (e) {
        withErrors.onError(e);
      }
    };
    return adapter;
  }
}
