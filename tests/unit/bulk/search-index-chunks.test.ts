import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runChunk } from '../../../electron/core/bulk/runChunk.ts';
import { CONTACT_SEARCH_INDEXES } from '../../../electron/core/contacts/searchIndexes.ts';
import type { Contact, Page } from '../../../shared/domain.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';

// Bulk chunks write the search indexes with secure-delete off (withoutFtsSecureDelete). Every other
// writer must find the settings as they were, and the indexes must stay consistent and answer
// exactly the live contacts.

type T = Awaited<ReturnType<typeof testCore>>;
let t: T | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/** Both settings of every contact search index in effect (no automerge row means FTS5's default, 4). */
const settings = (db: Database) =>
  CONTACT_SEARCH_INDEXES.map((index) => {
    const value = (k: string) => db.prepare(`SELECT v FROM ${index}_config WHERE k = ?`).pluck().get(k);
    return { index, secureDelete: value('secure-delete'), automerge: value('automerge') ?? 4 };
  });

const integrityCheck = (db: Database) => {
  for (const index of CONTACT_SEARCH_INDEXES)
    db.prepare(`INSERT INTO ${index}(${index}, rank) VALUES ('integrity-check', 0)`).run();
};

describe('search indexes written by bulk chunks', () => {
  it('keep secure-delete (and automerge) as they were between chunks, stay consistent, and find exactly the live contacts', async () => {
    t = await testCore({ now: fakeClock() });
    const db = t.core.db;
    const ids = insertContacts(db, 1200, { light: true });
    const before = settings(db);
    expect(before.map((s) => s.secureDelete)).toEqual([1, 1]);

    const half = ids.filter((_, i) => i % 2 === 0);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: half });
    for (let turn = 0; turn < 200; turn++) {
      const r = runChunk(t.core.ctx, bulkActionId, 50);
      // Between chunks (where any other call runs) the settings are the stored ones.
      expect(settings(db)).toEqual(before);
      if (r.status === 'complete') break;
    }
    integrityCheck(db);
    const search = await t.call<Page<Contact>>('contacts.list', { query: 'contact', limit: 500 });
    expect(search.total).toBe(600);
    expect(new Set(search.rows.map((c) => c.id)).size).toBe(500);
    expect(search.rows.every((c) => !half.includes(c.id))).toBe(true);

    const { bulkActionId: restore } = await t.call<{ bulkActionId: string }>('bulkActions.restore', {
      id: bulkActionId,
    });
    for (let turn = 0; turn < 200; turn++) if (runChunk(t.core.ctx, restore, 50).status === 'complete') break;
    expect(settings(db)).toEqual(before);
    integrityCheck(db);
    expect((await t.call<Page<Contact>>('contacts.list', { query: 'contact', limit: 1 })).total).toBe(1200);
  });
});
