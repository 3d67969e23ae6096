/**
 * `npm run what-if -- …`: what another version of a service's rules would decide, without
 * changing anything.
 *
 *   One case:   --case ID  (--version N | --against-file FILE.json)  [--lang kk|ru|en]
 *   Bulk:       --service CODE  (--against-version N | --against-file FILE.json)
 *               [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--outcome APPROVED|DENIED] [--limit N] [--examples N]
 *   Either:     --json  prints the full result as JSON
 *
 * A bulk preview prints its progress on stderr (the selection's size, then cases done/total, rate
 * and time left every 2 seconds, and how long it took); --quiet leaves stderr to errors. stdout
 * holds the result alone.
 *
 * A version is a published or draft row of the catalog (`npm run catalog -- list`); a file is a
 * definition JSON (`npm run catalog -- export CODE@N` is a starting point). It reads the database
 * of the configuration: with the embedded PGlite database, stop `npm start` first (one process at
 * a time), or point DATABASE_URL at PostgreSQL.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { openDatabase } from '../lib/db/client.ts';
import { runMain, StartupError } from '../lib/startup.ts';
import { formatBulk, formatCase } from './what-if/format.ts';
import { progressLines } from './what-if/progress.ts';
import { QyzmetError } from '../lib/errors.ts';
import { previewBulkReevaluation, reevaluateCase, type WhatIfTarget } from '../services/what-if/index.ts';
import { CatalogIntegrityError } from '../services/publish.ts';
import type { Lang } from '../services/definition.ts';

function targetOf(values: { version?: string; 'against-version'?: string; 'against-file'?: string }): WhatIfTarget {
  const version = values['against-version'] ?? values.version;
  if (version && values['against-file']) throw new StartupError('give a version or a file, not both');
  if (values['against-file']) {
    try {
      return { definition: JSON.parse(fs.readFileSync(values['against-file'], 'utf8')) };
    } catch (e) {
      throw new StartupError(`${values['against-file']}: ${(e as Error).message}`);
    }
  }
  if (!version || !/^\d+$/.test(version)) throw new StartupError('name the version to compare with: --version N (or --against-version N), or --against-file FILE.json');
  return { version: Number(version) };
}

const isDate = (v: string | undefined, flag: string) => {
  if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new StartupError(`--${flag} must be a date YYYY-MM-DD, got "${v}"`);
  return v;
};

runMain('what-if', async () => {
  const { values } = parseArgs({
    options: {
      case: { type: 'string' },
      service: { type: 'string' },
      version: { type: 'string' },
      'against-version': { type: 'string' },
      'against-file': { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      outcome: { type: 'string' },
      limit: { type: 'string' },
      examples: { type: 'string', default: '5' },
      lang: { type: 'string' },
      json: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  if (Boolean(values.case) === Boolean(values.service)) throw new StartupError('give --case ID (one case) or --service CODE (a bulk preview)');
  if (values.lang && !['kk', 'ru', 'en'].includes(values.lang)) throw new StartupError('--lang is kk, ru or en');
  if (values.outcome && !['APPROVED', 'DENIED'].includes(values.outcome)) throw new StartupError('--outcome is APPROVED or DENIED');
  const target = targetOf(values);
  const db = await openDatabase(loadConfig());
  try {
    if (values.case) {
      const r = await reevaluateCase(db.prisma, values.case, target, { lang: values.lang as Lang | undefined });
      process.stdout.write(`${values.json ? JSON.stringify(r, null, 2) : formatCase(r)}\n`);
    } else {
      const preview = await previewBulkReevaluation(
        db.prisma,
        {
          serviceCode: values.service!,
          decidedFrom: isDate(values.from, 'from'),
          decidedTo: isDate(values.to, 'to'),
          outcome: values.outcome as 'APPROVED' | 'DENIED' | undefined,
          limit: values.limit ? Number(values.limit) : undefined,
        },
        target,
        {
          lang: (values.lang as Lang | undefined) ?? 'en',
          examples: Number(values.examples),
          ...(values.quiet ? {} : { onProgress: progressLines((line) => process.stderr.write(line)) }),
        },
      );
      process.stdout.write(`${values.json ? JSON.stringify(preview, null, 2) : formatBulk(preview)}\n`);
    }
  } catch (e) {
    if (e instanceof QyzmetError) throw new StartupError(`${e.code}: ${e.message}`);
    if (e instanceof CatalogIntegrityError) throw new StartupError(e.message);
    throw e;
  } finally {
    await db.close();
  }
});
