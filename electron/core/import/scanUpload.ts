import { MAX_IMPORT_ROWS, type ImportPreview } from '../../../shared/contract.ts';
import { decodeFile } from '../csv/decode.ts';
import { recognizeLayout } from '../csv/layouts.ts';
import { IMPORT_FIELDS, columnsOf, rowValidator, suggestMapping, type ColumnMapping, type RowVerdict } from '../csv/mapping.ts';
import { streamCsv, type CsvRowSink } from '../csv/parse.ts';
import { AppError } from '../errors.ts';
import { isVcard, streamVcards } from '../vcard/readVcard.ts';

export const PREVIEW_ROWS = 10;
/**
 * The most columns a row may have, as many as a mapping can name (the contract takes column indexes up
 * to 1,000): a row of millions of cells (a hostile file) would be held whole in memory and in the answer.
 */
export const MAX_IMPORT_COLUMNS = 1000;
/** How many row problems the preview lists (the counts cover them all). */
export const PREVIEW_PROBLEMS = 50;

/** What the import reads from an uploaded file: for the preview dialog, or to start the import. */
export type ScanPurpose = { purpose: 'preview'; mapping?: ColumnMapping } | { purpose: 'start'; mapping: ColumnMapping };
export type ScanRequest = ScanPurpose & { contentBase64: string };

/** Rows per slice of items: one JSON text, inserted by one statement (startImport.ts). */
export const ITEM_SLICE = 5000;

/**
 * The rows of a file about to be imported, ready to become bulk-action items: a few JSON texts rather
 * than an object per row, so handing them from the worker to the main thread, and inserting them
 * there, costs as little as it can.
 */
export interface StartScan {
  headers: string[];
  /** Data rows in the file. */
  rows: number;
  /** JSON arrays of [reason, payload] per row, ITEM_SLICE rows each, in file order: reason is null for a row to import, payload the JSON of its ImportPayload. */
  itemSlices: string[];
  invalidRows: number;
  firstInvalid: { line: number; reason: string } | null;
}

/**
 * Decodes, parses and checks an uploaded CSV in one pass, keeping only what the caller needs: the
 * preview keeps counts, a sample and the first problems; the start keeps one payload string per row.
 * Runs on a worker thread (scanOffThread.ts); it touches no database, so it may run anywhere.
 */
export function scanUpload(request: ScanRequest): ImportPreview | StartScan {
  return scanBytes(decodeBase64Strict(request.contentBase64), request);
}

/** scanUpload of bytes already decoded from base64 (the worker decodes them part by part as they come). */
export function scanBytes(bytes: Uint8Array, request: ScanPurpose): ImportPreview | StartScan {
  const { text, encoding } = decodeFile(bytes);
  const vcard = isVcard(text);
  let headers: string[] = [];
  let delimiter = ',';
  let check: ReturnType<typeof rowValidator> | null = null;
  let mapping: ColumnMapping = request.mapping ?? {};
  const rowsSeen = { total: 0, valid: 0, invalid: 0, skipped: 0 };
  const sample: { line: number; cells: string[] }[] = [];
  const problems: { line: number; reason: string }[] = [];
  const itemSlices: string[] = [];
  let slice: [string | null, string][] = [];
  let firstInvalid: StartScan['firstInvalid'] = null;

  function header(h: string[], d: string) {
    headers = h;
    delimiter = d;
    if (request.purpose === 'preview') mapping = request.mapping ?? suggestMapping(h);
    else checkMappingFits(request.mapping, h.length);
    check = rowValidator(mapping, headers);
  }
  /** One row (a CSV line, or a vCard with its number in the reason) and its verdict. */
  function record(line: number, cells: string[], verdict: RowVerdict) {
    rowsSeen.total++;
    if (verdict.ok) rowsSeen.valid++;
    else {
      rowsSeen.invalid++;
      if (problems.length < PREVIEW_PROBLEMS) problems.push({ line, reason: verdict.reason });
      firstInvalid ??= { line, reason: verdict.reason };
    }
    if (request.purpose === 'preview') {
      if (sample.length < PREVIEW_ROWS) sample.push({ line, cells });
      return;
    }
    // An item keeps the row's line and cells (for the rows-not-imported file) and, if valid, its contact
    // and the note of the values the contact has no field for (its other emails and phones).
    const payload = JSON.stringify(
      verdict.ok ? { line, cells, contact: verdict.contact, ...(verdict.note ? { note: verdict.note } : {}) } : { line, cells },
    );
    slice.push([verdict.ok ? null : verdict.reason, payload]);
    if (slice.length === ITEM_SLICE) {
      itemSlices.push(JSON.stringify(slice));
      slice = [];
    }
  }

  if (vcard) {
    delimiter = '';
    streamVcards(
      text,
      {
        header: (h) => header(h, ''),
        card(line, card, cells) {
          const verdict = check!(line, cells);
          record(line, cells, verdict.ok ? verdict : { ok: false, reason: `card ${card}: ${verdict.reason}` });
        },
        unreadable: (line, card, reason) => record(line, [], { ok: false, reason: `card ${card}: ${reason}` }),
      },
      { maxRows: MAX_IMPORT_ROWS },
    );
  } else {
    const sink: CsvRowSink = {
      header,
      row: (line, cells) => record(line, cells, check!(line, cells)),
      skipped: () => void rowsSeen.skipped++,
    };
    streamCsv(text, sink, { maxRows: MAX_IMPORT_ROWS, maxColumns: MAX_IMPORT_COLUMNS });
  }

  if (slice.length) itemSlices.push(JSON.stringify(slice));
  if (request.purpose === 'start') return { headers, rows: rowsSeen.total, itemSlices, invalidRows: rowsSeen.invalid, firstInvalid };
  return {
    headers,
    delimiter,
    totalRows: rowsSeen.total,
    sample,
    fields: IMPORT_FIELDS,
    mapping,
    validRows: rowsSeen.valid,
    invalidRows: rowsSeen.invalid,
    problems,
    encoding,
    layout: vcard ? 'vCard' : recognizeLayout(headers),
    skippedLines: rowsSeen.skipped,
  };
}

function checkMappingFits(mapping: ColumnMapping, columns: number): void {
  for (const field of IMPORT_FIELDS) {
    for (const index of columnsOf(mapping, field))
      if (index >= columns)
      throw new AppError('VALIDATION', `The mapping names column ${index + 1}, but the file has ${columns} columns.`);
  }
}

/**
 * The file's bytes from base64. The contract checks only the length: the same character check over
 * 70 MB held the thread that answers calls for 90 ms, so it runs here, with the rest of the reading.
 */
export function decodeBase64Strict(base64: string, last = true): Buffer {
  if (!(last ? BASE64 : BASE64_PART).test(base64)) {
    throw new AppError('VALIDATION', 'Invalid input: contentBase64: must be base64. Choose the file again.');
  }
  return Buffer.from(base64, 'base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** A part before the last one (a multiple of 4 characters long): no padding yet. */
const BASE64_PART = /^[A-Za-z0-9+/]*$/;
