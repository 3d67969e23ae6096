// `npm run staff -- import FILE [--deactivate-missing]` loads the staff directory from a JSON
// export of the identity provider or HR system: [{ "id", "department", "roles", "displayName", "email" }].
// `npm run staff -- list` prints it. The directory decides who a task may be reassigned to.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parseStaffFile, syncStaff, type StaffEntry } from '../api/staff/directory.ts';
import { loadConfig } from '../lib/config.ts';
import { openDatabase } from '../lib/db/client.ts';
import { runMain, StartupError } from '../lib/startup.ts';

runMain('staff', async () => {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'deactivate-missing': { type: 'boolean', default: false } } });
  const [command, file] = positionals;
  if (command !== 'import' && command !== 'list') throw new StartupError('usage: npm run staff -- import FILE [--deactivate-missing] | list');
  let entries: StaffEntry[] = [];
  if (command === 'import') {
    if (!file) throw new StartupError('import needs the JSON file of the staff directory');
    const parsed = parseStaffFile(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.ok) throw new StartupError(`${file}: ${parsed.problems.join('; ')}`);
    entries = parsed.entries;
  }
  const db = await openDatabase(loadConfig());
  try {
    if (command === 'import') {
      const r = await syncStaff(db.prisma, entries, { deactivateOthers: values['deactivate-missing']! });
      console.log(`staff directory: ${r.upserted} active from ${file}, ${r.deactivated} deactivated`);
    } else {
      for (const m of await db.prisma.staffMember.findMany({ orderBy: [{ department: 'asc' }, { id: 'asc' }] })) {
        console.log(`${m.active ? 'active  ' : 'inactive'} ${m.id}\t${m.department ?? '-'}\t${m.roles.join(',')}\t${m.displayName ?? ''}`);
      }
    }
  } finally {
    await db.close();
  }
});
