import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runChunk } from '../../../electron/core/bulk/runChunk.ts';
import { deleteRelated } from '../../../electron/core/related/deleteRelated.ts';
import { dumpDatabase, fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';
import { restoreEachItemByItem, runItemByItem } from './perItemReference.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
let reference: Database.Database | undefined;
afterEach(async () => {
  reference?.close();
  reference = undefined;
  await t?.cleanup();
});

async function setup() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  await t.call('settings.update', { profileName: 'Ann' });
  return { clock, db: t.core.db };
}

/** Items the snapshot could not hold: an id that never existed, no id at all, a contact named twice. */
function addOddItems(db: Database.Database, actionId: string, contactIds: (string | null)[]) {
  const last = db.prepare('SELECT max(seq) FROM bulk_action_items WHERE action_id = ?').pluck().get(actionId) as number;
  const add = db.prepare('INSERT INTO bulk_action_items (action_id, seq, contact_id) VALUES (?, ?, ?)');
  contactIds.forEach((c, i) => add.run(actionId, last + 1 + i, c));
  db.prepare('UPDATE bulk_actions SET total = total + ? WHERE id = ?').run(contactIds.length, actionId);
}

/** The action's items in seq order with their contact, state and code. */
const itemStates = (db: Database.Database, actionId: string) =>
  db
    .prepare('SELECT contact_id AS contact, state, code FROM bulk_action_items WHERE action_id = ? ORDER BY seq')
    .all(actionId) as { contact: string | null; state: string; code: string | null }[];

/** Contact ids of the action's items in seq order (the order the runner takes them). */
const inSeqOrder = (db: Database.Database, actionId: string) =>
  db
    .prepare('SELECT contact_id FROM bulk_action_items WHERE action_id = ? ORDER BY seq')
    .pluck()
    .all(actionId) as string[];

/**
 * The shadow tables of the full-text indexes: how FTS5 lays out its segments depends on the order
 * of the writes (one statement per table vs row by row), not on what it finds; left out.
 */
