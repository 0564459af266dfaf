import type { Database } from 'better-sqlite3';
import type { BulkActionDetail } from '../../../shared/domain.ts';
import { labelInput, requireActionRow, skippedReasons, toBulkActionWith, type BulkActionRow } from './actionRow.ts';
import { described, jobOf, type JobDescription } from './jobs.ts';
import { statusText } from './statusLabel.ts';

const n = (x: number) => x.toLocaleString('en');
const contacts = (x: number) => `${n(x)} ${x === 1 ? 'contact' : 'contacts'}`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** How a bulk delete chose its contacts, as startBulkDelete records it (never the search words: a purge must erase them). */
interface DeleteParams {
  by?: 'ids' | 'filter';
  filter?: { searched?: boolean; tagged?: boolean; createdFrom?: number; createdTo?: number };
}

/**
 * What an action targeted, in words. A selection: "12 selected contacts"; "all N matching": the
 * filter as far as it was kept ("All 15,327 contacts with a tag, created from 2026-01-01, matching
 * a search"; the words and the tag themselves are not kept). A restore: the bulk delete it reverses. An
 * import: its file.
 */
export function targetText(row: BulkActionRow): string {
  const params = JSON.parse(row.params || '{}') as DeleteParams & { fileName?: string };
  if (row.type === 'import') return `${row.total === 1 ? 'The 1 row' : `The ${n(row.total)} rows`} of ${params.fileName ?? 'a file'}`;
  if (row.type === 'restore') return `The ${contacts(row.total)} of a bulk delete that were not back`;
  if (params.by !== 'filter') return `${contacts(row.total)} selected one by one`;
  const f = params.filter ?? {};
  const parts = [
    f.tagged ? 'with a tag' : '',
    f.createdFrom !== undefined && f.createdTo !== undefined
      ? `created ${day(f.createdFrom)} to ${day(f.createdTo)}`
      : f.createdFrom !== undefined
        ? `created from ${day(f.createdFrom)}`
        : f.createdTo !== undefined
          ? `created until ${day(f.createdTo)}`
          : '',
    f.searched ? 'matching a search' : '',
  ].filter(Boolean);
  if (parts.length === 0) return `All ${contacts(row.total)} in the list`;
  // The words searched for and the tag are not kept: either may be a name a purge must erase.
  const unsaid = f.searched || f.tagged ? ' (the search and tag themselves are not kept)' : '';
  return `All ${contacts(row.total)} ${parts.join(', ')}${unsaid}`;
}

/** A bulk action told in full (bulkActions.detail): the row, its target, its items by state and, for a delete, its contacts' fate now. */
export function actionDetail(db: Database, id: string): BulkActionDetail {
  const row = requireActionRow(db, id);
  const reasons = skippedReasons(db, row);
  const job = jobOf(row.type);
  const d: JobDescription = job ? job.describe(db, row, reasons) : described(statusText(labelInput(db, row, reasons)));
  return {
    action: toBulkActionWith(row, reasons, d),
    target: targetText(row),
    fate: d.fate ?? null,
    items: { done: row.processed - row.skipped, skipped: row.skipped, pending: Math.max(0, row.total - row.processed) },
  };
}
