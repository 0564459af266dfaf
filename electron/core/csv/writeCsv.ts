import Papa from 'papaparse';

/**
 * A cell a spreadsheet would run as a formula (=, @, or + / - not followed by a digit) is prefixed
 * with an apostrophe, so an exported file cannot carry a formula injection. Phone numbers like
 * "+1 555 0100" are left as they are.
 */
export function neutralizeFormula(value: string): string {
  return /^[=@\t\r]/.test(value) || /^[+-][^\d\s(.]/.test(value) ? `'${value}` : value;
}

/** CSV text (UTF-8 with a byte-order mark, so Excel reads accents right) from a header and rows. */
export function writeCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const data = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : neutralizeFormula(String(cell)))));
  return '\ufeff' + Papa.unparse({ fields: header, data }, { newline: '\r\n' });
}