const searchIndexTables = (db: Database.Database) => {
  const vts = db
    .prepare("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
    .pluck()
    .all() as string[];
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
  return tables.filter((t) => vts.some((v) => t === v || t.startsWith(`${v}_`)));
};

/**
 * Runs the action set-based in chunks of `size` on the core's database and item by item (the code
 * before) on a copy made now; both must leave the same rows in every table, items included. Only
 * the action row and the audit log differ in bookkeeping (counters, timestamps) and are checked apart.
 */
function runBothWays(db: Database.Database, actionId: string, at: number, size: number) {
  const image = db.serialize();
  image[18] = image[19] = 1; // an in-memory copy cannot be in WAL mode: mark the image as rollback-journal
  reference = new Database(image);
  runItemByItem(reference, actionId, at);
  let chunks = 0;
  while (runChunk(t.core.ctx, actionId, size).status === 'running') chunks++;
  const exclude = ['bulk_actions', 'audit_log', ...searchIndexTables(db)];
  expect(dumpDatabase(db, { exclude })).toEqual(dumpDatabase(reference, { exclude }));
  return chunks + 1;
}

describe('set-based bulk chunks', () => {
  it.each([100, 3])('a bulk delete with mixed items (chunks of %i) changes what item-by-item did', async (size) => {
    const { clock, db } = await setup();
    const ids = insertContacts(db, 8);
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    const order = inSeqOrder(db, id);
    const [first, second, deletedSince, purgedSince] = order;
    // Before the delete ran: a note of one contact was deleted on its own (it keeps its own
    // deletion), one contact was deleted on its own, one was purged for good.
    const note = db.prepare('SELECT id FROM notes WHERE contact_id = ? LIMIT 1').pluck().get(second) as string;
    const { deletionId: noteDeletion } = deleteRelated(db, clock, 'note', note);
    clock.advance(1000);
    await t.call('contacts.deleteOne', { id: deletedSince });
    await t.call('contacts.deleteOne', { id: purgedSince });
    await t.call('restore.purge', { ids: [purgedSince], confirm: 'DELETE' });
    addOddItems(db, id, ['never-existed', null, first!]);
    clock.advance(1000);

    const chunks = runBothWays(db, id, clock(), size);
    expect(chunks).toBe(size === 3 ? 4 : 1);
    const done = { state: 'done', code: null };
    expect(itemStates(db, id)).toEqual([
      { contact: first, ...done },
      { contact: second, ...done },
      { contact: deletedSince, state: 'skipped', code: 'ALREADY_DELETED' },
      { contact: purgedSince, state: 'skipped', code: 'NOT_FOUND' },
      ...order.slice(4).map((contact) => ({ contact, ...done })),
      { contact: 'never-existed', state: 'skipped', code: 'NOT_FOUND' },
      { contact: null, state: 'skipped', code: 'NOT_FOUND' },
      { contact: first, state: 'skipped', code: 'ALREADY_DELETED' },
    ]);
    expect(db.prepare('SELECT status, total, processed, skipped FROM bulk_actions WHERE id = ?').get(id)).toEqual({
      status: 'complete',
      total: 11,
      processed: 11,
      skipped: 5,
    });
    const d = db.prepare('SELECT deletion_id FROM bulk_actions WHERE id = ?').pluck().get(id);
    expect(db.prepare('SELECT count(*) FROM contacts WHERE deletion_id = ?').pluck().get(d)).toBe(6);
    expect(db.prepare('SELECT deletion_id FROM notes WHERE id = ?').pluck().get(note)).toBe(noteDeletion);
  });

  it.each([100, 3])('a bulk restore with mixed items (chunks of %i) restores what item-by-item did', async (size) => {
    const { clock, db } = await setup();
    const ids = insertContacts(db, 14);
    const { bulkActionId: del } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids });
    while (runChunk(t.core.ctx, del, 100).status === 'running');
    const { bulkActionId: id } = await t.call<{ bulkActionId: string }>('bulkActions.restore', { id: del });
    const [p1, p2, p3, p4, p5, p6, backAlone, deletedAgain, purged, emailTaken, phoneTaken, ...rest] = inSeqOrder(
      db,
      id,
    );
    const field = (c: string | undefined, col: 'email' | 'phone' | 'phone_digits') =>
      db.prepare(`SELECT ${col} FROM contacts WHERE id = ?`).pluck().get(c) as string;
    // Since the restore was queued: one came back alone, one came back and was deleted again, one was purged.
    await t.call('restore.contacts', { ids: [backAlone, deletedAgain] });
    await t.call('contacts.deleteOne', { id: deletedAgain });
    await t.call('restore.purge', { ids: [purged], confirm: 'DELETE' });
    // Live contacts took one's email (in other case) and another's phone.
    await t.call('contacts.create', { firstName: 'New', email: field(emailTaken, 'email').toUpperCase() });
    await t.call('contacts.create', { firstName: 'Newer', phone: field(phoneTaken, 'phone') });
    // Within the restore (deleted rows may share values): p1 comes back first and keeps its email and
    // phone; p2 has its email in other case, p3 its phone, p4 both. p5 and p6 differ only in the case
    // of a non-ASCII letter, which SQLite's NOCASE (and so the unique index) tells apart: both come back.
    const set = db.prepare(
      'UPDATE contacts SET email = coalesce(?, email), phone_digits = coalesce(?, phone_digits) WHERE id = ?',
    );
    set.run(field(p1, 'email').toUpperCase(), null, p2);
    set.run(null, field(p1, 'phone_digits'), p3);
    set.run(field(p1, 'email'), field(p1, 'phone_digits'), p4);
    set.run('zoë@fixture.test', null, p5);
    set.run('ZOË@fixture.test', null, p6);
    addOddItems(db, id, ['never-existed', p1!, p2!]);

    runBothWays(db, id, clock(), size);
    const done = { state: 'done', code: null };
    expect(itemStates(db, id)).toEqual([
      { contact: p1, ...done },
      { contact: p2, state: 'skipped', code: 'CONFLICT' },
      { contact: p3, state: 'skipped', code: 'CONFLICT' },
      { contact: p4, state: 'skipped', code: 'CONFLICT' },
      { contact: p5, ...done },
      { contact: p6, ...done },
      { contact: backAlone, state: 'skipped', code: 'ALREADY_LIVE' },
      { contact: deletedAgain, state: 'skipped', code: 'DELETED_AGAIN' },
      { contact: purged, state: 'skipped', code: 'PURGED' },
      { contact: emailTaken, state: 'skipped', code: 'CONFLICT' },
      { contact: phoneTaken, state: 'skipped', code: 'CONFLICT' },
      ...rest.map((contact) => ({ contact, ...done })),
      { contact: 'never-existed', state: 'skipped', code: 'NOT_FOUND' },
      { contact: p1, state: 'skipped', code: 'ALREADY_LIVE' },
      { contact: p2, state: 'skipped', code: 'CONFLICT' },
    ]);
    const reasons = db
      .prepare("SELECT reason FROM bulk_action_items WHERE action_id = ? AND code = 'CONFLICT' ORDER BY seq")
      .pluck()
      .all(id);
    expect(reasons).toEqual([
      'its email is now used by another contact',
      'its phone number is now used by another contact',
      'its email and phone number are now used by other contacts',
      'its email is now used by another contact',
      'its phone number is now used by another contact',
      'its email is now used by another contact',
    ]);
    expect(db.prepare('SELECT processed, skipped FROM bulk_actions WHERE id = ?').get(id)).toEqual({
      processed: 17,
      skipped: 11,
    });
  });

  it('the Restore tab (each contact from its own deletion) restores what item-by-item did', async () => {
    const { db } = await setup();
    const ids = insertContacts(db, 12);
    const { bulkActionId: del } = await t.call<{ bulkActionId: string }>('contacts.delete', { ids: ids.slice(0, 8) });
    while (runChunk(t.core.ctx, del, 100).status === 'running');
    for (const id of ids.slice(8, 11)) await t.call('contacts.deleteOne', { id });
    const [a, b, c, , , , , , s1, s2] = ids;
    const set = db.prepare('UPDATE contacts SET email = ?, phone_digits = coalesce(?, phone_digits) WHERE id = ?');
    set.run('same@fixture.test', null, a); // a (bulk) and s1 (single) share an email: the first named wins
    set.run('SAME@fixture.test', null, s1);
    set.run('taken@fixture.test', null, b); // b's email is held by a live contact
    await t.call('contacts.create', { firstName: 'Live', email: 'Taken@fixture.test' });
    await t.call('restore.purge', { ids: [c], confirm: 'DELETE' });
    const chosen = [s1!, a!, b!, c!, s2!, ids[11]!, 'never-existed', ...ids.slice(3, 8), s1!];

    const image = db.serialize();
    image[18] = image[19] = 1;
    reference = new Database(image);
    const oracle = restoreEachItemByItem(reference, chosen);
    const result = await t.call<{ restored: string[]; skipped: { id: string; code: string }[] }>('restore.contacts', {
      ids: chosen.filter((id) => id !== 'never-existed'),
    });
    const exclude = ['audit_log', ...searchIndexTables(db)];
    expect(dumpDatabase(db, { exclude })).toEqual(dumpDatabase(reference, { exclude }));
    expect(result.restored).toEqual([s1, s2, ...ids.slice(3, 8)]);
    expect(result.skipped.map((x) => x.code)).toEqual(['CONFLICT', 'CONFLICT', 'PURGED', 'ALREADY_LIVE']);
    expect(oracle.map((o) => (o.state === 'done' ? 'done' : o.code))).toEqual([
      'done', 'CONFLICT', 'CONFLICT', 'PURGED', 'done', 'ALREADY_LIVE', 'NOT_FOUND', 'done', 'done', 'done', 'done', 'done',
    ]);
  });
});
