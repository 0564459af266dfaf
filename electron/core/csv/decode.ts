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
    throw new AppError('TOO_LARGE', `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one by one.`);
  }
  const decoded = decodeByBom(bytes) ?? decodeUtf8OrWindows1252(bytes);
  if (decoded.text.includes('\u0000')) {
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
      throw new AppError('VALIDATION', `This file starts as ${encoding} text but is cut off or damaged. Export it again from its app.`);
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

export function decodeBase64(base64: string): Uint8Array {
  return Buffer.from(base64, 'base64');
}
