// Issue 12 item 10: no personal data of a purged contact survives anywhere — in any table (import
// rows skipped as its duplicates included), in the database file or its WAL, or in any API answer.
import { afterEach, describe, expect, it } from 'vitest';
import type { BulkAction, Contact } from '../../../shared/domain.ts';
import { DAY_MS } from '../../../shared/domain.ts';
import { PURGED_DUPLICATE_REASON } from '../../../electron/core/lifecycle/purgeContactRows.ts';
import { parseCsv } from '../../../electron/core/csv/parse.ts';
import { fakeClock, testCore } from '../../helpers/core.ts';
import { insertContacts } from '../../helpers/fixtures.ts';
import { dumpAllText, fileBytes, leaked } from '../../helpers/privacy.ts';

type T = Awaited<ReturnType<typeof testCore>>;
let t: T;
afterEach(async () => t?.cleanup());

const P = { firstName: 'Zebediah', lastName: 'Quuxington', email: 'zq-7q2xk@unique.example', phone: '+1 415 555 0199' };
const Q = { firstName: 'Ottoline', lastName: 'Keep', email: 'ok-keeper@unique.example', phone: '+1 212 555 0142' };
/** P's name, email and phone (as typed and as digits): none may survive P's purge. */
const SECRETS = ['Zebediah', 'Quuxington', 'zq-7q2xk@unique.example', '+1 415 555 0199', '4155550199'];

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const MAPPING = { firstName: 0, lastName: 1, email: 2, phone: 3 };

async function importRows(rows: string[], onDuplicate: 'skip' | 'update'): Promise<string> {
  const csv = ['First Name,Last Name,Email,Phone', ...rows].join('\n');
  const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', {
    fileName: `dupes-${onDuplicate}.csv`,
    contentBase64: b64(csv),
    mapping: MAPPING,
    onDuplicate,
  });
  t.core.runner.start();
  await t.core.runner.idle();
  await t.core.runner.stop();
  return bulkActionId;
}

/** P with related records, Q live, imports with duplicate rows of P (email clash, phone clash, and rows matching P and Q). */
async function setup() {
  const clock = fakeClock();
  t = await testCore({ now: clock });
  const db = t.core.db;
  insertContacts(db, 50); // neighbours sharing pages
  const p = await t.call<Contact>('contacts.create', P);
  await t.call<Contact>('contacts.create', Q);
  await t.call('related.create', { kind: 'note', contactId: p.id, body: 'Zebediah prefers mornings' });
  await t.call('related.create', { kind: 'task', contactId: p.id, title: 'Call Quuxington back' });
  const skip = await importRows(
    [
      `Zebediah,Quuxington,${P.email},`, // email clash
      `Zeb,Quuxington,zeb-other@x.example,${P.phone}`, // phone clash
      'Fresh,Row,fresh@x.example,',
    ],
    'skip',
  );
  const update = await importRows(
    [
      `Zebediah,Q,${P.email},${Q.phone}`, // P's email, Q's phone: matches two contacts (P first)
      `Ottoline,Z,${Q.email},${P.phone}`, // Q's email, P's phone: matches two contacts (P second)
    ],
    'update',
  );
  return { clock, db, p, skip, update };
}

async function apiAnswers(importIds: string[], otherIds: string[]): Promise<string> {
  const answers: unknown[] = [
    await t.call('bulkActions.list', { limit: 500 }),
    await t.call('audit.list', { limit: 500 }),
    await t.call('restore.list', {}),
  ];
  for (const id of importIds) {
    answers.push(await t.call('bulkActions.get', { id }), await t.call('import.errors', { id }));
  }
  for (const id of otherIds) answers.push(await t.call('bulkActions.get', { id }));
  return JSON.stringify(answers);
}

