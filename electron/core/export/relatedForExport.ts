import type { Database } from 'better-sqlite3';
import { RELATED_KINDS, type Message, type RelatedKind } from '../../../shared/domain.ts';
import { KIND_SPECS, recordColumns, toRecord } from '../related/kinds.ts';
import { SUMMARIZE } from './relatedSummary.ts';

/**
 * The kinds exported as one column each, a readable line per record (relatedSummary.ts); messages
 * travel inside their conversation.
 */
export const EXPORTED_KINDS = RELATED_KINDS.filter((k) => k !== 'message');
const COLUMN_NAMES: Record<Exclude<RelatedKind, 'message'>, string> = {
  conversation: 'Conversations',
  note: 'Notes',
  opportunity: 'Opportunities',
  task: 'Tasks',
  appointment: 'Appointments',
  manualAction: 'Manual actions',
};
export const RELATED_EXPORT_COLUMNS = EXPORTED_KINDS.map((k) => COLUMN_NAMES[k]);

/**
 * Reads a contact's related records for an export: its live ones, or, for a deleted contact, exactly
 * the ones its deletion removed (what a restore would bring back). Returns one cell per kind: a line
 * per record, in words.
 */
export function relatedReader(db: Database, scope: 'live' | 'deletion') {
  const filter = scope === 'live' ? 'deleted_at IS NULL' : 'deletion_id = @deletionId';
  const statements = Object.fromEntries(
    RELATED_KINDS.map((kind) => {
      const spec = KIND_SPECS[kind];
      const sql = `SELECT ${recordColumns(spec)} FROM ${spec.table} WHERE contact_id = @contactId AND ${filter} ORDER BY ${spec.orderBy}`;
      return [kind, db.prepare(sql)];
    }),
  ) as Record<RelatedKind, ReturnType<Database['prepare']>>;

  return (contactId: string, deletionId: string | null = null): string[] => {
    const read = (kind: RelatedKind) =>
      (statements[kind].all({ contactId, ...(scope === 'deletion' ? { deletionId } : {}) }) as Record<string, unknown>[]).map(
        (row) => toRecord(kind, row),
      );
    const messages = read('message') as Message[];
    return EXPORTED_KINDS.map((kind) => {
      const records = read(kind).map((r) =>
        kind === 'conversation' ? { ...r, messages: messages.filter((m) => m.conversationId === r.id) } : r,
      );
      const summarize = SUMMARIZE[kind] as (r: unknown) => string;
      return records.map((r) => summarize(r)).join('\n');
    });
  };
}
