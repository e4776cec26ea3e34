import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  contentPathIn,
  copyHashing,
  fsyncPath,
  promote,
  SHA256_HEX,
  sha256OfBytes,
  sizeOf,
} from '../../../shared/node/blob-files.ts';
import {
  BLOB_MAGIC,
  decryptBytes,
  decryptingStream,
  encryptBytes,
  encryptedSize,
  encryptingStream,
  isEncryptedBlob,
  plainSize,
  readPlainRange,
} from '../encryption/blob-cipher.ts';
import { type AtRestSecret, blobKeyOf } from '../encryption/keys.ts';
import { PartialDownload } from './partial-download.ts';

/**
 * The attachment bytes on this laptop, addressed by their SHA-256, in the layout the server keeps too
 * (shared/node/blob-files.ts):
 *   <dir of the database>/blobs/sha256/<first 2 hex>/<hash>   verified content, one file per content
 *   <dir of the database>/blobs/tmp/<random>                  a copy being written (never read)
 *   <dir of the database>/blobs/partial/<hash>                a download in progress (resumed by Range;
 *                                                              partial-download.ts)
 * A file appears under sha256/ only by an atomic rename of bytes whose hash was computed from what
 * was written, so a reader never sees half a file or a file under the wrong name.
 *
 * With a key (encryption at rest, docs/security.md) every file under sha256/ and tmp/ is encrypted
 * (encryption/blob-cipher.ts): it is still named by the SHA-256 of its plain bytes, `sizeOf` answers
 * the plain size, and the bytes are read through `readBytes`/`readStream`, decrypted and checked. A
 * download in progress (partial/) is encrypted too, segment by segment as the bytes arrive, so no
 * plain byte of a colleague's photo ever reaches the disk.
 */

export interface StoredBlob {
  sha256: string;
  size: number;
  path: string;
}

/** Plain bytes of a stored file, read by range (LocalBlobStore.openRanges). */
export interface PlainRanges {
  size: number;
  read(start: number, end: number): Promise<Buffer>;
  close(): Promise<void>;
}

export class LocalBlobStore {
  readonly root: string;
  /** The AES-256 key of the files (derived from the at-rest secret), or null: kept in clear. */
  private readonly key: Buffer | null;

  constructor(root: string, secret: AtRestSecret | null = null) {
    this.root = root;
    this.key = secret ? blobKeyOf(secret) : null;
  }

  /** The store beside a database file, as the app lays it out. */
  static besideDatabase(dbPath: string, secret: AtRestSecret | null = null): LocalBlobStore {
    return new LocalBlobStore(join(dirname(dbPath), 'blobs'), secret);
  }

  get encrypted(): boolean {
    return this.key !== null;
  }

  pathOf(sha256: string): string {
    return contentPathIn(this.root, sha256);
  }

  partialPathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, 'partial', sha256);
  }

  /** The download in progress of `sha256`, opened to continue it (partial-download.ts). */
  openPartial(sha256: string): Promise<PartialDownload> {
    return PartialDownload.open(this.partialPathOf(sha256), this.key);
  }

  /**
   * Moves a finished download, whose plain bytes hashed to `sha256`, into its content address: it is
   * already in the store's format (encrypted with a key), so only a rename is left.
   */
  async adoptPartial(partial: PartialDownload, sha256: string, size: number): Promise<StoredBlob> {
    const target = this.pathOf(sha256);
    await promote(partial.path, target, this.key ? encryptedSize(size) : size);
    return { sha256, size, path: target };
  }

  /** The size of the stored content (its plain bytes), or null when this laptop does not have it. */
  async sizeOf(sha256: string): Promise<number | null> {
    const size = await sizeOf(this.pathOf(sha256));
    if (size === null || !this.key) return size;
    return isEncryptedBlob(this.pathOf(sha256)) ? plainSize(size) : size;
  }

  /** The content's plain bytes, checked (a damaged or foreign file fails, nothing returned). */
  async readBytes(sha256: string): Promise<Buffer> {
    const file = await readFile(this.pathOf(sha256));
    if (!this.key || !file.subarray(0, 4).equals(Buffer.from('FTB1', 'latin1'))) return file;
    return decryptBytes(this.key, file);
  }

  /** The content's plain bytes as a stream (large files); a damaged segment ends it with an error. */
  readStream(sha256: string): Readable {
    const path = this.pathOf(sha256);
    if (!this.key || !isEncryptedBlob(path)) return createReadStream(path);
    const source = createReadStream(path);
    const plain = decryptingStream(this.key);
    source.on('error', (error) => plain.destroy(error));
    return source.pipe(plain);
  }

  /**
   * The content's plain bytes by range, for the upload (one PATCH at a time): from an encrypted file
   * only the segments covering the range are read and checked, so memory stays one PATCH and one
   * segment whatever the file's size. The caller closes it.
   */
  async openRanges(sha256: string): Promise<PlainRanges> {
    const path = this.pathOf(sha256);
    const file = await open(path, 'r');
    try {
      const stored = (await file.stat()).size;
      const head = Buffer.alloc(4);
      await file.read(head, 0, 4, 0);
      const sealed = this.key !== null && head.equals(BLOB_MAGIC);
      const size = sealed ? plainSize(stored) : stored;
      if (size === null) throw new Error('the stored file is not an encrypted blob');
      const key = this.key;
      return {
        size,
        read: async (start, end) => {
          if (sealed && key) return readPlainRange(file, key, size, start, end);
          const length = Math.max(0, Math.min(end, size) - start);
          const bytes = Buffer.alloc(length);
          const { bytesRead } = await file.read(bytes, 0, length, start);
          return bytes.subarray(0, bytesRead);
        },
        close: () => file.close(),
      };
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  private async tempPath(): Promise<string> {
    const dir = join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, randomUUID());
  }

  /**
   * Moves a clear file whose hash and size are known into its content address (a store without a
   * key). When the content is already there, the new copy is dropped: content addressing makes the
   * two identical.
   */
  private async adoptClear(tempPath: string, sha256: string, size: number): Promise<StoredBlob> {
    // Flushed before the rename (shared/node/blob-files.ts): the upload queue trusts a stored file to
    // be whole after a crash.
    const target = this.pathOf(sha256);
    await promote(tempPath, target, size);
    return { sha256, size, path: target };
  }

  /**
   * Copies a file into the store, hashing the bytes as they are written (so the hash names exactly
   * what was stored, even if the source changes meanwhile). The source is left as it was.
   */
  async putFile(source: string): Promise<StoredBlob> {
    const temp = await this.tempPath();
    if (!this.key) {
      const { sha256, size } = await copyHashing(source, temp);
      return this.adoptClear(temp, sha256, size);
    }
    // Hashed as plain bytes, written encrypted: no clear copy ever lands in the store.
    const hash = createHash('sha256');
    let size = 0;
    const tee = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(source), tee, encryptingStream(this.key), createWriteStream(temp));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    await promote(temp, this.pathOf(sha256), encryptedSize(size));
    return { sha256, size, path: this.pathOf(sha256) };
  }

  async putBytes(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = sha256OfBytes(bytes);
    const existing = await this.sizeOf(sha256);
    if (existing === bytes.length) return { sha256, size: existing, path: this.pathOf(sha256) };
    const temp = await this.tempPath();
    if (this.key) {
      await writeFile(temp, encryptBytes(this.key, bytes));
      await promote(temp, this.pathOf(sha256), encryptedSize(bytes.length));
      return { sha256, size: bytes.length, path: this.pathOf(sha256) };
    }
    await writeFile(temp, bytes);
    return this.adoptClear(temp, sha256, bytes.length);
  }

  /**
   * Encrypts, once, every file an earlier version stored in clear (at the first start with a key).
   * Each file is encrypted into tmp/ (its plain bytes hashed on the way: a file whose bytes do not
   * match its name is left as it is, for the store to heal), flushed, then renamed over the clear one:
   * a crash at any point leaves either the clear file or the encrypted one, never neither.
   */
  async encryptClearFiles(): Promise<{ converted: number; skipped: number }> {
    const result = { converted: 0, skipped: 0 };
    if (!this.key) return result;
    // A download an earlier version left in clear: it goes (the next open fetches it again, encrypted).
    try {
      for (const name of await readdir(join(this.root, 'partial'))) {
        const path = join(this.root, 'partial', name);
        if (!isEncryptedBlob(path)) await rm(path, { force: true });
      }
    } catch {
      // no partial/ folder
    }
    let prefixes: string[];
    try {
      prefixes = await readdir(join(this.root, 'sha256'));
    } catch {
      return result;
    }
    for (const prefix of prefixes) {
      let names: string[];
      try {
        names = await readdir(join(this.root, 'sha256', prefix));
      } catch {
        continue;
      }
      for (const name of names) {
        if (!SHA256_HEX.test(name)) continue;
        const path = this.pathOf(name);
        if (isEncryptedBlob(path)) continue;
        const temp = await this.tempPath();
        const hash = createHash('sha256');
        const tee = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            hash.update(chunk);
            done(null, chunk);
          },
        });
        try {
          await pipeline(createReadStream(path), tee, encryptingStream(this.key), createWriteStream(temp));
        } catch (error) {
          await rm(temp, { force: true });
          throw error;
        }
        if (hash.digest('hex') !== name) {
          await rm(temp, { force: true });
          result.skipped++;
          continue;
        }
        await fsyncPath(temp);
        await rename(temp, path);
        result.converted++;
      }
      try {
        await fsyncPath(join(this.root, 'sha256', prefix));
      } catch {
        // Windows cannot open a folder for flushing.
      }
    }
    return result;
  }
}
