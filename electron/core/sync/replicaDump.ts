import type { Database } from 'better-sqlite3';
import { normalizeDump, type Dump } from '../../../shared/sync/dump.ts';
import { SYNC_TABLES, type SyncTable } from '../../../shared/sync/protocol.ts';

/** This machine's synced tables as the normalized dump (shared/sync/dump.ts) every machine must agree on. */
export function replicaDump(db: Database): Dump {
  const tables: Partial<Record<SyncTable, Record<string, unknown>[]>> = {};
  for (const t of SYNC_TABLES) tables[t] = db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[];
  const purged = db.prepare('SELECT contact_id FROM purged_contacts').pluck().all() as string[];
  return normalizeDump({ tables, purged });
}
