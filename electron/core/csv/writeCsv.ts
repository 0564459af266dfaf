import Papa from 'papaparse';
import { neutralizeFormula } from './formula.ts';
import { columnsOf, suggestMapping } from './mapping.ts';

export { neutralizeFormula };

/**
 * CSV text (UTF-8 with a byte-order mark, so Excel reads accents right) from a header and rows.
 * Every cell is neutralised, the header row too (an import-errors file repeats the user's header);
 * only the phone columns (headers a contact's phone is imported from: "phone", "Mobile", "Business
 * Phone", ...) keep genuine phone numbers as they are.
 */
export function writeCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const phoneColumns = new Set(columnsOf(suggestMapping(header), 'phone'));
  const fields = header.map((h) => neutralizeFormula(h));
  const data = rows.map((row) =>
    row.map((cell, i) => (cell === null || cell === undefined ? '' : neutralizeFormula(String(cell), phoneColumns.has(i)))),
  );
  return '\ufeff' + Papa.unparse({ fields, data }, { newline: '\r\n' });
}
