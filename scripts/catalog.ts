/**
 * `npm run catalog -- <command>`: the service catalog in the configured database.
 *   list                              every version (published, draft, superseded) with its content hash
 *   publish [--draft] FILE.json …     validate and publish definitions (refused if a published
 *                                     version would change; identical content is a no-op)
 *   publish --builtin                 publish the definitions under services/catalog/
 *   promote CODE@VERSION              publish a draft as it is
 *   export CODE@VERSION               print a stored definition as JSON (a starting point for the next version)
 *   check FILE.json …                 validate without writing (CEL parsed and type-checked, references, dates)
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { openDatabase } from '../lib/db/client.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { catalog } from '../services/catalog/index.ts';
import { checkDefinition } from '../services/definition.ts';
import { loadCatalogEntries, promoteDraft, publishService } from '../services/publish.ts';

function readDefinitions(files: string[]): unknown[] {
  if (files.length === 0) throw new StartupError('name at least one definition file (JSON)');
  return files.map((f) => {
    try {
      return JSON.parse(fs.readFileSync(f, 'utf8'));
    } catch (e) {
      throw new StartupError(`${f}: ${(e as Error).message}`);
    }
  });
}

function codeVersion(arg: string | undefined): { code: string; version: number } {
  const m = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(arg ?? '');
  if (!m) throw new StartupError('expected CODE@VERSION, e.g. birth-allowance@3');
  return { code: m[1]!, version: Number(m[2]) };
}

runMain('catalog', async () => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { draft: { type: 'boolean', default: false }, builtin: { type: 'boolean', default: false } } });
  const [command, ...args] = positionals;

  if (command === 'check') {
    let failed = false;
    for (const [i, raw] of readDefinitions(args).entries()) {
      const result = checkDefinition(raw);
      if (result.ok) console.log(`${args[i]}: ${result.definition.code}@${result.definition.version} is valid`);
      else {
        failed = true;
        for (const p of result.problems) console.log(`${args[i]}: ${p.path}: ${p.message}`);
      }
    }
    process.exitCode = failed ? 1 : 0;
    return;
  }

  const config = loadConfig();
  const db = await openDatabase(config);
  try {
    switch (command) {
      case 'list': {
        for (const e of await loadCatalogEntries(db.prisma, { includeDrafts: true })) {
          const d = e.definition;
          console.log(`${d.code}@${d.version}\t${e.status}\t${d.effectiveFrom} → ${d.effectiveTo ?? '…'}\t${e.contentHash}`);
        }
        break;
      }
      case 'publish': {
        const defs = values.builtin ? [...catalog] : readDefinitions(args);
        for (const def of defs) {
          const r = await publishService(db.prisma, def, { status: values.draft ? 'DRAFT' : 'PUBLISHED', allowUnverified: config.allowUnverifiedLaw });
          console.log(`${r.row.code}@${r.row.version}: ${r.action} (${r.row.status}, ${r.row.contentHash})`);
        }
        break;
      }
      case 'promote': {
        const { code, version } = codeVersion(args[0]);
        const r = await promoteDraft(db.prisma, code, version, { allowUnverified: config.allowUnverifiedLaw });
        console.log(`${code}@${version}: ${r.action}`);
        break;
      }
      case 'export': {
        const { code, version } = codeVersion(args[0]);
        const row = await db.prisma.serviceVersion.findUnique({ where: { code_version: { code, version } } });
        if (!row) throw new StartupError(`${code}@${version} is not in the catalog`);
        console.log(JSON.stringify(row.definition, null, 2));
        break;
      }
      default:
        throw new StartupError('commands: list | publish [--draft] FILE… | publish --builtin | promote CODE@VERSION | export CODE@VERSION | check FILE…');
    }
  } catch (e) {
    const name = (e as Error).name;
    if (['PublishedVersionImmutable', 'EffectivePeriodOverlap', 'DefinitionInvalid', 'CatalogIntegrityError', 'UnverifiedLaw', 'VersionSuperseded'].includes(name)) {
      throw new StartupError((e as Error).message);
    }
    throw e;
  } finally {
    await db.close();
  }
});
