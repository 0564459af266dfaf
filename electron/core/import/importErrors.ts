import type { Database } from 'better-sqlite3';
import { notFound } from '../errors.ts';
import { writeCsv } from '../csv/writeCsv.ts';

/**
 * The rows of an import that were not imported, as a CSV the user can fix and import again: the
 * original columns, preceded by the file's line number and the reason.
 */
export function importErrors(db: Database, actionId: string): { fileName: string; csv: string; count: number } {
  const action = db.prepare("SELECT params FROM bulk_actions WHERE id = ? AND type = 'import'").get(actionId) as
    | { params: string }
    | undefined;
  if (!action) throw notFound('import', actionId);
  const params = JSON.parse(action.params) as { fileName?: string; headers?: string[] };
  const rows = db
    .prepare(
      "SELECT reason, payload FROM bulk_action_items WHERE action_id = ? AND state = 'skipped' ORDER BY seq",
    )
    .all(actionId) as { reason: string | null; payload: string | null }[];
  const data = rows.map((r) => {
    // A row that duplicated a contact since purged keeps its line and reason only (no cells).
    const payload = r.payload ? (JSON.parse(r.payload) as { line: number; cells?: string[] }) : { line: 0 };
    return [payload.line, r.reason ?? '', ...(payload.cells ?? [])];
  });
  const base = (params.fileName ?? 'import').replace(/\.(?:csv|tsv|txt|vcf)$/i, '');
  return { fileName: `${base}-not-imported.csv`, csv: writeCsv(['line', 'reason', ...(params.headers ?? [])], data), count: data.length };
}
