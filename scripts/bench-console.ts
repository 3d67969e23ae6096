// `npm run bench:console [-- --tasks 100 --runs 7 --json]`: the officer console's size and the
// time to its first render of an inbox of 100 tasks, against the same console rendering an
// empty inbox in the same run (the baseline: loading, signing in and asking the API cost the
// same; the difference is the rows). Chromium from the operating system, the API's own HTTP
// server, a migrated PGlite database filled with cases and tasks directly (the inbox reads only
// the database; no Temporal server is contacted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Client, Connection } from '@temporalio/client';
import { startApiServer } from '../api/server.ts';
import { mintStaffToken, type StaffClaims } from '../lib/auth/tokens.ts';
import { loadConfig } from '../lib/config.ts';
import { openDatabase } from '../lib/db/client.ts';
import { migrateDeploy } from '../lib/db/migrate.ts';
import { createLogger } from '../lib/logger.ts';
import { KeyRing } from '../lib/signing.ts';
import { runMain } from '../lib/startup.ts';
import { seedCatalog } from '../prisma/seed.ts';
import { ensureConsoleBuilt } from '../web/build.ts';
import { launchBrowser } from '../web/chromium.ts';

const FULL: StaffClaims = { sub: 'officer-aigerim', roles: ['officer'], department: 'social-payments' };
const EMPTY: StaffClaims = { sub: 'officer-dana', roles: ['officer'], department: 'employment' };

interface Sample {
  rows: number;
  renderMs: number;
  inboxRequestMs: number;
  scriptsMs: number;
}

export interface ConsoleBench {
  size: { files: { file: string; bytes: number; gzipBytes: number }[]; firstLoad: { bytes: number; gzipBytes: number } };
  tasks: number;
  runs: number;
  full: Sample[];
  empty: Sample[];
  median: { full: number; empty: number; ratio: number; rowsMs: number };
}

