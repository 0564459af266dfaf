import type { Database as Db } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ContactCreateInput, RelatedCreateInput } from '../../../shared/contract.ts';
import { RELATED_KINDS } from '../../../shared/domain.ts';
import { openDatabase } from '../../../electron/core/db/open.ts';
import { seedDatabase } from '../../../electron/core/seed/seedDatabase.ts';
import { dumpDatabase, fakeClock, testCore } from '../../helpers/core.ts';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TABLES = {
  conversation: 'conversations',
  message: 'messages',
  note: 'notes',
  opportunity: 'opportunities',
  task: 'tasks',
  appointment: 'appointments',
  manualAction: 'manual_actions',
} as const;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function seeded(opts: {
  contacts: number;
  related?: number;
  seed?: number;
  fts?: 'trigger' | 'bulk';
  batchSize?: number;
}) {
  const t = await testCore({ now: fakeClock(NOW) });
  cleanups.push(t.cleanup);
  const result = seedDatabase(t.core.db, {
    contacts: opts.contacts,
    relatedPerContact: opts.related ?? 5,
    seed: opts.seed ?? 7,
    now: NOW,
    fts: opts.fts,
    batchSize: opts.batchSize ?? 100,
  });
  return { ...t, db: t.core.db, result };
}

const count = (db: Db, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('seedDatabase', () => {
  it('writes the asked number of contacts with related rows of every kind, as counted', async () => {
    const { db, result } = await seeded({ contacts: 300, related: 8 });
    expect(result.contacts).toBe(300);
    expect(result.skipped).toBe(0);
    expect(count(db, 'contacts')).toBe(300);
    let total = 0;
    for (const kind of RELATED_KINDS) {
      expect(count(db, TABLES[kind]), kind).toBe(result.related[kind]);
      expect(result.related[kind], kind).toBeGreaterThan(0);
      total += result.related[kind];
    }
    // 0 to 2x per contact: about 8 on average.
    expect(total / 300).toBeGreaterThan(6);
    expect(total / 300).toBeLessThan(10);
    // Every related row belongs to a seeded contact and to the conversation of its own contact.
    const orphans = db
      .prepare(
        `SELECT count(*) FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.contact_id <> m.contact_id`,
      )
      .pluck()
      .get();
    expect(orphans).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('writes rows the way the services do: unique lowercase emails, phone digits, tags mirrored, UUIDv7 ids', async () => {
    const { db } = await seeded({ contacts: 400, related: 3 });
    const rows = db.prepare('SELECT * FROM contacts').all() as Record<string, unknown>[];
    const emails = rows.map((r) => r.email).filter((e) => e !== null) as string[];
    const phones = rows.map((r) => r.phone_digits).filter((p) => p !== null) as string[];
    expect(emails.length).toBeGreaterThan(350);
    expect(phones.length).toBeGreaterThan(320);
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(phones).size).toBe(phones.length);
    for (const r of rows) {
      expect(r.id).toMatch(UUID_V7);
      if (r.email !== null) expect(r.email).toBe((r.email as string).toLowerCase());
      expect(r.phone_digits).toBe(r.phone === null ? null : (r.phone as string).replace(/\D/g, ''));
      const tags = JSON.parse(r.tags as string) as string[];
      expect(tags.length).toBeLessThanOrEqual(3);
      const mirrored = db.prepare('SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag').pluck().all(r.id);
      expect(mirrored).toEqual([...tags].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(r.created_at as number).toBeLessThanOrEqual(NOW);
      expect(r.updated_at as number).toBeGreaterThanOrEqual(r.created_at as number);
      expect(r.deleted_at).toBeNull();
      // What the create form would accept.
      const parsed = ContactCreateInput.safeParse({
        firstName: r.first_name,
        lastName: r.last_name,
        email: r.email,
        phone: r.phone,
        company: r.company,
        tags,
        source: r.source,
      });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
    for (const kind of RELATED_KINDS) {
      const ids = db.prepare(`SELECT id FROM ${TABLES[kind]}`).pluck().all() as string[];
      for (const id of ids) expect(id).toMatch(UUID_V7);
    }
  });

  it('writes related records the related.create form would accept', async () => {
    const { db } = await seeded({ contacts: 60, related: 10 });
    const one = <T>(sql: string) => db.prepare(sql).all() as T[];
    const inputs: unknown[] = [
      ...one<Record<string, unknown>>('SELECT * FROM conversations').map((r) => ({
        kind: 'conversation',
        contactId: r.contact_id,
        channel: r.channel,
        subject: r.subject,
      })),
      ...one<Record<string, unknown>>('SELECT * FROM messages').map((r) => ({
        kind: 'message',
        contactId: r.contact_id,
        conversationId: r.conversation_id,
        body: r.body,
        direction: r.direction,
        sentAt: r.sent_at,
      })),
      ...one<Record<string, unknown>>('SELECT * FROM notes').map((r) => ({
        kind: 'note',
        contactId: r.contact_id,
        body: r.body,
      })),
      ...one<Record<string, unknown>>('SELECT * FROM opportunities').map((r) => ({
        kind: 'opportunity',
        contactId: r.contact_id,
        name: r.name,
        value: r.value,
        pipeline: r.pipeline,
        stage: r.stage,
        status: r.status,
      })),
      ...one<Record<string, unknown>>('SELECT * FROM tasks').map((r) => ({
        kind: 'task',
        contactId: r.contact_id,
        title: r.title,
        dueAt: r.due_at,
        done: r.done === 1,
      })),
      ...one<Record<string, unknown>>('SELECT * FROM appointments').map((r) => ({
        kind: 'appointment',
        contactId: r.contact_id,
        title: r.title,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        location: r.location,
      })),
      ...one<Record<string, unknown>>('SELECT * FROM manual_actions').map((r) => ({
        kind: 'manualAction',
        contactId: r.contact_id,
        type: r.type,
        dueAt: r.due_at,
        status: r.status,
        note: r.note,
      })),
    ];
    expect(inputs.length).toBeGreaterThan(300);
    for (const input of inputs) {
      const parsed = RelatedCreateInput.safeParse(input);
      expect(parsed.success, JSON.stringify(input) + JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('is found by search through the live services, by name, email and phone digits', async () => {
    const { db, call } = await seeded({ contacts: 200, related: 1 });
    const c = db
      .prepare('SELECT * FROM contacts WHERE email IS NOT NULL AND phone IS NOT NULL LIMIT 1')
      .get() as Record<string, string>;
    const has = async (query: string) => {
      const page = await call<{ rows: { id: string }[] }>('contacts.list', { query, limit: 500 });
      return page.rows.some((r) => r.id === c.id);
    };
    expect(await has(c.last_name!.slice(0, 3))).toBe(true);
    expect(await has(c.email!)).toBe(true);
    expect(await has(c.phone_digits!.slice(-7))).toBe(true);
    const got = await call<{ contact: { id: string }; related: unknown }>('contacts.get', { id: c.id });
    expect(got.contact.id).toBe(c.id);
    // Throws SQLITE_CORRUPT_VTAB if the index does not match the contacts table.
    expect(() =>
      db.prepare("INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('integrity-check', 1)").run(),
    ).not.toThrow();
  });

  it('is deterministic for a seed, and differs for another seed', async () => {
    const a = await seeded({ contacts: 150, related: 4, seed: 11 });
    const b = await seeded({ contacts: 150, related: 4, seed: 11, batchSize: 37 });
    const c = await seeded({ contacts: 150, related: 4, seed: 12 });
    expect(dumpDatabase(a.db)).toEqual(dumpDatabase(b.db));
    expect(dumpDatabase(a.db).contacts).not.toEqual(dumpDatabase(c.db).contacts);
  });

  it('fills the same full-text index with the insert trigger or in bulk, and puts the trigger back', async () => {
    const a = await seeded({ contacts: 250, related: 0, fts: 'trigger' });
    const b = await seeded({ contacts: 250, related: 0, fts: 'bulk', batchSize: 60 });
    const terms = (db: Db) => {
      db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, 'contacts_fts', 'instance')");
      return db.prepare('SELECT term, doc, col, offset FROM temp.v ORDER BY 1, 2, 3, 4').all();
    };
    expect(terms(b.db)).toEqual(terms(a.db));
    expect(() =>
      b.db.prepare("INSERT INTO contacts_fts(contacts_fts, rank) VALUES ('integrity-check', 1)").run(),
    ).not.toThrow();
    const trigger = (db: Db) =>
      db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'contacts_fts_insert'").pluck().get();
    expect(trigger(b.db)).toBe(trigger(a.db));
    // A contact created afterwards is still indexed by the trigger.
    const created = await b.call<{ id: string }>('contacts.create', { firstName: 'Zebulon', lastName: 'Quixote' });
    const page = await b.call<{ rows: { id: string }[] }>('contacts.list', { query: 'Zebul' });
    expect(page.rows.map((r) => r.id)).toEqual([created.id]);
  });

  it('adds to a database that already has contacts without clashing, and skips a clash with a live contact', async () => {
    const t = await seeded({ contacts: 100, related: 1, seed: 3 });
    const again = seedDatabase(t.db, { contacts: 100, relatedPerContact: 1, seed: 3, now: NOW + 1, batchSize: 100 });
    expect(again.contacts).toBe(100);
    expect(count(t.db, 'contacts')).toBe(200);
    expect(t.db.pragma('foreign_key_check')).toEqual([]);
  });

  it('opens and seeds a database file the way scripts/seed.ts does', async () => {
    const { db } = await openDatabase({ file: ':memory:' });
    const r = seedDatabase(db, { contacts: 50, relatedPerContact: 2, now: NOW });
    expect(r.contacts).toBe(50);
    db.close();
  });
});
