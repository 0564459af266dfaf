import type { Random } from './random.ts';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Mints valid UUIDv7 ids (RFC 9562) for seeded rows, in increasing order, like a large import would:
 * a 48-bit millisecond timestamp starting at `startMs`, a 12-bit counter in rand_a (method 1 of the
 * RFC: 4096 ids per millisecond, then the next millisecond), and 62 bits from the seeded random
 * source. Ids in increasing order append to the primary-key B-trees instead of splitting pages at
 * random, and a seed reproduces the same ids. Several times faster than `uuid`'s v7.
 */
export class SeedIds {
  private readonly startMs: number;
  private readonly random: Random;
  private count = 0;

  constructor(startMs: number, random: Random) {
    this.startMs = startMs;
    this.random = random;
  }

  next(): string {
    const k = this.count++;
    const ms = this.startMs + Math.floor(k / 4096);
    const counter = k % 4096;
    const time = ms.toString(16).padStart(12, '0');
    const r1 = this.random.next32();
    const r2 = this.random.next32();
    return (
      time.slice(0, 8) +
      '-' +
      time.slice(8, 12) +
      '-' +
      (0x7000 | counter).toString(16) +
      '-' +
      HEX[0x80 | ((r1 >>> 24) & 0x3f)] +
      HEX[(r1 >>> 16) & 0xff] +
      '-' +
      HEX[(r1 >>> 8) & 0xff] +
      HEX[r1 & 0xff] +
      HEX[r2 >>> 24] +
      HEX[(r2 >>> 16) & 0xff] +
      HEX[(r2 >>> 8) & 0xff] +
      HEX[r2 & 0xff]
    );
  }
}
