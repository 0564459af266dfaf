// Shared by the database tests: the schema objects each migration must create, and a way to build a
// real database file at any schema version with rows that were valid at that version.
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from '../../../electron/core/db/migrate.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../../electron/core/db/migrations/index.ts';

/** Every table that belongs to a contact, contacts itself included: each carries deleted_at and deletion_id. */
export const CONTACT_OWNED_TABLES = [
  'contacts',
  'conversations',
  'messages',
  'notes',
  'opportunities',
  'tasks',
  'appointments',
  'manual_actions',
] as const;

const related = ['conversations', 'messages', 'notes', 'opportunities', 'tasks', 'appointments', 'manual_actions'];

/** The schema objects (type:name) each migration adds. SQLite's own sqlite_autoindex_* are left out. */
export const OBJECTS_BY_VERSION: Record<number, string[]> = {
  1: [
    ...[
      'contacts',
      'contact_tags',
      ...related,
      'deletions',
      'bulk_actions',
      'bulk_action_items',
      'audit_log',
      'settings',
    ].map((t) => `table:${t}`),
    'index:idx_contacts_live_email',
    'index:idx_contacts_live_phone',
    'index:idx_contacts_live_name',
    'index:idx_contacts_live_company',
    'index:idx_contacts_live_created',
    'index:idx_contacts_live_updated',
    'index:idx_contacts_deleted',
    'index:idx_contacts_deletion',
    'index:idx_contact_tags_contact',
    ...related.flatMap((t) => [`index:idx_${t}_live`, `index:idx_${t}_deletion`]),
    'index:idx_messages_conversation_live',
    'index:idx_deletions_bulk',
    'index:idx_bulk_actions_created',
    'index:idx_bulk_actions_unfinished',
    'index:idx_bulk_actions_source',
    'index:idx_bulk_items_pending',
    'index:idx_bulk_items_contact',
    'index:idx_audit_log_at',
  ],
  2: [
    'table:contacts_fts',
    // FTS5's shadow tables (external content, so no _content table).
    'table:contacts_fts_data',
    'table:contacts_fts_idx',
    'table:contacts_fts_docsize',
    'table:contacts_fts_config',
    'trigger:contacts_fts_insert',
    'trigger:contacts_fts_delete',
    'trigger:contacts_fts_update',
  ],
  3: ['index:idx_contacts_live_email_sort'],
  4: [
    'table:purged_contacts',
    'index:idx_purged_contacts_deletion',
    'index:idx_deletions_record_pending',
    'index:idx_messages_conversation',
    ...related.map((t) => `index:idx_${t}_deletion_id`),
  ],
  5: [
    'table:contacts_live_count',
    'trigger:contacts_live_count_insert',
    'trigger:contacts_live_count_delete',
    'trigger:contacts_live_count_update',
  ],
  6: [
    'table:contacts_fts_phone',
    'table:contacts_fts_phone_data',
    'table:contacts_fts_phone_idx',
    'table:contacts_fts_phone_docsize',
    'table:contacts_fts_phone_config',
    'trigger:contacts_fts_phone_insert',
    'trigger:contacts_fts_phone_delete',
    'trigger:contacts_fts_phone_update',
  ],
  7: ['table:bulk_action_sources', 'trigger:bulk_action_sources_end'],
  8: ['table:contacts_rowid_floor', 'trigger:contacts_rowid_floor_raise', 'trigger:contacts_rowid_never_reused'],
  // contacts_fts is recreated over this view (same name, same shadow tables and triggers).
  9: ['view:contacts_search'],
  11: ['index:idx_contacts_deleted_name', 'index:idx_contacts_deleted_by_deletion', 'index:idx_deletions_deleted_by'],
  // team mode (issue 14); 010 was reserved and is unused
  12: [
    ...['sync_state', 'sync_outbox', 'sync_cells', 'sync_life', 'sync_pending', 'sync_blocked'].map((t) => `table:${t}`),
    'index:idx_sync_outbox_contact',
    'index:idx_sync_cells_contact',
    'index:idx_sync_life_contact',
    'index:idx_sync_pending_contact',
    'trigger:sync_outbox_cell',
    'trigger:sync_outbox_life',
  ],
  // the live-email and live-phone indexes are recreated (same names) to leave marked contacts out
  13: ['index:idx_contacts_review'],
  14: ['table:sync_remote_actions'],
  // sync_outbox and its triggers are rebuilt (same names); sync_rows is new
  15: ['table:sync_rows', 'index:idx_sync_rows_contact', 'trigger:sync_outbox_row'],
  16: ['index:idx_sync_outbox_batch'],
  // 017 is reserved for the sync volume work
  18: ['table:sync_former_device'],
  19: ['table:sync_purged_rows'],
  // a team database's capture triggers are made again (installed on join, never in a solo database)
  20: [],
  // a move racing a purge: the contact a row moved here left
  21: ['table:sync_moved_from'],
};

