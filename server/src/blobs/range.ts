/**
 * One `Range: bytes=…` header against a representation of `size` bytes (RFC 9110 §14). Only a single
 * range is served: a laptop resuming a download asks for one tail, and multipart/byteranges would buy
 * nothing but complexity. What the RFC lets a server ignore (another unit, several ranges, a
 * malformed spec) is answered with the whole body, as it allows.
 */
export type ByteRange =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const SINGLE = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

export function parseRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return { kind: 'full' };
  const match = SINGLE.exec(header);
  if (!match) return { kind: 'full' };
  const first = match[1] ?? '';
  const last = match[2] ?? '';
  if (first === '' && last === '') return { kind: 'full' };

  if (first === '') {
    // bytes=-n: the last n bytes. "-0" and any suffix of an empty body select nothing.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }

  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'full' }; // invalid spec: ignored
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'partial', start, end };
}
