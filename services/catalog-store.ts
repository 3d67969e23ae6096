/**
 * Published service definitions as a process reads them: from the database catalog, kept in
 * memory by content hash (a published version never changes, so the cache never goes stale), and
 * the list of published versions refreshed at most every few seconds. Read by the API (intake,
 * service titles) and by the activities (the pinned definition of a case); one store per database
 * client, so a process that runs both (npm start) keeps one cache.
 */
import type { PrismaClient } from '../lib/db/client.ts';
import { definitionHash } from './definition-hash.ts';
import { validateDefinition, type ServiceDefinition } from './definition.ts';

const stores = new WeakMap<PrismaClient, CatalogStore>();

export class CatalogStore {
  /** The process's store for this database client. */
  static of(prisma: PrismaClient): CatalogStore {
    let store = stores.get(prisma);
    if (!store) {
      store = new CatalogStore(prisma);
      stores.set(prisma, store);
    }
    return store;
  }

  private byHash = new Map<string, ServiceDefinition>();
  private hashes = new WeakMap<ServiceDefinition, string>();
  private list: { at: number; definitions: ServiceDefinition[] } | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly refreshMs = 5000,
  ) {}

  async published(): Promise<ServiceDefinition[]> {
    if (this.list && Date.now() - this.list.at < this.refreshMs) return this.list.definitions;
    const rows = await this.prisma.serviceVersion.findMany({ where: { status: 'PUBLISHED' }, orderBy: [{ code: 'asc' }, { version: 'asc' }] });
    const definitions = rows.map((row) => this.remember(row.contentHash, row.definition));
    this.list = { at: Date.now(), definitions };
    return definitions;
  }

  /** The exact definition a case was pinned to. */
  async byContentHash(hash: string): Promise<ServiceDefinition> {
    const cached = this.byHash.get(hash);
    if (cached) return cached;
    const row = await this.prisma.serviceVersion.findFirst({ where: { contentHash: hash } });
    if (!row) throw new Error(`no service definition with content hash ${hash}`);
    return this.remember(hash, row.definition);
  }

  async byVersion(code: string, version: number): Promise<{ definition: ServiceDefinition; contentHash: string }> {
    const row = await this.prisma.serviceVersion.findUnique({ where: { code_version: { code, version } } });
    if (!row) throw new Error(`service ${code} has no version ${version}`);
    return { definition: this.remember(row.contentHash, row.definition), contentHash: row.contentHash };
  }

  /** The content hash a definition was published under (computed for one this store did not read). */
  contentHashOf(def: ServiceDefinition): string {
    return this.hashes.get(def) ?? definitionHash(def);
  }

  invalidate(): void {
    this.list = null;
  }

  private remember(hash: string, raw: unknown): ServiceDefinition {
    let def = this.byHash.get(hash);
    if (!def) {
      def = validateDefinition(raw);
      this.byHash.set(hash, def);
      this.hashes.set(def, hash);
    }
    return def;
  }
}
