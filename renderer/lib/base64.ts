/**
 * Bytes as base64, built in slices: `String.fromCharCode(...bytes)` on a whole 10 MB file would
 * overflow the call stack, so each slice of 32 KB becomes a binary string on its own.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += SLICE) {
    parts.push(String.fromCharCode(...bytes.subarray(i, i + SLICE)));
  }
  return btoa(parts.join(''));
}