/** The objects a database at `version` holds, sorted. */
export function expectedObjects(version: number): string[] {
  const all: string[] = [];
  for (let v = 1; v <= version; v++) all.push(...(OBJECTS_BY_VERSION[v] ?? []));
  return all.sort();
}

/** The schema objects a database holds, as type:name, sorted; SQLite's internal ones left out. */
export function schemaObjects(db: Db): string[] {
  return (
    db
      .prepare("SELECT type || ':' || name AS o FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY o")
      .all() as { o: string }[]
  ).map((r) => r.o);
}

export const userVersion = (db: Db) => db.pragma('user_version', { simple: true }) as number;

export const columnsOf = (db: Db, table: string) =>
  (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);

export const T0 = Date.UTC(2026, 0, 10, 9, 30, 0);

/** Rows valid at every schema version from 1 on: a live contact with its note and tag, and a deleted one. */
export const SEED = {
  deletions: [{ id: 'del-1', kind: 'single', bulk_action_id: null, deleted_by: 'tester', deleted_at: T0 + 1000 }],
  contacts: [
    {
      id: 'c-live',
      first_name: 'Zelda',
      last_name: 'Quimby',
      email: 'zelda.quimby@example.com',
      phone: '+1 (555) 010-9999',
      phone_digits: '15550109999',
      company: 'Orchard Works',
      tags: '["vip"]',
      source: 'web form',
      created_at: T0,
      updated_at: T0,
      deleted_at: null,
      deletion_id: null,
    },
    {
      id: 'c-gone',
      first_name: 'Xavier',
      last_name: 'Ostrander',
      email: 'xavier@example.com',
      phone: '555 010 8888',
      phone_digits: '5550108888',
      company: 'Vanished Ltd',
      tags: '[]',
      source: null,
      created_at: T0,
      updated_at: T0,
      deleted_at: T0 + 1000,
      deletion_id: 'del-1',
    },
  ],
  contact_tags: [{ tag: 'vip', contact_id: 'c-live' }],
  // Phone numbers without a country code are read as US numbers, whatever the machine's locale.
  settings: [{ key: 'phoneRegion', value: '"US"' }],
  notes: [
    {
      id: 'n-live',
      contact_id: 'c-live',
      body: 'Called about the renewal',
      created_at: T0,
      updated_at: T0,
      deleted_at: null,
      deletion_id: null,
    },
    {
      id: 'n-gone',
      contact_id: 'c-gone',
      body: 'Gone with the contact',
      created_at: T0,
      updated_at: T0,
      deleted_at: T0 + 1000,
      deletion_id: 'del-1',
    },
  ],
} satisfies Record<string, Record<string, unknown>[]>;

export function insertSeed(db: Db): void {
  db.transaction(() => {
    for (const [table, rows] of Object.entries(SEED)) {
      for (const row of rows) {
        const cols = Object.keys(row);
        db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(
          row,
        );
      }
    }
  })();
}

/** The seeded tables' rows, limited to the columns the seed set, ordered by their first column. */
export function seededRows(db: Db): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, rows] of Object.entries(SEED)) {
    const cols = Object.keys(rows[0]!);
    out[table] = db.prepare(`SELECT ${cols.join(', ')} FROM ${table} ORDER BY ${cols[0]}, ${cols[1]}`).all() as Record<
      string,
      unknown
    >[];
  }
  return out;
}

/** A plain better-sqlite3 connection (foreign keys on), as an older Kyrios would have left the file. */
export function plainConnection(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  return db;
}

/** Builds a closed database file at schema `version`, holding the seed rows. */
export function buildFileAtVersion(file: string, version: number): void {
  const db = plainConnection(file);
  try {
    migrate(db, MIGRATIONS, version);
    insertSeed(db);
  } finally {
    db.close();
  }
}

/** The ids of the contacts a full-text query finds. */
export function ftsIds(db: Db, query: string): string[] {
  return (
    db
      .prepare(
        'SELECT c.id FROM contacts_fts JOIN contacts c ON c.rowid = contacts_fts.rowid WHERE contacts_fts MATCH ? ORDER BY c.id',
      )
      .all(query) as { id: string }[]
  ).map((r) => r.id);
}

export { LATEST_VERSION, MIGRATIONS };
