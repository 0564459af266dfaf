// A backup of a team database restored on the same machine (docs/sync.md, "Nothing leaves a synced table
// unsent"): the purge ledger's purges (the hub's, applied here) are made again on the restored copy with
// capture off, as at open, so the DELETE guard of team databases never stops them and nothing is sent.
import { afterEach, expect, it } from 'vitest';
import type { BackupInfo } from '../../../shared/domain.ts';
import { applySlice } from '../../../electron/core/sync/applyMessages.ts';
import { installCapture } from '../../../electron/core/sync/captureTriggers.ts';
import { loadClock } from '../../../electron/core/sync/syncClock.ts';
import { inTx } from '../../../electron/core/db/tx.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';

let t: Awaited<ReturnType<typeof testCore>>;
afterEach(async () => t?.cleanup());

it("restoring a backup of a team database taken before the hub's purge: the contact stays purged", async () => {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  const db = t.core.db;
  db.prepare(
    "INSERT INTO sync_state (id, hub_url, workspace_id, member_id, member_name, device_id, device_token, role, joined_at) VALUES (1, 'http://127.0.0.1:1', 'w', 'm', 'M', 'dev1', 't', 'owner', 0)",
  ).run();
  loadClock(db);
  installCapture(db);
  const r = await t.call<{ id: string }>('contacts.create', { firstName: 'Rosalind', email: 'rv-team@unique.example' });
  await t.call('related.create', { kind: 'note', contactId: r.id, body: 'kept in the backup' });
  const before = await t.call<BackupInfo>('backups.create', {});
  clock.advance(1000);
  // the hub's purge of R, pulled and applied here (it goes to the purge ledger)
  inTx(db, (tx) => applySlice(tx, [{ message: { kind: 'purge', hlc: `${String(clock()).padStart(13, '0')}-00000-hub`, contactId: r.id }, receivedAt: clock() }]));
  expect(db.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(r.id)).toBe(0);

  await t.call('backups.restore', { name: before.name, confirm: 'RESTORE' });
  const now = t.core.db;
  expect(now.prepare('SELECT count(*) FROM contacts WHERE id = ?').pluck().get(r.id)).toBe(0);
  expect(now.prepare('SELECT count(*) FROM notes WHERE contact_id = ?').pluck().get(r.id)).toBe(0);
  // no message or bookkeeping entry of the purged contact is left on the restored copy
  for (const table of ['sync_outbox', 'sync_cells', 'sync_rows', 'sync_life'])
    expect(now.prepare(`SELECT count(*) FROM ${table} WHERE contact_id = ?`).pluck().get(r.id), table).toBe(0);
  // and the copy is still a team database whose capture works
  await t.call('contacts.create', { firstName: 'After' });
  expect(now.prepare("SELECT count(*) FROM sync_outbox WHERE kind = 'row' AND tbl = 'contacts'").pluck().get()).toBeGreaterThan(0);
});
