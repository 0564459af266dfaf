import { AppError } from '../errors.ts';

/** The largest CSV file Kyrios imports in one go. */
export const MAX_CSV_BYTES = 50 * 1024 * 1024;

/**
 * Turns the uploaded bytes into text. Only UTF-8 is accepted (with or without a byte-order mark):
 * guessing another encoding would silently garble names, so a clear error asks for UTF-8 instead.
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_CSV_BYTES) {
    throw new AppError('TOO_LARGE', `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one by one.`);
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) throw notUtf8('it is UTF-16');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) throw notUtf8('it is UTF-16');
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    if (text.includes('\u0000')) throw notUtf8('it contains binary data');
    return text;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw notUtf8('it holds bytes that are not valid UTF-8 (perhaps Windows-1252 or Latin-1)');
  }
}

const notUtf8 = (why: string) =>
  new AppError(
    'VALIDATION',
    `This file is not UTF-8 text: ${why}. In your spreadsheet app choose "Save as" > "CSV UTF-8", then import that file.`,
  );

export function decodeBase64(base64: string): Uint8Array {
  return Buffer.from(base64, 'base64');
}
