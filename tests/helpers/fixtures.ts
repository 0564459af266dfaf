import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { NEXT_CONTACT_ROWID } from '../../electron/core/contacts/contactRowid.ts';

/** Related rows per contact the fixture makes by default: 20, of every kind. */
export const RELATED_PER_CONTACT = {
  conversations: 2,
  messagesPerConversation: 3,
  notes: 3,
  opportunities: 2,
  tasks: 3,
  appointments: 2,
  manual_actions: 2,
} as const;

export const OWNED = ['conversations', 'messages', 'notes', 'opportunities', 'tasks', 'appointments', 'manual_actions'] as const;

let serial = 0;

export interface FixtureOptions {
  /** Make each contact's related rows too (default true). */
  related?: boolean;
  /** created_at / updated_at of every row. */
  at?: number;
  /** Start of the emails: `${prefix}${n}@fixture.test`. */
  prefix?: string;
  /** Every contact gets this tag (and 'all'). */
  tag?: string;
  /** One related row of each kind (7) instead of 20: for tests that need many contacts fast. */
  light?: boolean;
}

const LIGHT = { conversations: 1, messagesPerConversation: 1, notes: 1, opportunities: 1, tasks: 1, appointments: 1, manual_actions: 1 };

/**
 * Inserts `n` live contacts by direct SQL in one transaction, each with a unique email and phone,
 * two tags, and (by default) 20 related rows: 2 conversations with 3 messages each, 3 notes,
 * 2 opportunities, 3 tasks, 2 appointments, 2 manual actions. Returns the contact ids in order.
 */
export function insertContacts(db: Database, n: number, opts: FixtureOptions = {}): string[] {
  const at = opts.at ?? Date.UTC(2026, 0, 1);
  const prefix = opts.prefix ?? 'contact';
  const related = opts.related ?? true;
  const s = {
    contact: db.prepare(
      `INSERT INTO contacts (rowid, id, first_name, last_name, email, phone, phone_digits, company, tags, source, created_at, updated_at)
       VALUES (${NEXT_CONTACT_ROWID}, ?, ?, ?, ?, ?, ?, ?, ?, 'fixture', ?, ?)`,
    ),
    tag: db.prepare('INSERT INTO contact_tags (tag, contact_id) VALUES (?, ?)'),
    conversation: db.prepare(
      "INSERT INTO conversations (id, contact_id, channel, subject, created_at, updated_at) VALUES (?, ?, 'email', ?, ?, ?)",
    ),
    message: db.prepare(
      "INSERT INTO messages (id, contact_id, conversation_id, body, direction, sent_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'inbound', ?, ?, ?)",
    ),
    note: db.prepare('INSERT INTO notes (id, contact_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
    opportunity: db.prepare(
      'INSERT INTO opportunities (id, contact_id, name, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    task: db.prepare('INSERT INTO tasks (id, contact_id, title, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    appointment: db.prepare(
      'INSERT INTO appointments (id, contact_id, title, starts_at, ends_at, location, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    manual: db.prepare(
      "INSERT INTO manual_actions (id, contact_id, type, due_at, note, created_at, updated_at) VALUES (?, ?, 'call', ?, ?, ?, ?)",
    ),
  };
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const k = ++serial;
      const id = randomUUID();
      ids.push(id);
      const digits = String(10_000_000_000 + k);
      const tags = ['all', ...(opts.tag ? [opts.tag] : [])];
      s.contact.run(id, `First${k}`, `Last${k}`, `${prefix}${k}@fixture.test`, `+${digits}`, digits, `Company ${k % 97}`, JSON.stringify(tags), at, at);
      for (const t of tags) s.tag.run(t, id);
      if (!related) continue;
      const R = opts.light ? LIGHT : RELATED_PER_CONTACT;
      for (let c = 0; c < R.conversations; c++) {
        const conv = randomUUID();
        s.conversation.run(conv, id, `Subject ${k}.${c}`, at, at);
        for (let m = 0; m < R.messagesPerConversation; m++) s.message.run(randomUUID(), id, conv, `Message ${k}.${c}.${m}`, at + m, at, at);
      }
      for (let j = 0; j < R.notes; j++) s.note.run(randomUUID(), id, `Note ${k}.${j}`, at, at);
      for (let j = 0; j < R.opportunities; j++) s.opportunity.run(randomUUID(), id, `Deal ${k}.${j}`, 1000 * (j + 1), at, at);
      for (let j = 0; j < R.tasks; j++) s.task.run(randomUUID(), id, `Task ${k}.${j}`, at + j, at, at);
      for (let j = 0; j < R.appointments; j++) s.appointment.run(randomUUID(), id, `Meeting ${k}.${j}`, at, at + 3_600_000, 'Office', at, at);
      for (let j = 0; j < R.manual_actions; j++) s.manual.run(randomUUID(), id, at + j, `Call ${k}.${j}`, at, at);
    }
  })();
  return ids;
}

/** Every row a contact owns, with its lifecycle columns: the contact first, then each owned table. */
export function lifecycleOf(db: Database, contactId: string): { table: string; id: string; deleted_at: number | null; deletion_id: string | null }[] {
  const rows = [
    { table: 'contacts', ...(db.prepare('SELECT id, deleted_at, deletion_id FROM contacts WHERE id = ?').get(contactId) as object) },
  ] as { table: string; id: string; deleted_at: number | null; deletion_id: string | null }[];
  for (const t of OWNED) {
    for (const r of db.prepare(`SELECT id, deleted_at, deletion_id FROM ${t} WHERE contact_id = ? ORDER BY id`).all(contactId) as object[])
      rows.push({ table: t, ...(r as { id: string; deleted_at: number | null; deletion_id: string | null }) });
  }
  return rows;
}

/** Tables that legitimately change when a deletion is made and undone. */
export const BOOKKEEPING_TABLES = ['deletions', 'bulk_actions', 'bulk_action_items', 'audit_log', 'purged_contacts'];

/** Count of rows in `table` matching an optional WHERE. */
export const count = (db: Database, table: string, where = '1', ...args: unknown[]) =>
  db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(...args) as number;
