import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/domain.ts';
import { DB_FILE_NAME } from '../../../electron/core/core.ts';
import { PurgeScheduler } from '../../../electron/core/lifecycle/purgeScheduler.ts';
import { deleteRelated } from '../../../electron/core/related/deleteRelated.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { count, insertContacts, lifecycleOf, OWNED } from '../../helpers/fixtures.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

async function setup() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  await t.call('settings.update', { profileName: 'Ann' });
  return { clock, db: t.core.db };
}

/** Values only the doomed contact holds: none of them may survive its purge anywhere in the files. */
const SECRETS = ['doomed-7q2xk@unique.example', 'Quuxington', 'Zebediah', 'secret-note-body-8812', '4155550199'];

function fileBytes(dataDir: string): Buffer {
  const main = path.join(dataDir, DB_FILE_NAME);
  const parts = [fs.readFileSync(main)];
  for (const extra of ['-wal', '-journal']) if (fs.existsSync(main + extra)) parts.push(fs.readFileSync(main + extra));
  return Buffer.concat(parts);
}
const occurs = (bytes: Buffer, s: string) => bytes.includes(Buffer.from(s)) || bytes.includes(Buffer.from(s.toLowerCase()));

function makeDoomed(db: T['core']['db']): string {
  const [id] = insertContacts(db, 1, { prefix: 'doomed' });
  db.prepare(
    "UPDATE contacts SET first_name = 'Zebediah', last_name = 'Quuxington', email = ?, phone = '+1 415 555 0199', phone_digits = '4155550199' WHERE id = ?",
  ).run(SECRETS[0], id);
  db.prepare("UPDATE notes SET body = 'secret-note-body-8812' WHERE contact_id = ?").run(id);
  return id!;
}

