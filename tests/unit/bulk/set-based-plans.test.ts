import { afterEach, expect, it } from 'vitest';
import { DELETE_STATEMENTS } from '../../../electron/core/lifecycle/deleteRules.ts';
import { RESTORE_STATEMENTS } from '../../../electron/core/lifecycle/restoreRules.ts';
import { testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>> | undefined;
afterEach(async () => t?.cleanup());

// Each UPDATE of a delete or restore (a bulk chunk's, or a single contact's: the same statements over a
// set of one) must reach its rows through the set's contact ids. A plan that starts from
// the deletion (idx_*_deletion_id, idx_contacts_deletion) reads every row the deletion still holds
// in every chunk, and a bulk action gets slower the bigger it is.
it('set-based chunk statements look rows up by the chunk contact ids, never by the whole deletion', async () => {
  t = await testCore();
  const params = { ids: '["x"]', at: 1, d: 'd' };
  for (const sql of [...DELETE_STATEMENTS, ...RESTORE_STATEMENTS]) {
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
