import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { AppError } from '../../../shared/errors.ts';

/**
 * Attachment files at rest (docs/security.md, "Attachments"): AES-256-GCM in segments, so a 30 MB
 * photo is encrypted and decrypted as a stream, each 64 KiB checked on its own, with nothing held
 * whole in memory:
 *   header   "FTB1" + 8 random bytes (the file's nonce prefix)                          12 bytes
 *   segment  AES-256-GCM(plain[i*64Ki … (i+1)*64Ki)) + its 16-byte tag
 *            nonce = prefix ‖ uint32 big-endian i; associated data = header ‖ (1 if last else 0)
 * The counter stops segments being reordered, the last-segment flag stops a file being cut short, the
 * random prefix makes every file's nonces its own (the key is the same for all files). An empty file
 * is one empty last segment. Names and hashes stay those of the plain bytes (content addressing,
 * deduplication and the server's check are unchanged).
 */

export const BLOB_MAGIC = Buffer.from('FTB1', 'latin1');
export const HEADER = 12;
const TAG = 16;
export const SEGMENT = 64 * 1024;
/** One whole segment as stored: its ciphertext and its tag. */
export const SEALED_SEGMENT = SEGMENT + TAG;

/** A new file's header: the magic and a random nonce prefix of its own. */
export function newHeader(): Buffer {
  return Buffer.concat([BLOB_MAGIC, randomBytes(8)]);
}

/** The size of the encrypted file for `plain` bytes of content. */
export function encryptedSize(plain: number): number {
  return HEADER + plain + TAG * Math.max(1, Math.ceil(plain / SEGMENT));
}

/** The size of the content in an encrypted file of `size` bytes (null when it cannot be one). */
export function plainSize(size: number): number | null {
  const body = size - HEADER;
  if (body < TAG) return null;
  const segments = Math.ceil(body / (SEGMENT + TAG));
  const plain = body - TAG * segments;
  return plain >= 0 ? plain : null;
}

/** Whether the file at `path` starts as an encrypted blob does (a JPEG, PNG, PDF … never does). */
export function isEncryptedBlob(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.equals(BLOB_MAGIC);
  } finally {
    closeSync(fd);
  }
}

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 8);
  n.writeUInt32BE(index, 8);
  return n;
}

export function sealSegment(
  key: Buffer,
  header: Buffer,
  index: number,
  plain: Buffer,
  last: boolean,
): Buffer {
  const c = createCipheriv('aes-256-gcm', key, nonce(header.subarray(4), index));
  c.setAAD(Buffer.concat([header, Buffer.from([last ? 1 : 0])]));
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

export function openSegment(
  key: Buffer,
  header: Buffer,
  index: number,
  sealed: Buffer,
  last: boolean,
): Buffer {
  if (sealed.length < TAG) throw tampered();
  const d = createDecipheriv('aes-256-gcm', key, nonce(header.subarray(4), index));
  d.setAAD(Buffer.concat([header, Buffer.from([last ? 1 : 0])]));
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
  } catch {
    throw tampered();
  }
}

const tampered = () =>
  new AppError('INTERNAL', 'an attachment file does not decrypt: damaged, cut short or not ours');

/** Plain bytes in, the encrypted file's bytes out. */
export function encryptingStream(key: Buffer): Transform {
  const header = newHeader();
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const out: Buffer[] = index === 0 && pending.length > SEGMENT ? [header] : [];
      // A full segment is sealed only once more bytes follow it: the last one carries the last flag.
      while (pending.length > SEGMENT) {
        out.push(sealSegment(key, header, index++, pending.subarray(0, SEGMENT), false));
        pending = pending.subarray(SEGMENT);
      }
      done(null, out.length > 0 ? Buffer.concat(out) : undefined);
    },
    flush(done: TransformCallback) {
      const out: Buffer[] = index === 0 ? [header] : [];
      out.push(sealSegment(key, header, index++, pending, true));
      done(null, Buffer.concat(out));
    },
  });
}

