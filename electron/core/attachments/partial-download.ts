import { createHash, type Hash } from 'node:crypto';
import { type FileHandle, open, rm } from 'node:fs/promises';
import {
  BLOB_MAGIC,
  HEADER,
  newHeader,
  openSegment,
  SEALED_SEGMENT,
  SEGMENT,
  sealSegment,
} from '../encryption/blob-cipher.ts';

/**
 * A download in progress (`blobs/partial/<hash>`), resumable after a cut link or a restart.
 *
 * With a key (encryption at rest) the file never holds a plain byte: it is the encrypted blob format
 * (encryption/blob-cipher.ts) being built — the header, then every segment already sealed. A segment
 * is sealed and written only when it is whole and more bytes follow it (the last one carries the last
 * flag and is sealed at `finish`), so what is on disk is always header + k whole segments, and the
 * plain bytes held are k × 64 KiB: the count is the file's length, nothing else to keep in step. The
 * bytes after the last whole segment wait in memory; a cut loses them (at most 64 KiB, fetched again).
 * On resume the whole segments are decrypted and checked once, to hash the plain bytes again (a
 * hash's running state cannot be stored) and to drop a segment torn by a crash; the download asks for
 * the rest from there. Re-sealing a segment at the same index seals the same bytes with the same flag
 * (the content is fixed by its hash and the If-Range), so a nonce never covers two different texts;
 * a fresh start (a 200 instead of a 206, a wrong hash) takes a new random header.
 *
 * Without a key the file is the plain bytes as received, as before.
 */
export class PartialDownload {
  /** Plain bytes already held on disk: the download asks for the rest from here. */
  have = 0;
  private hash: Hash = createHash('sha256');
  private header: Buffer | null = null;
  private index = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private file: FileHandle | null = null;
  private written = 0;

  readonly path: string;
  private readonly key: Buffer | null;

  private constructor(path: string, key: Buffer | null) {
    this.path = path;
    this.key = key;
  }

  /** The partial file at `path`, opened to continue it (created empty if there is none). */
  static async open(path: string, key: Buffer | null): Promise<PartialDownload> {
    const partial = new PartialDownload(path, key);
    await partial.load();
    return partial;
  }

  private async load(): Promise<void> {
    try {
      this.file = await open(this.path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.file = await open(this.path, 'w+');
    }
    const size = (await this.file.stat()).size;
    if (!this.key) {
      // Hashed again from the file: what is there is what the server sent (the final hash decides).
      for await (const chunk of this.file.createReadStream({ autoClose: false, start: 0 })) {
        this.hash.update(chunk as Buffer);
      }
      this.have = size;
      this.written = size;
      return;
    }
    const head = Buffer.alloc(HEADER);
    const read = size >= HEADER ? (await this.file.read(head, 0, HEADER, 0)).bytesRead : 0;
    if (read !== HEADER || !head.subarray(0, 4).equals(BLOB_MAGIC)) {
      // Nothing usable, or a clear file an older version left: it goes, and the download starts over.
      await this.restart();
      return;
    }
    this.header = head;
    const whole = Math.floor((size - HEADER) / SEALED_SEGMENT);
    const sealed = Buffer.alloc(SEALED_SEGMENT);
    let good = 0;
    for (; good < whole; good++) {
      await this.file.read(sealed, 0, SEALED_SEGMENT, HEADER + good * SEALED_SEGMENT);
      try {
        this.hash.update(openSegment(this.key, head, good, sealed, false));
      } catch {
        break; // torn or damaged: kept up to the segment before it
      }
    }
    this.index = good;
    this.written = HEADER + good * SEALED_SEGMENT;
    if (this.written !== size) await this.file.truncate(this.written);
    this.have = good * SEGMENT;
  }

  /** The server sends the content from its first byte: whatever was held goes. */
  async restart(): Promise<void> {
    const file = this.requireFile();
    await file.truncate(0);
    this.hash = createHash('sha256');
    this.pending = [];
    this.pendingBytes = 0;
    this.index = 0;
    this.have = 0;
    this.written = 0;
    if (this.key) {
      this.header = newHeader();
      await this.append(this.header);
    }
  }

  /** Plain bytes as they arrive: hashed, and (with a key) sealed a whole segment at a time. */
  async write(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    if (!this.key) {
      await this.append(chunk);
      return;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes <= SEGMENT) return;
    let rest = Buffer.concat(this.pending);
    const out: Buffer[] = [];
    // A whole segment is sealed only once a byte follows it: the last one carries the last flag.
    while (rest.length > SEGMENT) {
      out.push(sealSegment(this.key, this.header!, this.index++, rest.subarray(0, SEGMENT), false));
      rest = rest.subarray(SEGMENT);
    }
    this.pending = [Buffer.from(rest)];
    this.pendingBytes = rest.length;
    await this.append(out.length === 1 ? out[0]! : Buffer.concat(out));
  }

  /**
   * The download ended: the last segment is sealed and the file flushed. Answers the SHA-256 and
   * the size of the plain bytes received; the caller adopts the file or discards it.
   */
  async finish(): Promise<{ sha256: string; size: number }> {
    const file = this.requireFile();
    let size = this.written;
    if (this.key) {
      const rest = Buffer.concat(this.pending);
      await this.append(sealSegment(this.key, this.header!, this.index, rest, true));
      size = this.index * SEGMENT + rest.length;
      this.pending = [];
      this.pendingBytes = 0;
    }
    await file.sync();
    await this.close();
    return { sha256: this.hash.digest('hex'), size };
  }

  /** Stops writing; the whole segments stay on disk for a resume. */
  async close(): Promise<void> {
    const file = this.file;
    this.file = null;
    await file?.close();
  }

  async discard(): Promise<void> {
    await this.close();
    await rm(this.path, { force: true });
  }

  private async append(bytes: Buffer): Promise<void> {
    const file = this.requireFile();
    let at = 0;
    while (at < bytes.length) {
      const { bytesWritten } = await file.write(bytes, at, bytes.length - at, this.written + at);
      at += bytesWritten;
    }
    this.written += bytes.length;
  }

  private requireFile(): FileHandle {
    if (!this.file) throw new Error('the partial download is closed');
    return this.file;
  }
}
