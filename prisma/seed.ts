/**
 * Seed data: the built-in service catalog (published; re-running is a no-op) and, in
 * development, an API key for the demo front-end whose plaintext is kept under .data/ so every
 * start can print it. `npx prisma db seed` runs the catalog part against the configured database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApiKey, type ApiKeyScope } from '../lib/auth/api-keys.ts';
import { loadConfig } from '../lib/config.ts';
import { openDatabase, type PrismaClient } from '../lib/db/client.ts';
import { catalog } from '../services/catalog/index.ts';
import { publishAll, type PublishResult } from '../services/publish.ts';

/** Publishes the built-in catalog; `allowUnverified` comes from ALLOW_UNVERIFIED_LAW (never in production). */
export async function seedCatalog(prisma: PrismaClient, options: { allowUnverified: boolean }): Promise<PublishResult[]> {
  return publishAll(prisma, catalog, { status: 'PUBLISHED', allowUnverified: options.allowUnverified });
}

export const DEMO_CLIENT_ID = 'egov-portal-demo';

const DEV_KEY_SCOPES: ApiKeyScope[] = ['cases:write', 'cases:read', 'life-events:write', 'offers:respond'];

/**
 * The development API key: created once, its plaintext kept in DATA_DIR/dev-api-key. A key kept
 * from an older start gets the scopes the demo needs today.
 */
export async function ensureDevApiKey(prisma: PrismaClient, dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'dev-api-key');
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    const prefix = key.split('_')[1];
    const row = prefix ? await prisma.apiKey.findUnique({ where: { prefix } }) : null;
    if (row && !row.revokedAt) {
      if (DEV_KEY_SCOPES.some((s) => !row.scopes.includes(s))) await prisma.apiKey.update({ where: { id: row.id }, data: { scopes: DEV_KEY_SCOPES } });
      return key;
    }
  }
  const { key } = await createApiKey(prisma, { name: 'eGov portal (demo)', clientId: DEMO_CLIENT_ID, scopes: DEV_KEY_SCOPES });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, key, { mode: 0o600 });
  return key;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = loadConfig();
  const db = await openDatabase(config);
  const results = await seedCatalog(db.prisma, { allowUnverified: config.allowUnverifiedLaw });
  console.log(`qyzmet seed: ${results.map((r) => `${r.row.code}@${r.row.version} ${r.action}`).join(', ')}`);
  await db.close();
}
