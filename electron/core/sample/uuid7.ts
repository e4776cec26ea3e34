import type { Rng } from './prng.ts';

/**
 * A UUIDv7 (RFC 9562) whose timestamp is the record's creation time and whose 74 random bits come from
 * the seeded PRNG: real ids keep their time order (so sample rows sort like real ones in the B-tree),
 * yet the same options always give the same ids.
 */
export function sampleUuidV7(ms: number, rng: Rng): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 2 ** 48) throw new Error(`uuid v7: bad timestamp ${ms}`);
  const r1 = rng.u32();
  const r2 = rng.u32();
  const r3 = rng.u32();
  const lo = ms >>> 0;
  putHex(Math.floor(ms / 2 ** 32), 4, 0);
  putHex(lo >>> 16, 4, 4);
  chars[8] = DASH;
  putHex(lo & 0xffff, 4, 9);
  chars[13] = DASH;
  chars[14] = SEVEN;
  putHex(r1 & 0xfff, 3, 15);
  chars[18] = DASH;
  // Variant 0b10 in the top two bits of the fourth group, then 14 random bits.
  putHex(0x8000 | ((r1 >>> 12) & 0x3fff), 4, 19);
  chars[23] = DASH;
  putHex(r2 >>> 16, 4, 24);
  putHex(r2 & 0xffff, 4, 28);
  putHex(r3 & 0xffff, 4, 32);
  return String.fromCharCode(...chars);
}

/*
 * The id is assembled as character codes and turned into one flat string: concatenating the pieces
 * would leave a tree of string fragments per id, which for the ~250k ids of the large sample costs
 * about as much memory as the rest of the row.
 */
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
const SEVEN = '7'.charCodeAt(0);
const chars: number[] = new Array<number>(36).fill(0);

function putHex(value: number, nibbles: number, at: number): void {
  let v = value;
  for (let i = nibbles - 1; i >= 0; i--) {
    chars[at + i] = HEX_CODES[v & 0xf] as number;
    v >>>= 4;
  }
}

export const UUID_V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The creation time encoded in a UUIDv7, in ms since the epoch. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
