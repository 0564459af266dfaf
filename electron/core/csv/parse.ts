import Papa from 'papaparse';
import { AppError } from '../errors.ts';
import { FOOTER_LINE } from './layouts.ts';

export interface CsvTable {
  /** The header row, trimmed. */
  headers: string[];
  /** Data rows with the 1-based line number each starts on in the file (quoted newlines counted). */
  rows: { line: number; cells: string[] }[];
  delimiter: string;
}

/** Where the streaming parser hands each row: the header first, then every data row with its line. */
export interface CsvRowSink {
  header(headers: string[], delimiter: string): void;
  row(line: number, cells: string[]): void;
  /** A line under the table that is not a contact (a report's footer), left out of the rows. */
  skipped?(line: number, cells: string[]): void;
}

/** Refuses a file past `maxRows` data rows: TOO_LARGE, saying to split it. */
export const tooManyRows = (maxRows: number) =>
  new AppError(
    'TOO_LARGE',
    `The file has more than ${maxRows.toLocaleString('en')} rows; one import takes at most ${maxRows.toLocaleString('en')}. Split it into smaller files and import them one by one.`,
  );

/** How far a file may go: data rows, and columns in any row (the header included). */
export interface CsvLimits {
  maxRows?: number;
  maxColumns?: number;
}

/** Refuses a row of more than `maxColumns` cells: VALIDATION, saying what to check. */
const tooManyColumns = (line: number, columns: number, maxColumns: number) =>
  new AppError(
    'VALIDATION',
    `Line ${line} of the file has ${columns.toLocaleString('en')} columns; an import takes at most ${maxColumns.toLocaleString('en')}. Check that the columns are separated by commas, semicolons, tabs or |, or remove the columns you do not need.`,
  );

/**
 * Parses CSV text row by row into `sink`, keeping nothing itself: delimiter detected among , ; tab
 * and |, quoted fields with commas, quotes and newlines, a byte-order mark ignored, empty lines
 * skipped. The first non-empty row is the header. Past `maxRows` data rows it stops at once with
 * TOO_LARGE, so a hostile file of millions of tiny rows costs no more than the cap; a row of more
 * than `maxColumns` cells stops it with VALIDATION.
 *
 * A report's footer is not a row: lines of one cell at the end of the file, under a blank line or
 * worded as a footer ("Copyright (c) ... salesforce.com", "Confidential Information"), go to
 * `sink.skipped`. One-cell lines followed by more rows are rows after all, and are handed over then.
 */
export function streamCsv(text: string, sink: CsvRowSink, { maxRows = Infinity, maxColumns = Infinity }: CsvLimits = {}): void {
  // One newline convention, so line numbers and cell values do not depend on the exporting OS.
  const input = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const delimiter = guessDelimiter(input);
  let line = 1;
  let consumed = 0;
  let seenHeader = false;
  let dataRows = 0;
  let tooMany = false;
  let tooWide: AppError | null = null;
  const errors: string[] = [];
  let columns = 0;
  let blankBefore = false;
  // One-cell lines that may be a footer, held until a real row (then they are rows) or the end.
  let footer: { line: number; cells: string[] }[] = [];
  Papa.parse<string[]>(input, {
    delimiter,
    newline: '\n',
    skipEmptyLines: false,
    // Papaparse's fast mode splits the whole text into lines before the first row is handed over:
    // 26 million strings for a 50 MB file of one-character rows. Row by row, the cap stops it early.
    fastMode: false,
    step: (result, parser) => {
      const end = result.meta.cursor;
      // Leading newlines belong to the gap before this row; the row starts after them.
      let startLine = line;
      for (let i = consumed; i < end && input.charCodeAt(i) === 10; i++) startLine++;
      const cells = result.data;
      if (result.errors.length && errors.length < 5) {
        errors.push(`line ${startLine}: ${result.errors[0]!.message}`);
      }
      line += countNewlines(input, consumed, end);
      consumed = end;
      if (cells.length === 0 || (cells.length === 1 && cells[0]!.trim() === '')) {
        blankBefore = seenHeader;
        return;
      }
      if (cells.length > maxColumns) {
        tooWide = tooManyColumns(startLine, cells.length, maxColumns);
        parser.abort();
        return;
      }
      if (!seenHeader) {
        seenHeader = true;
        const headers = cells.map((h) => h.trim());
        if (headers.every((h) => h === '')) throw new AppError('VALIDATION', 'The first row of the file must name its columns.');
        columns = headers.length;
        sink.header(headers, delimiter);
        return;
      }
      if (++dataRows > maxRows) {
        tooMany = true;
        parser.abort();
        return;
      }
      if (cells.length === 1 && columns > 1 && (blankBefore || footer.length > 0 || FOOTER_LINE.test(cells[0]!.trim()))) {
        footer.push({ line: startLine, cells });
        return;
      }
      blankBefore = false;
      for (const held of footer) sink.row(held.line, held.cells);
      footer = [];
      sink.row(startLine, cells);
    },
  });
  if (tooWide) throw tooWide;
  if (tooMany) throw tooManyRows(maxRows);
  for (const held of footer) sink.skipped?.(held.line, held.cells);
  const quoteError = errors.find((e) => /quote/i.test(e));
  if (quoteError) {
    throw new AppError('VALIDATION', `The file is not valid CSV (${quoteError}). Check that every quoted field is closed.`);
  }
  if (!seenHeader) throw new AppError('VALIDATION', 'The file is empty: it needs a header row and at least one contact.');
}

/** The whole file as a table (for files known to be small: tests, a CSV Kyrios wrote itself). */
export function parseCsv(text: string, limits: CsvLimits = {}): CsvTable {
  const table: CsvTable = { headers: [], rows: [], delimiter: ',' };
  streamCsv(
    text,
    {
      header: (headers, delimiter) => Object.assign(table, { headers, delimiter }),
      row: (line, cells) => table.rows.push({ line, cells }),
    },
    limits,
  );
  return table;
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

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
