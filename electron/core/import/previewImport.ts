import type { ImportPreview } from '../../../shared/contract.ts';
import { IMPORT_FIELDS, suggestMapping, validateRows, type ColumnMapping } from '../csv/mapping.ts';
import { readUpload } from './readUpload.ts';

export const PREVIEW_ROWS = 10;

/** What the import dialog shows before anything is written: columns, a sample, and row problems. */
export function previewImport(contentBase64: string, mapping?: ColumnMapping): ImportPreview {
  const table = readUpload(contentBase64);
  const used = mapping ?? suggestMapping(table.headers);
  const { valid, invalid } = validateRows(table, used);
  return {
    headers: table.headers,
    delimiter: table.delimiter,
    totalRows: table.rows.length,
    sample: table.rows.slice(0, PREVIEW_ROWS),
    fields: IMPORT_FIELDS,
    mapping: used,
    validRows: valid.length,
    invalidRows: invalid.length,
    problems: invalid.slice(0, 50).map(({ line, reason }) => ({ line, reason })),
  };
}
