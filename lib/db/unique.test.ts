import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS, useTestDatabase } from '../../test/support/database.ts';
import { createUnlessExists } from './unique.ts';

describe.each(DATABASE_KINDS)('createUnlessExists on %s', (kind) => {
  const db = useTestDatabase(kind);

  it('inserts once and reports the duplicate, whichever adapter reports it', async () => {
    const data = { id: `key-${kind}-${Date.now()}`, name: 'n', clientId: 'c', prefix: `${Date.now()}`.slice(-8), hash: 'h', scopes: [] };
    expect(await createUnlessExists(() => db().prisma.apiKey.create({ data }))).toBe(true);
    expect(await createUnlessExists(() => db().prisma.apiKey.create({ data }))).toBe(false);
    await expect(createUnlessExists(() => db().prisma.apiKey.create({ data: { ...data, id: `${data.id}-2`, name: null as never } }))).rejects.toThrow();
  });
});
