import { afterEach, expect, it } from 'vitest';
import { DELETE_CONTACTS, DELETE_OWNED } from '../../../electron/core/bulk/deleteChunk.ts';
import { RESTORE } from '../../../electron/core/bulk/restoreChunk.ts';
import { testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>> | undefined;
afterEach(async () => t?.cleanup());

// Each chunk's UPDATE must reach its rows through the chunk's contact ids. A plan that starts from
// the deletion (idx_*_deletion_id, idx_contacts_deletion) reads every row the deletion still holds
// in every chunk, and a bulk action gets slower the bigger it is.
it('set-based chunk statements look rows up by the chunk contact ids, never by the whole deletion', async () => {
  t = await testCore();
  const params = { a: 'a', lo: 1, hi: 2, at: 1, d: 'd' };
  for (const sql of [DELETE_CONTACTS, ...DELETE_OWNED, ...RESTORE]) {
    const plan = (t.core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map(
      (r) => r.detail,
    );
    const table = /UPDATE (\w+)/.exec(sql)![1]!;
    const main = plan.find((d) => d.startsWith(`SEARCH ${table} `));
    expect(main, `${table}: ${plan.join(' | ')}`).toMatch(
      table === 'contacts' ? /sqlite_autoindex_contacts_1 \(id=\?\)/ : /\(contact_id=\?/,
    );
  }
});
