import Papa from 'papaparse';
import { AppError } from '../errors.ts';

export interface CsvTable {
  /** The header row, trimmed. */
  headers: string[];
  /** Data rows with the 1-based line number each starts on in the file (quoted newlines counted). */
  rows: { line: number; cells: string[] }[];
  delimiter: string;
}

/**
 * Parses CSV text: delimiter detected among , ; tab and |, quoted fields with commas, quotes and
 * newlines, a byte-order mark ignored, empty lines skipped. The first non-empty row is the header.
 */
export function parseCsv(text: string): CsvTable {
  // One newline convention, so line numbers and cell values do not depend on the exporting OS.
  const input = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const delimiter = guessDelimiter(input);
  const rows: { line: number; cells: string[] }[] = [];
  let line = 1;
  let consumed = 0;
  const errors: string[] = [];
  Papa.parse<string[]>(input, {
    delimiter,
    newline: '\n',
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      const raw = input.slice(consumed, end);
      // Leading newlines belong to the gap before this row; the row starts after them.
      const leading = raw.match(/^\n*/)?.[0] ?? '';
      const startLine = line + countNewlines(leading);
      const cells = result.data;
      if (result.errors.length && errors.length < 5) {
        errors.push(`line ${startLine}: ${result.errors[0]!.message}`);
      }
      if (!(cells.length === 1 && cells[0]!.trim() === '') && cells.length > 0) {
        rows.push({ line: startLine, cells });
      }
      line += countNewlines(raw);
      consumed = end;
    },
  });
  const quoteError = errors.find((e) => /quote/i.test(e));
  if (quoteError) {
    throw new AppError('VALIDATION', `The file is not valid CSV (${quoteError}). Check that every quoted field is closed.`);
  }
  const [header, ...data] = rows;
  if (!header) throw new AppError('VALIDATION', 'The file is empty: it needs a header row and at least one contact.');
  const headers = header.cells.map((h) => h.trim());
  if (headers.every((h) => h === '')) throw new AppError('VALIDATION', 'The first row of the file must name its columns.');
  return { headers, rows: data, delimiter };
}

function guessDelimiter(input: string): string {
  const sample = Papa.parse<string[]>(input.slice(0, 64 * 1024), {
    delimiter: '',
    delimitersToGuess: [',', ';', '\t', '|'],
    newline: '\n',
    skipEmptyLines: 'greedy',
    preview: 20,
  });
  return sample.meta.delimiter || ',';
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
