/**
 * The staff directory on both databases: an import is idempotent, deactivates (never deletes) the
 * members missing from a full export, and refuses a malformed export before writing anything.
 */
import { describe, expect, it } from 'vitest';
import { assigneeProblem, parseStaffFile, syncStaff } from '../api/staff/directory.ts';
import { DATABASE_KINDS, useTestDatabase } from './support/database.ts';

const social = { department: 'social-payments', role: 'officer' };

describe.each(DATABASE_KINDS)('the staff directory on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('imports idempotently, deactivates the missing, and answers who can take a task', async () => {
    const { prisma } = db();
    const first = [
      { id: 'officer-a', department: 'social-payments', roles: ['officer'] },
      { id: 'supervisor-s', department: 'social-payments', roles: ['supervisor'] },
      { id: 'officer-e', department: 'employment', roles: ['officer'] },
    ];
    expect(await syncStaff(prisma, first, { deactivateOthers: true })).toEqual({ upserted: 3, deactivated: 0 });
    expect(await syncStaff(prisma, first, { deactivateOthers: true })).toEqual({ upserted: 3, deactivated: 0 });
    expect(await prisma.staffMember.count()).toBe(3);
    expect(await assigneeProblem(prisma, 'officer-a', social)).toBeNull();
    expect(await assigneeProblem(prisma, 'supervisor-s', social)).toBeNull(); // supervisors take any task of theirs
    expect((await assigneeProblem(prisma, 'officer-e', social))?.code).toBe('not_in_group');
    expect((await assigneeProblem(prisma, 'officer-z', social))?.code).toBe('unknown_staff');
    // officer-a left: the next full export no longer lists them.
    expect(await syncStaff(prisma, first.slice(1), { deactivateOthers: true })).toEqual({ upserted: 2, deactivated: 1 });
    expect(await prisma.staffMember.findUnique({ where: { id: 'officer-a' } })).toMatchObject({ active: false });
    expect((await assigneeProblem(prisma, 'officer-a', social))?.code).toBe('inactive_staff');
    // Back in a later export: active again.
    await syncStaff(prisma, first, { deactivateOthers: false });
    expect(await assigneeProblem(prisma, 'officer-a', social)).toBeNull();
  });
});

describe('a staff export', () => {
  it('is read when well formed', () => {
    expect(parseStaffFile([{ id: 'officer-a', department: 'employment', roles: ['officer'], displayName: 'Айгерим' }])).toMatchObject({ ok: true, entries: [{ id: 'officer-a' }] });
  });

  it.each([
    [[{ id: 'officer-a', department: 'x', roles: ['officer'] }, { id: 'officer-a', department: 'x', roles: ['officer'] }], 'twice'],
    [[{ id: 'officer\u0000a', department: 'x', roles: ['officer'] }], 'id'],
    [[{ id: '900101300123', department: 'x', roles: ['officer'] }], 'id'],
    [[{ id: 'officer-a', department: null, roles: ['officer'] }], 'department'],
    [[{ id: 'officer-a', department: 'x', roles: ['root'] }], 'roles'],
    [[{ id: 'officer-a', department: 'x', roles: [] }], 'roles'],
    [{ id: 'officer-a' }, 'expected array'],
  ])('refuses %j', (data, hint) => {
    const r = parseStaffFile(data);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.problems.join('; ')).toContain(hint);
  });
});
