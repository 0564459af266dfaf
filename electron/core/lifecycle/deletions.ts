import type { Database } from 'better-sqlite3';
import { newId } from '../ids.ts';
import type { Tx } from '../db/tx.ts';

export type DeletionKind = 'single' | 'bulk' | 'record';

export interface DeletionRow {
  id: string;
  kind: DeletionKind;
  bulk_action_id: string | null;
  deleted_by: string;
  deleted_at: number;
  purged_at: number | null;
}

/** Records who removed what and when; every row a deletion removes carries this id. */
export function createDeletion(
  db: Tx,
  d: { kind: DeletionKind; deletedBy: string; at: number; bulkActionId?: string | null },
): string {
  const id = newId();
  db.prepare('INSERT INTO deletions (id, kind, bulk_action_id, deleted_by, deleted_at) VALUES (?, ?, ?, ?, ?)').run(
    id,
    d.kind,
    d.bulkActionId ?? null,
    d.deletedBy,
    d.at,
  );
  return id;
}

export const getDeletion = (db: Database, id: string) =>
  db.prepare('SELECT * FROM deletions WHERE id = ?').get(id) as DeletionRow | undefined;
