import type { Database } from 'better-sqlite3';
import type { AuditEntry, Page } from '../../../shared/domain.ts';

interface AuditRow {
  id: string;
  at: number;
  actor: string;
  action: AuditEntry['action'];
  target_type: AuditEntry['targetType'];
  target_id: string | null;
  count: number;
  details: string;
}

/** The audit log, newest first (ids are time-ordered, so they break ties in the order of writing). */
export function listAudit(db: Database, opts: { offset?: number; limit?: number } = {}): Page<AuditEntry> {
  const total = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  const rows = db
    .prepare('SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ? OFFSET ?')
    .all(opts.limit ?? 50, opts.offset ?? 0) as AuditRow[];
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      count: r.count,
      details: JSON.parse(r.details) as Record<string, unknown>,
    })),
  };
}
