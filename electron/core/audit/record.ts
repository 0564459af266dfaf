import type { Database } from 'better-sqlite3';
import type { AuditEntry } from '../../../shared/domain.ts';
import { newId } from '../ids.ts';

/** The actor of work no person started: the purge timer. */
export const SYSTEM_ACTOR = 'system';

export type AuditInput = Omit<AuditEntry, 'id'>;

/**
 * Appends one audit row. Callers pass ids and counts only, never a contact's name, email or phone:
 * the audit log outlives every purge, so personal data written here would never be erased.
 * Run it inside the transaction that made the change, so the log and the data never disagree.
 */
export function recordAudit(db: Database, entry: AuditInput): string {
  const id = newId();
  db.prepare(
    `INSERT INTO audit_log (id, at, actor, action, target_type, target_id, count, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, entry.at, entry.actor, entry.action, entry.targetType, entry.targetId, entry.count, JSON.stringify(entry.details));
  return id;
}