function bundleSize(dir: string): ConsoleBench['size'] {
  const files = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      const body = fs.readFileSync(full);
      return { file: path.relative(dir, full), bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
  // What a first visit downloads: the page, its script and its stylesheet.
  const first = files.filter((f) => f.file === 'index.html' || /^assets\/.*\.(js|css)$/.test(f.file));
  return { files, firstLoad: { bytes: first.reduce((n, f) => n + f.bytes, 0), gzipBytes: first.reduce((n, f) => n + f.gzipBytes, 0) } };
}

async function seedInbox(prisma: Awaited<ReturnType<typeof openDatabase>>['prisma'], count: number): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const id = `cbench${String(i).padStart(14, '0')}`;
    await prisma.case.create({
      data: {
        id,
        workflowId: `case-${id}`,
        serviceCode: i % 3 === 0 ? 'birth-allowance' : 'childcare-allowance',
        department: 'social-payments',
        status: 'PENDING_REVIEW',
        origin: 'APPLICATION',
        applicantIin: '930125462069',
        application: { childIin: '251211663930' },
        tasks: {
          create: {
            id: `${id}-t1`,
            workflowId: `case-${id}`,
            kind: i % 5 === 0 ? 'SECOND_REVIEW' : 'REVIEW',
            status: 'OPEN',
            department: 'social-payments',
            role: 'officer',
            reasons: i % 5 === 0 ? ['FOUR_EYES'] : ['EVIDENCE_MISSING:bank', 'RULE_INDETERMINATE:CC-04'],
            priority: i % 3,
            dueAt: new Date(now + (i - 10) * 3_600_000),
            firstReviewer: i % 5 === 0 ? 'officer-bolat' : null,
          },
        },
      },
    });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function benchConsole(options: {
  tasks: number;
  runs: number;
  log(line: string): void;
  /** A migrated PGlite directory to copy instead of migrating one. */ pgliteTemplate?: string;
}): Promise<ConsoleBench> {
  const built = await ensureConsoleBuilt({ log: options.log });
  const size = bundleSize(built.dir);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-bench-console-'));
  const env = { NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', JWT_SECRET: 'bench-console-secret-0123456789abcdef0123', API_RATE_LIMIT_BURST: '10000' };
  if (options.pgliteTemplate) fs.cpSync(options.pgliteTemplate, path.join(dataDir, 'pglite'), { recursive: true });
  else {
    options.log('migrating a scratch PGlite database …');
    await migrateDeploy({ ...process.env, ...env });
  }
  const config = loadConfig(env);
  const db = await openDatabase(config);
  const connection = Connection.lazy({ address: '127.0.0.1:1' }); // never dialled: the inbox reads the database only
  const browser = await launchBrowser();
  try {
    await seedCatalog(db.prisma, { allowUnverified: config.allowUnverifiedLaw });
    await seedInbox(db.prisma, options.tasks);
    const api = await startApiServer({ config, db, temporal: new Client({ connection }), keyRing: new KeyRing(), logger: createLogger({ level: 'silent' }) }, { host: '127.0.0.1', port: 0 });
    const sample = async (claims: StaffClaims): Promise<Sample> => {
      const token = await mintStaffToken(config, claims, '10m');
      const page = await browser.page({ width: 1920, height: 1080 });
      await page.addInitScript(
        ([t]) => {
          sessionStorage.setItem('qyzmet.session', JSON.stringify({ token: t, expiresAt: Date.now() + 600_000, source: 'token' }));
          localStorage.setItem('qyzmet.lang', 'ru');
        },
        [token],
      );
      await page.goto(`${api.url}/console/?size=100`);
      await page.waitForFunction(() => performance.getEntriesByName('qyzmet:inbox-rendered').length > 0, undefined, { timeout: 30_000 });
      const s = await page.evaluate(() => {
        const mark = performance.getEntriesByName('qyzmet:inbox-rendered')[0] as PerformanceMark;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const inbox = resources.filter((r) => r.name.endsWith('/graphql')).map((r) => r.duration);
        const scripts = resources.filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js')).map((r) => r.responseEnd);
        return { rows: (mark.detail as { rows: number }).rows, renderMs: mark.startTime, inboxRequestMs: Math.max(0, ...inbox), scriptsMs: Math.max(0, ...scripts) };
      });
      await page.close();
      return s;
    };
    // A first, discarded pass warms the server and the browser's cache alike for both sides.
    await sample(FULL);
    await sample(EMPTY);
    const full: Sample[] = [];
    const empty: Sample[] = [];
    for (let i = 0; i < options.runs; i++) {
      options.log(`run ${i + 1}/${options.runs}`);
      // A B B A, so drift on a shared machine falls on both.
      if (i % 2 === 0) {
        full.push(await sample(FULL));
        empty.push(await sample(EMPTY));
      } else {
        empty.push(await sample(EMPTY));
        full.push(await sample(FULL));
      }
    }
    await api.close();
    const m = { full: median(full.map((s) => s.renderMs)), empty: median(empty.map((s) => s.renderMs)) };
    return { size, tasks: options.tasks, runs: options.runs, full, empty, median: { ...m, ratio: m.full / m.empty, rowsMs: m.full - m.empty } };
  } finally {
    await browser.close();
    await connection.close().catch(() => {});
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function report(r: ConsoleBench): string {
  const lines = [
    'Officer console — size (web/dist)',
    ...r.size.files.map((f) => `  ${f.file.padEnd(34)} ${kb(f.bytes).padStart(10)}   gzip ${kb(f.gzipBytes).padStart(9)}`),
    `  first load (html + js + css)       ${kb(r.size.firstLoad.bytes).padStart(10)}   gzip ${kb(r.size.firstLoad.gzipBytes).padStart(9)}`,
    '',
    `First render of the inbox, from navigation to the rows on screen (median of ${r.runs}, Chromium, 1920×1080)`,
    `  inbox with ${r.tasks} tasks                 ${r.median.full.toFixed(0).padStart(6)} ms   (rows rendered: ${r.full[0]?.rows})`,
    `  baseline: the same with no tasks       ${r.median.empty.toFixed(0).padStart(6)} ms   (rows rendered: ${r.empty[0]?.rows})`,
    `  ratio ${r.tasks} tasks ÷ baseline            ${r.median.ratio.toFixed(2).padStart(6)}`,
    `  cost of the ${r.tasks} rows (difference)      ${r.median.rowsMs.toFixed(0).padStart(6)} ms`,
    `  GraphQL tasks request, median          ${median(r.full.map((s) => s.inboxRequestMs))
      .toFixed(0)
      .padStart(6)} ms (${r.tasks} tasks) / ${median(r.empty.map((s) => s.inboxRequestMs)).toFixed(0)} ms (none)`,
  ];
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  runMain('bench:console', async () => {
    const { values } = parseArgs({ options: { tasks: { type: 'string', default: '100' }, runs: { type: 'string', default: '7' }, json: { type: 'boolean', default: false } } });
    const result = await benchConsole({ tasks: Number(values.tasks), runs: Number(values.runs), log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${report(result)}\n`);
  });
