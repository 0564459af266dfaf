import { afterEach, expect, it } from 'vitest';
import { pendingInRange } from '../../../electron/core/bulk/itemRange.ts';
import { idSet } from '../../../electron/core/contacts/contactSet.ts';
import { deleteStatements } from '../../../electron/core/lifecycle/deleteRules.ts';
import { restoreStatements } from '../../../electron/core/lifecycle/restoreRules.ts';
import { testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>> | undefined;
afterEach(async () => t?.cleanup());

// Each UPDATE of a delete or restore (a bulk chunk's, or a single contact's: the same statements over a
// set of one) must reach its rows through the set's contact ids. A plan that starts from
// the deletion (idx_*_deletion_id, idx_contacts_deletion) reads every row the deletion still holds
// in every chunk, and a bulk action gets slower the bigger it is.
it('set-based chunk statements look rows up by the chunk contact ids, never by the whole deletion', async () => {
  t = await testCore();
  for (const set of [idSet(['x']), pendingInRange({ a: 'a', lo: 1, hi: 2 })]) {
    for (const sql of [...deleteStatements(set.sql), ...restoreStatements(set.sql)]) {
      const plan = (
        t.core.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...set.params, at: 1, d: 'd' }) as { detail: string }[]
      ).map((r) => r.detail);
      const table = /UPDATE (\w+)/.exec(sql)![1]!;
      const main = plan.find((d) => d.startsWith(`SEARCH ${table} `));
      expect(main, `${table}: ${plan.join(' | ')}`).toMatch(
        table === 'contacts' ? /sqlite_autoindex_contacts_1 \(id=\?\)/ : /\(contact_id=\?/,
      );
    }
  }
});
