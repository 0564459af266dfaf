import type { Database, Statement } from 'better-sqlite3';
import { RELATED_KINDS, type RelatedCounts } from '../../../shared/domain.ts';
import { makeContact } from './contactGen.ts';
import { buildPools } from './pools.ts';
import { Random } from './random.ts';
import { makeRelated, type RelatedSink } from './relatedGen.ts';
import { SeedIds } from './seedIds.ts';
import { NEXT_CONTACT_ROWID } from '../contacts/contactRowid.ts';

export interface SeedOptions {
  /** How many contacts to add. */
  contacts: number;
  /** Related rows per contact, on average (each contact gets 0 to 2x this many). Default 20. */
  relatedPerContact?: number;
  /** The same seed (on the same database state) gives the same rows. Default 1. */
  seed?: number;
  /** "Now" for the generated times: contacts were created over the 3 years before it. */
  now: number;
  /** Contacts per transaction. Default 5,000. */
  batchSize?: number;
  /**
   * How the full-text index is filled: 'trigger' lets migration 002's insert trigger index each row;
   * 'bulk' drops that trigger for each batch, indexes the batch with one INSERT ... SELECT and puts
   * the trigger back, in the same transaction. Both leave the same index. Default 'trigger'.
   */
  fts?: 'trigger' | 'bulk';
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  /** Contacts inserted (one whose email or phone is already held by a live contact is skipped). */
  contacts: number;
  skipped: number;
  related: RelatedCounts;
  ms: number;
}

const zeroCounts = (): RelatedCounts => Object.fromEntries(RELATED_KINDS.map((k) => [k, 0])) as RelatedCounts;

function prepareSink(db: Database): RelatedSink {
  const ins = (table: string, cols: string[]): Statement =>
    db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const conv = ins('conversations', ['id', 'contact_id', 'channel', 'subject', 'created_at', 'updated_at']);
  const msg = ins('messages', [
    'id',
    'contact_id',
    'conversation_id',
    'body',
    'direction',
    'sent_at',
    'created_at',
    'updated_at',
  ]);
  const note = ins('notes', ['id', 'contact_id', 'body', 'created_at', 'updated_at']);
  const opp = ins('opportunities', [
    'id',
    'contact_id',
    'name',
    'pipeline',
    'stage',
    'value',
    'status',
    'created_at',
    'updated_at',
  ]);
  const task = ins('tasks', ['id', 'contact_id', 'title', 'due_at', 'done', 'created_at', 'updated_at']);
  const appt = ins('appointments', [
    'id',
    'contact_id',
    'title',
    'starts_at',
    'ends_at',
    'location',
    'created_at',
    'updated_at',
  ]);
  const action = ins('manual_actions', [
    'id',
    'contact_id',
    'type',
    'due_at',
    'status',
    'note',
    'created_at',
    'updated_at',
  ]);
  return {
    conversation: (...a) => void conv.run(...a),
    message: (...a) => void msg.run(...a),
    note: (...a) => void note.run(...a),
    opportunity: (...a) => void opp.run(...a),
    task: (...a) => void task.run(...a),
    appointment: (...a) => void appt.run(...a),
    manualAction: (...a) => void action.run(...a),
  };
}

/** Each search index's insert trigger, and the one statement that indexes a batch of new live contacts instead. */
const BULK_FTS = [
  {
    trigger: 'contacts_fts_insert',
    // Through the index's own view (009): the names as the trigger folds them, live contacts only.
    fill: `INSERT INTO contacts_fts (rowid, first_name, last_name, email, company, phone_digits)
           SELECT rowid, first_name, last_name, email, company, phone_digits FROM contacts_search WHERE rowid > ?`,
  },
  {
    trigger: 'contacts_fts_phone_insert',
    fill: `INSERT INTO contacts_fts_phone (rowid, phone_digits)
           SELECT rowid, phone_digits FROM contacts WHERE rowid > ? AND deleted_at IS NULL AND phone_digits IS NOT NULL`,
  },
];

/**
 * Fills a migrated database with realistic contacts and their related records, as the services
 * would have written them: emails lowercased, phone_digits the phone's digits, tags as a JSON array
 * mirrored in contact_tags, times in Unix ms, UUIDv7 ids. Emails and phones are unique by
 * construction (they embed the contact's index, counted on from the contacts already in the
 * database). Runs in transactions of `batchSize` contacts with prepared statements; word pools are
 * drawn from faker once.
 */
export function seedDatabase(db: Database, opts: SeedOptions): SeedResult {
  const started = performance.now();
  const seed = opts.seed ?? 1;
  const related = opts.relatedPerContact ?? 20;
  const batchSize = opts.batchSize ?? 5_000;
  const random = new Random(seed);
  const pools = buildPools(seed);
  // Ids start at `now` and count up: they sort in insertion order, like an import's.
  const ids = new SeedIds(opts.now, random);
  const nextId = () => ids.next();
  const firstIndex = (db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
  const phoneOffset = new Random(seed ^ 0x5eed).int(0, 7_999_999_999);

  const insertContact = db.prepare(
    `INSERT OR IGNORE INTO contacts (rowid, id, first_name, last_name, email, phone, phone_digits, company, tags, source, created_at, updated_at)
     VALUES (${NEXT_CONTACT_ROWID}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTag = db.prepare('INSERT OR IGNORE INTO contact_tags (tag, contact_id) VALUES (?, ?)');
  const sink = prepareSink(db);
  const counts = zeroCounts();
  let inserted = 0;
  let skipped = 0;

  // In bulk mode each index's insert trigger is dropped for the batch and put back unchanged after it.
  const bulkFts =
    opts.fts === 'bulk'
      ? BULK_FTS.flatMap(({ trigger, fill }) => {
          const row = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").get(trigger) as
            | { sql: string }
            | undefined;
          return row ? [{ trigger, fill, sql: row.sql }] : [];
        })
      : [];

  const runBatch = (from: number, to: number) => {
    const maxRowid = bulkFts.length
      ? (db.prepare('SELECT coalesce(max(rowid), 0) AS m FROM contacts').get() as { m: number }).m
      : 0;
    for (const f of bulkFts) db.exec(`DROP TRIGGER ${f.trigger}`);
    for (let i = from; i < to; i++) {
      const c = makeContact(random, pools, nextId(), firstIndex + i, phoneOffset, opts.now);
      const res = insertContact.run(
        c.id,
        c.firstName,
        c.lastName,
        c.email,
        c.phone,
        c.phoneDigits,
        c.company,
        JSON.stringify(c.tags),
        c.source,
        c.createdAt,
        c.updatedAt,
      );
      if (res.changes === 0) {
        skipped++;
        continue;
      }
      inserted++;
      for (const tag of c.tags) insertTag.run(tag, c.id);
      const n = related > 0 ? random.int(0, 2 * related) : 0;
      makeRelated(random, pools, nextId, c, n, opts.now, sink, counts);
    }
    for (const f of bulkFts) {
      db.prepare(f.fill).run(maxRowid);
      db.exec(f.sql);
    }
  };
  const batch = db.transaction(runBatch);

  for (let from = 0; from < opts.contacts; from += batchSize) {
    const to = Math.min(opts.contacts, from + batchSize);
    batch.immediate(from, to);
    opts.onProgress?.(to, opts.contacts);
  }
  return { contacts: inserted, skipped, related: counts, ms: performance.now() - started };
}
