import type { ParsedInput } from '../../../shared/contract.ts';
import { createBulkAction } from '../bulk/createBulkAction.ts';
import type { CoreContext } from '../context.ts';
import { validateRows } from '../csv/mapping.ts';
import { AppError } from '../errors.ts';
import { profileName } from '../settings/settings.ts';
import { readUpload } from './readUpload.ts';

export type ImportStart = ParsedInput<'import.start'>;

/** What an import item keeps until it is done: the row's line, its cells (for the errors file) and the contact. */
export interface ImportPayload {
  line: number;
  cells: string[];
  contact?: Record<string, unknown>;
}

/**
 * Starts a CSV import as a bulk action: every data row of the file becomes an item, snapshotted now.
 * Rows that fail validation are recorded as skipped items with their line and reason at once; the
 * others are created (or, for duplicates, skipped or updated as the user chose) by the runner in
 * chunks, so a crash never leaves a half-imported file: the import resumes where it stopped.
 */
export function startImport(ctx: CoreContext, input: ImportStart): { bulkActionId: string; invalidRows: number } {
  const table = readUpload(input.contentBase64);
  for (const index of Object.values(input.mapping)) {
    if (index !== undefined && index >= table.headers.length)
      throw new AppError('VALIDATION', `The mapping names column ${index + 1}, but the file has ${table.headers.length} columns.`);
  }
  const { valid, invalid } = validateRows(table, input.mapping);
  if (valid.length === 0) {
    const first = invalid[0];
    throw new AppError(
      'VALIDATION',
      `No row of this file can be imported${first ? ` (line ${first.line}: ${first.reason})` : ''}. Check the column mapping.`,
    );
  }
  const { db } = ctx;
  const byLine = new Map(valid.map((v) => [v.line, v.contact]));
  const reasons = new Map(invalid.map((r) => [r.line, r.reason]));
  const bulkActionId = db.transaction(() => {
    const id = createBulkAction(db, {
      type: 'import',
      createdBy: profileName(db),
      at: ctx.now(),
      params: { fileName: input.fileName, onDuplicate: input.onDuplicate, headers: table.headers },
    });
    const insert = db.prepare(
      'INSERT INTO bulk_action_items (action_id, seq, state, code, reason, payload) VALUES (?, ?, ?, ?, ?, ?)',
    );
    let seq = 0;
    for (const { line, cells } of table.rows) {
      const contact = byLine.get(line);
      const payload: ImportPayload = { line, cells, ...(contact ? { contact } : {}) };
      if (contact) insert.run(id, ++seq, 'pending', null, null, JSON.stringify(payload));
      else insert.run(id, ++seq, 'skipped', 'INVALID', reasons.get(line) ?? 'invalid row', JSON.stringify(payload));
    }
    // Rows refused up front count as processed and skipped from the start, so progress adds up.
    db.prepare('UPDATE bulk_actions SET total = ?, processed = ?, skipped = ? WHERE id = ?').run(
      seq,
      invalid.length,
      invalid.length,
      id,
    );
    return id;
  }).immediate();
  ctx.events.emit('data.changed', { scope: ['bulkActions'] });
  ctx.wakeRunner();
  return { bulkActionId, invalidRows: invalid.length };
}
