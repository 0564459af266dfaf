import { AppError } from '../errors.ts';

/** The largest CSV file Kyrios imports in one go. */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;

/** The encodings an import file is read in, as the preview names them. */
export type FileEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252';

/**
 * Turns the uploaded bytes into text, in the encoding the exporting tool used: a byte-order mark says
 * UTF-8 or UTF-16 (LE or BE: Excel's "Unicode Text"); without one, UTF-8 when every byte sequence is
 * valid UTF-8, else Windows-1252 (European Excel "CSV (semicolon)", Outlook desktop), a superset of
 * Latin-1 in which every byte is a character. Text holding NUL characters is binary, not a contact file.
 */
export function decodeFile(bytes: Uint8Array): { text: string; encoding: FileEncoding } {
  if (bytes.byteLength > MAX_CSV_BYTES) {
    throw new AppError(
      'TOO_LARGE',
      `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one by one.`,
    );
  }
  // A workbook (.xlsx, .ods: zip archives; .xls: an OLE file) rather than the text a spreadsheet saves.
  if (
    (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) ||
    (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
  ) {
    throw new AppError(
      'VALIDATION',
      'This is a spreadsheet workbook, not a CSV file. In your spreadsheet app choose "Save as" > "CSV UTF-8" (or "CSV (semicolon)"), then import that file.',
    );
  }
  const decoded = decodeByBom(bytes) ?? decodeUtf8OrWindows1252(bytes);
  // Text has no NUL, and a file that is not UTF-8 holds no other control characters either (a binary file read as Windows-1252 would).
  if (
    decoded.text.includes('\u0000') ||
    (decoded.encoding === 'Windows-1252' && hasControlCharacters(decoded.text))
  ) {
    throw new AppError(
      'VALIDATION',
      'This file is not a text file (it contains binary data). Choose a CSV, tab-separated text or vCard (.vcf) file.',
    );
  }
  return decoded;
}

/** The file's text (see decodeFile). */
export function decodeCsv(bytes: Uint8Array): string {
  return decodeFile(bytes).text;
}

function decodeByBom(bytes: Uint8Array): { text: string; encoding: FileEncoding } | null {
  const utf16 = (encoding: 'UTF-16LE' | 'UTF-16BE') => {
    try {
      return { text: new TextDecoder(encoding.toLowerCase(), { fatal: true }).decode(bytes), encoding };
    } catch {
      throw new AppError(
        'VALIDATION',
        `This file starts as ${encoding} text but is cut off or damaged. Export it again from its app.`,
      );
    }
  };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16('UTF-16LE');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16('UTF-16BE');
  return null;
}

function decodeUtf8OrWindows1252(bytes: Uint8Array): { text: string; encoding: FileEncoding } {
  try {
    // A UTF-8 byte-order mark is taken off here.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252' };
  }
}

/** C0 control characters other than those text files hold: tab, LF, VT, FF, CR, ESC and the DOS end-of-file mark (SUB). */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1a && c !== 0x1b) return true;
  }
  return false;
}

export function decodeBase64(base64: string): Uint8Array {
  return Buffer.from(base64, 'base64');
}