describe('purge', () => {
  it('purges nothing at 59 days 23 hours; past 60 days the contact and every row are gone, with no byte left', async () => {
    const { clock, db } = await setup();
    insertContacts(db, 200); // neighbours that share pages with the doomed contact
    const id = makeDoomed(db);
    const deletedAt = clock();
    await t.call('contacts.deleteOne', { id });
    expect(occurs(fileBytes(t.dataDir), SECRETS[0]!)).toBe(true); // a soft delete keeps everything

    clock.set(deletedAt + 59 * DAY_MS + 23 * 3_600_000);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 0,
      erasure: { done: true, nextAttemptAt: null },
    });
    expect(lifecycleOf(db, id)).toHaveLength(21);
    expect(count(db, 'audit_log', "action = 'purge'")).toBe(0);

    clock.set(deletedAt + 60 * DAY_MS + 1);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 1,
      erasure: { done: true, nextAttemptAt: null },
    });
    expect(count(db, 'contacts', 'id = ?', id)).toBe(0);
    for (const table of [...OWNED, 'contact_tags']) expect(count(db, table, 'contact_id = ?', id), table).toBe(0);
    expect(count(db, 'contacts')).toBe(200);
    expect(db.prepare('SELECT * FROM purged_contacts').all()).toEqual([
      { contact_id: id, purged_at: clock(), deletion_id: expect.any(String), how: 'expired' },
    ]);

    expect(fs.statSync(path.join(t.dataDir, DB_FILE_NAME + '-wal')).size).toBe(0);
    const bytes = fileBytes(t.dataDir);
    for (const s of SECRETS) expect(occurs(bytes, s), s).toBe(false);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(count(db, 'contacts_fts', "contacts_fts MATCH 'Quuxington'")).toBe(0);

    expect(await t.call('restore.contacts', { ids: [id] })).toEqual({
      restored: [],
      skipped: [{ id, code: 'PURGED', reason: 'it was purged for good and cannot be restored' }],
    });
    expect(await t.call('restore.preview', { ids: [id] })).toMatchObject({ contacts: [], conflicts: [], purged: [id] });
  });

  it('erases a purged contact from the search index even after it was merged into one big segment', async () => {
    const { clock, db } = await setup();
    insertContacts(db, 300, { related: false });
    const id = makeDoomed(db);
    db.exec("INSERT INTO contacts_fts(contacts_fts) VALUES ('optimize')");
    await t.call('contacts.deleteOne', { id });
    clock.advance(61 * DAY_MS);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 1,
      erasure: { done: true, nextAttemptAt: null },
    });
    const bytes = fileBytes(t.dataDir);
    for (const s of SECRETS) expect(occurs(bytes, s), s).toBe(false);
    // The live contacts are still found.
    expect(count(db, 'contacts_fts', "contacts_fts MATCH 'First*'")).toBe(300);
  });

  it('purges the contacts of a bulk delete past retention, and the delete says so', async () => {
    const { clock, db } = await setup();
    const ids = insertContacts(db, 40);
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: ids.slice(0, 30) });
    t.core.runner.start();
    await t.core.runner.idle();
    await t.call('restore.contacts', { ids: ids.slice(0, 10) });
    clock.advance(60 * DAY_MS + 1);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 20,
      erasure: { done: true, nextAttemptAt: null },
    });
    expect(count(db, 'contacts')).toBe(20);
    expect(await t.call('bulkActions.get', { id: bulkActionId })).toMatchObject({
      statusLabel: 'Complete · 10 of 30 restored · 20 purged',
      restorable: false,
    });
  });

  it('purges a related record deleted on its own past retention, leaving its live contact alone', async () => {
    const { clock, db } = await setup();
    const [id] = insertContacts(db, 1);
    const note = db.prepare('SELECT id FROM notes WHERE contact_id = ? LIMIT 1').pluck().get(id) as string;
    const { deletionId } = deleteRelated(db, clock, 'note', note);
    clock.advance(60 * DAY_MS);
    await t.call('lifecycle.purgeExpired', {});
    expect(count(db, 'notes', 'id = ?', note)).toBe(1); // exactly 60 days: not yet
    clock.advance(1);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 0,
      erasure: { done: true, nextAttemptAt: null },
    });
    expect(count(db, 'notes', 'id = ?', note)).toBe(0);
    expect(count(db, 'notes', 'contact_id = ? AND deleted_at IS NULL', id)).toBe(2);
    expect(db.prepare('SELECT purged_at FROM deletions WHERE id = ?').pluck().get(deletionId)).toBe(clock());
    expect(lifecycleOf(db, id!)).toHaveLength(20);
  });

  it('follows the retention setting', async () => {
    const { clock, db } = await setup();
    const [id] = insertContacts(db, 1, { related: false });
    await t.call('contacts.deleteOne', { id });
    await t.call('settings.update', { retentionDays: 7 });
    const list = await t.call<{ rows: { purgeAt: number }[] }>('restore.list', {});
    expect(list.rows[0]!.purgeAt).toBe(clock() + 7 * DAY_MS);
    clock.advance(7 * DAY_MS + 1);
    expect(await t.call('lifecycle.purgeExpired', {})).toEqual({
      purged: 1,
      erasure: { done: true, nextAttemptAt: null },
    });
    expect(count(db, 'contacts')).toBe(0);
  });

  it('permanently deletes chosen deleted contacts now, refusing live ones', async () => {
    const { db } = await setup();
    const [a, b, live] = insertContacts(db, 3);
    await t.call('contacts.deleteOne', { id: a });
    await t.call('contacts.deleteOne', { id: b });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await t.call('restore.purge', { ids: [a, live, unknown], confirm: 'DELETE' })).toEqual({
      purged: 1,
      erasure: { done: true, nextAttemptAt: null },
    });
    expect(count(db, 'contacts', 'id = ?', a)).toBe(0);
    expect(lifecycleOf(db, live!).every((r) => r.deleted_at === null)).toBe(true);
    expect(lifecycleOf(db, live!)).toHaveLength(21);
    expect(lifecycleOf(db, b!).every((r) => r.deleted_at !== null)).toBe(true);
    expect(db.prepare('SELECT how FROM purged_contacts WHERE contact_id = ?').pluck().get(a)).toBe('permanent');
    const skipped = (await t.call<{ skipped: { code: string }[] }>('restore.contacts', { ids: [a] })).skipped;
    expect(skipped[0]!.code).toBe('PURGED');
  });

  it('the scheduler purges at start-up as the system actor, and stops cleanly', async () => {
    const { clock, db } = await setup();
    const [id] = insertContacts(db, 1, { related: false });
    await t.call('contacts.deleteOne', { id });
    clock.advance(61 * DAY_MS);
    const scheduler = new PurgeScheduler(t.core.ctx);
    scheduler.start();
    expect(await scheduler.runOnce()).toBe(1);
    scheduler.stop();
    expect(count(db, 'contacts')).toBe(0);
    expect(db.prepare("SELECT actor, count FROM audit_log WHERE action = 'purge'").all()).toEqual([
      { actor: 'system', count: 1 },
    ]);
  });
});

describe('purge cut short', () => {
  it('finishes erasing the search index on the next pass when the app quit mid-merge', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    const db = t.core.db;
    insertContacts(db, 300, { related: false });
    const id = makeDoomed(db);
    db.exec("INSERT INTO contacts_fts(contacts_fts) VALUES ('optimize')");
    await t.call('contacts.deleteOne', { id });
    clock.advance(61 * DAY_MS);
    // The first pass is stopped right after its purge chunk, before any merge step.
    const { purgeExpired } = await import('../../../electron/core/lifecycle/purgeExpired.ts');
    let calls = 0;
    expect(await purgeExpired(t.core.ctx, { shouldStop: () => ++calls > 2 })).toBe(1);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'lifecycle.searchEraseDue'").pluck().get()).toBe('true');
    expect(occurs(fileBytes(t.dataDir), 'Quuxington')).toBe(true); // the index still holds its words
    // The next pass purges nothing, but erases what is left.
    expect(await purgeExpired(t.core.ctx)).toBe(0);
    expect(db.prepare("SELECT count(*) FROM settings WHERE key = 'lifecycle.searchEraseDue'").pluck().get()).toBe(0);
    const bytes = fileBytes(t.dataDir);
    for (const s of SECRETS) expect(occurs(bytes, s), s).toBe(false);
  });
});