/** The encrypted file's bytes in, plain bytes out; fails (nothing more emitted) on any tampering. */
export function decryptingStream(key: Buffer): Transform {
  let header: Buffer | null = null;
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      try {
        if (!header) {
          if (pending.length < HEADER) return done();
          header = Buffer.from(pending.subarray(0, HEADER));
          if (!header.subarray(0, 4).equals(BLOB_MAGIC)) throw tampered();
          pending = pending.subarray(HEADER);
        }
        const out: Buffer[] = [];
        while (pending.length > SEGMENT + TAG) {
          out.push(openSegment(key, header, index++, pending.subarray(0, SEGMENT + TAG), false));
          pending = pending.subarray(SEGMENT + TAG);
        }
        done(null, out.length > 0 ? Buffer.concat(out) : undefined);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!header) throw tampered();
        done(null, openSegment(key, header, index++, pending, true));
      } catch (error) {
        done(error as Error);
      }
    },
  });
}

/** The whole encrypted form of `plain` (small files, previews). */
export function encryptBytes(key: Buffer, plain: Uint8Array): Buffer {
  const header = newHeader();
  const parts: Buffer[] = [header];
  const bytes = Buffer.from(plain.buffer, plain.byteOffset, plain.byteLength);
  let index = 0;
  for (let at = 0; ; at += SEGMENT) {
    const last = at + SEGMENT >= bytes.length;
    parts.push(
      sealSegment(key, header, index++, bytes.subarray(at, Math.min(at + SEGMENT, bytes.length)), last),
    );
    if (last) break;
  }
  return Buffer.concat(parts);
}

/** The plain bytes of a whole encrypted file, every segment checked. */
export function decryptBytes(key: Buffer, file: Buffer): Buffer {
  if (file.length < HEADER + TAG || !file.subarray(0, 4).equals(BLOB_MAGIC)) throw tampered();
  const header = file.subarray(0, HEADER);
  const parts: Buffer[] = [];
  let index = 0;
  for (let at = HEADER; ; at += SEGMENT + TAG) {
    const end = Math.min(at + SEGMENT + TAG, file.length);
    const last = end === file.length;
    parts.push(openSegment(key, header, index++, file.subarray(at, end), last));
    if (last) break;
  }
  return Buffer.concat(parts);
}

/**
 * The plain bytes [start, end) of an encrypted file holding `plain` bytes, reading and checking only
 * the segments that cover them (the upload sends a 30 MB photo this way, one PATCH at a time, with
 * never more than a PATCH and a segment in memory).
 */
export async function readPlainRange(
  file: FileHandle,
  key: Buffer,
  plain: number,
  start: number,
  end: number,
): Promise<Buffer> {
  end = Math.min(end, plain);
  if (start >= end) return Buffer.alloc(0);
  const header = Buffer.alloc(HEADER);
  const got = await file.read(header, 0, HEADER, 0);
  if (got.bytesRead !== HEADER || !header.subarray(0, 4).equals(BLOB_MAGIC)) throw tampered();
  const lastIndex = Math.max(1, Math.ceil(plain / SEGMENT)) - 1;
  const parts: Buffer[] = [];
  const first = Math.floor(start / SEGMENT);
  const last = Math.floor((end - 1) / SEGMENT);
  for (let i = first; i <= last; i++) {
    const length = (i === lastIndex ? plain - i * SEGMENT : SEGMENT) + TAG;
    const sealed = Buffer.alloc(length);
    const read = await file.read(sealed, 0, length, HEADER + i * SEALED_SEGMENT);
    if (read.bytesRead !== length) throw tampered();
    const opened = openSegment(key, header, i, sealed, i === lastIndex);
    const from = i === first ? start - i * SEGMENT : 0;
    const to = i === last ? end - i * SEGMENT : opened.length;
    parts.push(opened.subarray(from, to));
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
