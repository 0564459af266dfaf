import type { AuditEntry } from '../../../shared/domain.ts';
import type { Database } from 'better-sqlite3';
import { cachedStatement } from '../db/statements.ts';
import { inTx, type Tx } from '../db/tx.ts';
import { newId } from '../ids.ts';

/** The actor of work no person started: the purge timer. */
export const SYSTEM_ACTOR = 'system';

export type AuditInput = Omit<AuditEntry, 'id'>;

/**
 * Appends one audit row. Callers pass ids and counts only, never a contact's name, email or phone:
 * the audit log outlives every purge, so personal data written here would never be erased.
 * It runs inside the transaction that made the change (a Tx), so the log and the data never disagree.
 */
export function recordAudit(db: Tx, entry: AuditInput): string {
  const id = newId();
  db.prepare(
    `INSERT INTO audit_log (id, at, actor, action, target_type, target_id, count, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, entry.at, entry.actor, entry.action, entry.targetType, entry.targetId, entry.count, JSON.stringify(entry.details));
  return id;
}

/**
 * The audit row of work done in several transactions (a restore of thousands, a purge in chunks):
 * written in the first chunk's transaction and counted on in each later one, so the log always says
 * exactly what has committed, even when the work is cut short.
 */
export class ChunkedAudit {
  private id: string | null = null;
  private readonly entry: Omit<AuditInput, 'count' | 'details'>;
  constructor(entry: Omit<AuditInput, 'count' | 'details'>) {
    this.entry = entry;
  }

  /** Adds `count` more done in this transaction; `details` replace the row's (totals so far). */
  add(db: Tx, count: number, details: AuditInput['details']): void {
    if (this.id === null) this.id = recordAudit(db, { ...this.entry, count, details });
    else
      cachedStatement(db, 'UPDATE audit_log SET count = count + ?, details = ? WHERE id = ?').run(
        count,
        JSON.stringify(details),
        this.id,
      );
  }

  /** Writes the row if no transaction did (the work had nothing to do). */
  finish(db: Database, details: AuditInput['details']): void {
    if (this.id === null) inTx(db, (tx) => this.add(tx, 0, details));
  }
}