describe('a purge leaves no personal data of the contact anywhere (issue 12, item 10)', () => {
  it('skipped duplicates name the clashing field and link the contact by id, never its name, email or phone', async () => {
    const { db, p, skip, update } = await setup();
    const items = db
      .prepare(
        "SELECT action_id, seq, code, reason, contact_id, json_extract(payload, '$.alsoMatches') AS also FROM bulk_action_items WHERE state = 'skipped' ORDER BY action_id = ?, seq",
      )
      .all(update) as { code: string; reason: string; contact_id: string; also: string | null }[];
    const q = (db.prepare('SELECT id FROM contacts WHERE email = ?').pluck().get(Q.email) as string)!;
    expect(items.map(({ code, reason, contact_id, also }) => ({ code, reason, contact_id, also }))).toEqual([
      { code: 'DUPLICATE', reason: 'duplicate: another contact already has this email', contact_id: p.id, also: null },
      {
        code: 'DUPLICATE',
        reason: 'duplicate: another contact already has this phone number',
        contact_id: p.id,
        also: null,
      },
      {
        code: 'CONFLICT',
        reason: 'matches two different contacts: its email belongs to one and its phone number to another',
        contact_id: p.id,
        also: q,
      },
      {
        code: 'CONFLICT',
        reason: 'matches two different contacts: its email belongs to one and its phone number to another',
        contact_id: q,
        also: p.id,
      },
    ]);
    // Before the purge the errors file still has the cells the user needs to fix the rows.
    const errors = await t.call<{ csv: string }>('import.errors', { id: skip });
    expect(parseCsv(errors.csv).rows.map((r) => r.cells.slice(0, 3))).toEqual([
      ['2', 'duplicate: another contact already has this email', 'Zebediah'],
      ['3', 'duplicate: another contact already has this phone number', 'Zeb'],
    ]);
    // Nothing but the cells (and P's own rows) hold P's data.
    const reasons = db.prepare('SELECT group_concat(reason) FROM bulk_action_items').pluck().get() as string;
    expect(leaked(reasons, SECRETS)).toEqual([]);
  });

  for (const how of ['expired', 'permanent'] as const) {
    it(`${how === 'expired' ? 'the expired purge' : '"Delete permanently"'} erases every copy: tables, search index, file, WAL, API answers`, async () => {
      const { clock, db, p, skip, update } = await setup();
      expect(leaked(dumpAllText(db), SECRETS)).toEqual(SECRETS); // the test can see them before
      // Deleted by an "all matching" bulk delete whose filter is P's name.
      const { bulkActionId } = await t.call<{ bulkActionId: string }>('contacts.delete', {
        filter: { query: 'Quuxington' },
      });
      t.core.runner.start();
      await t.core.runner.idle();
      await t.core.runner.stop();
      expect(await t.call<BulkAction>('bulkActions.get', { id: bulkActionId })).toMatchObject({ status: 'complete' });

      if (how === 'expired') {
        clock.advance(61 * DAY_MS);
        expect(await t.call('lifecycle.purgeExpired', {})).toMatchObject({ purged: 1, erasure: { done: true } });
      } else {
        expect(await t.call('restore.purge', { ids: [p.id], confirm: 'DELETE' })).toMatchObject({
          purged: 1,
          erasure: { done: true },
        });
      }

      expect(leaked(dumpAllText(db), SECRETS)).toEqual([]);
      expect(leaked(fileBytes(t.dataDir), SECRETS)).toEqual([]);
      expect(leaked(await apiAnswers([skip, update], [bulkActionId]), SECRETS)).toEqual([]);

      // The rows that duplicated P keep their line and say why their cells are gone; the others are untouched.
      const errors = parseCsv((await t.call<{ csv: string }>('import.errors', { id: skip })).csv);
      expect(errors.rows.map((r) => r.cells)).toEqual([
        ['2', PURGED_DUPLICATE_REASON, '', '', '', ''],
        ['3', PURGED_DUPLICATE_REASON, '', '', '', ''],
      ]);
      const both = parseCsv((await t.call<{ csv: string }>('import.errors', { id: update })).csv);
      expect(both.rows.map((r) => r.cells)).toEqual([
        ['2', PURGED_DUPLICATE_REASON, '', '', '', ''],
        ['3', PURGED_DUPLICATE_REASON, '', '', '', ''],
      ]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  }

  it('rows skipped by an older Kyrios (name and email in the reason, no link) are linked or erased at the next open', async () => {
    const { db, p, skip, update } = await setup();
    // As an older Kyrios wrote them: the holder's name and value in the reason, contact_id empty.
    const old = db.prepare(
      "UPDATE bulk_action_items SET contact_id = NULL, payload = json_remove(payload, '$.alsoMatches'), reason = ? WHERE action_id = ? AND seq = ?",
    );
    old.run(`duplicate: Zebediah Quuxington already has the email ${P.email}`, skip, 1);
    old.run(`duplicate: Zebediah Quuxington already has the phone number ${P.phone}`, skip, 2);
    old.run(`matches two different contacts: Ottoline Keep already has the phone number ${Q.phone}`, update, 1);
    // A legacy row whose contact was purged before this version: nothing left to link it to.
    const [gone] = insertContacts(db, 1, { prefix: 'gone', related: false });
    const goneEmail = db.prepare('SELECT email FROM contacts WHERE id = ?').pluck().get(gone) as string;
    old.run(`duplicate: Gone Person already has the email ${goneEmail}`, update, 2);
    db.prepare(
      "UPDATE bulk_action_items SET payload = json_set(payload, '$.contact.email', ?) WHERE action_id = ? AND seq = 2",
    ).run(goneEmail, update);
    db.prepare('DELETE FROM contact_tags WHERE contact_id = ?').run(gone);
    db.prepare('DELETE FROM contacts WHERE id = ?').run(gone);
    db.prepare("DELETE FROM settings WHERE key = 'import.duplicatesLinked'").run();

    const dataDir = t.dataDir;
    await t.core.close();
    t = await testCore({ dataDir, now: fakeClock() });
    const q = t.core.db.prepare('SELECT id FROM contacts WHERE email = ?').pluck().get(Q.email) as string;
    const rows = t.core.db
      .prepare(
        "SELECT reason, contact_id, json_extract(payload, '$.alsoMatches') AS also, json_extract(payload, '$.cells') IS NOT NULL AS cells FROM bulk_action_items WHERE state = 'skipped' ORDER BY action_id = ?, seq",
      )
      .all(update);
    expect(rows).toEqual([
      { reason: 'duplicate: another contact already has this email', contact_id: p.id, also: null, cells: 1 },
      { reason: 'duplicate: another contact already has this phone number', contact_id: p.id, also: null, cells: 1 },
      {
        reason: 'matches two different contacts: its email belongs to one and its phone number to another',
        contact_id: p.id,
        also: q,
        cells: 1,
      },
      { reason: PURGED_DUPLICATE_REASON, contact_id: null, also: null, cells: 0 },
    ]);
    // Linked, so P's purge now erases them.
    await t.call('contacts.deleteOne', { id: p.id });
    await t.call('restore.purge', { ids: [p.id], confirm: 'DELETE' });
    expect(leaked(dumpAllText(t.core.db), SECRETS)).toEqual([]);
    expect(leaked(fileBytes(t.dataDir), SECRETS)).toEqual([]);
  });

  it("a file imported without a header row: the import's column names that were the purged contact's cells become 'column N'", async () => {
    const { db, p } = await setup();
    // The first row is taken as the header: P's own name, email and phone become the column names.
    const csv = [`Zebediah,Quuxington,${P.email},${P.phone}`, 'Ann,Other,ann-other@x.example,'].join('\n');
    const { bulkActionId } = await t.call<{ bulkActionId: string }>('import.start', {
      fileName: 'no-header.csv',
      contentBase64: b64(csv),
      mapping: MAPPING,
      onDuplicate: 'skip',
    });
    const untouched = await importRows(['Kept,Header,kept@x.example,'], 'skip');
    const headersOf = (id: string) =>
      JSON.parse(
        db.prepare("SELECT json_extract(params, '$.headers') FROM bulk_actions WHERE id = ?").pluck().get(id) as string,
      );
    expect(headersOf(bulkActionId)).toEqual(['Zebediah', 'Quuxington', P.email, P.phone]);
    await t.call('contacts.deleteOne', { id: p.id });
    await t.call('restore.purge', { ids: [p.id], confirm: 'DELETE' });
    expect(headersOf(bulkActionId)).toEqual(['column 1', 'column 2', 'column 3', 'column 4']);
    // a list still, as the errors file reads it (not the list's text as one string)
    const params = JSON.parse(
      db.prepare('SELECT params FROM bulk_actions WHERE id = ?').pluck().get(bulkActionId) as string,
    );
    expect(params.headers).toEqual(['column 1', 'column 2', 'column 3', 'column 4']);
    expect(headersOf(untouched)).toEqual(['First Name', 'Last Name', 'Email', 'Phone']);
    expect(leaked(dumpAllText(db), SECRETS)).toEqual([]);
    expect(leaked(await apiAnswers([bulkActionId], []), SECRETS)).toEqual([]);
  });

  it('a row refused for repeating an earlier line of its file that became the purged contact loses its cells too', async () => {
    const clock = fakeClock();
    t = await testCore({ now: clock });
    const id = await importRows(
      [
        `Zebediah,Quuxington,${P.email},${P.phone}`, // line 2: becomes P
        'Other,Person,other@x.example,', // line 3
        `Zebediah,Again,${P.email},`, // line 4: same email as line 2, refused up front
        'Third,Person,third@x.example,', // line 5
        `Again,Other,other@x.example,`, // line 6: same email as line 3 (not P): kept
      ],
      'skip',
    );
    const p = t.core.db.prepare('SELECT id FROM contacts WHERE email = ?').pluck().get(P.email) as string;
    const before = parseCsv((await t.call<{ csv: string }>('import.errors', { id })).csv);
    expect(before.rows.map((r) => r.cells.slice(0, 3))).toEqual([
      ['4', 'same email or phone as line 2 of this file', 'Zebediah'],
      ['6', 'same email or phone as line 3 of this file', 'Again'],
    ]);
    await t.call('contacts.deleteOne', { id: p });
    await t.call('restore.purge', { ids: [p], confirm: 'DELETE' });
    const after = parseCsv((await t.call<{ csv: string }>('import.errors', { id })).csv);
    expect(after.rows.map((r) => r.cells.slice(0, 3))).toEqual([
      ['4', PURGED_DUPLICATE_REASON, ''],
      ['6', 'same email or phone as line 3 of this file', 'Again'],
    ]);
    expect(leaked(dumpAllText(t.core.db), SECRETS)).toEqual([]);
  });
});
