import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../../renderer/lib/base64.ts';

describe('bytesToBase64 (the import dialog sends files this way)', () => {
  it('matches Node for small and odd-sized inputs', () => {
    for (const n of [0, 1, 2, 3, 0x8000 - 1, 0x8000, 0x8000 + 1]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('encodes a 10 MB file without overflowing the stack', () => {
    const bytes = new Uint8Array(10 * 1024 * 1024).map((_, i) => i & 0xff);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
