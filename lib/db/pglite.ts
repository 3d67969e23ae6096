/**
 * The embedded database: PostgreSQL compiled to WebAssembly, kept in a directory under .data/.
 * PGlite allows one process at a time; a lock file turns a second opener into a clear error
 * instead of a corrupted database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export class EmbeddedDatabaseBusyError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database ${dir} is in use by process ${pid} (npm start?). ` +
        'Stop that process, or set DATABASE_URL to run the API and worker as separate processes.',
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquireLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, '..', `${path.basename(dir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(fs.readFileSync(lockFile, 'utf8')) || 0;
      if (holder && holder !== process.pid && processAlive(holder)) throw new EmbeddedDatabaseBusyError(dir, holder);
      fs.rmSync(lockFile, { force: true }); // stale lock from a crashed process
    }
  }
  throw new Error(`could not lock ${dir}`);
}

export interface EmbeddedDatabase {
  pglite: PGlite;
  close(): Promise<void>;
}

/** `dir` = a directory path, or `memory://` for a throw-away database (tests). */
export async function openEmbeddedDatabase(dir: string): Promise<EmbeddedDatabase> {
  const memory = dir.startsWith('memory://');
  const release = memory ? () => {} : acquireLock(dir);
  try {
    const pglite = await PGlite.create(memory ? undefined : dir);
    let closed = false;
    return {
      pglite,
      async close() {
        if (closed) return;
        closed = true;
        await pglite.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
