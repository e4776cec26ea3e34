import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The attachment bytes on this laptop, addressed by their SHA-256, in the server's layout
 * (server/src/blobs/store.ts):
 *   <dir of the database>/blobs/sha256/<first 2 hex>/<hash>   verified content, one file per content
 *   <dir of the database>/blobs/tmp/<random>                  a copy being written (never read)
 *   <dir of the database>/blobs/partial/<hash>                a download in progress (resumed by Range)
 * A file appears under sha256/ only by an atomic rename of bytes whose hash was computed from what
 * was written, so a reader never sees half a file or a file under the wrong name.
 */

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredBlob {
  sha256: string;
  size: number;
  path: string;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export class LocalBlobStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** The store beside a database file, as the app lays it out. */
  static besideDatabase(dbPath: string): LocalBlobStore {
    return new LocalBlobStore(join(dirname(dbPath), 'blobs'));
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256);
  }

  partialPathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.root, 'partial', sha256);
  }

  /** The size of the stored content, or null when this laptop does not have it. */
  sizeOf(sha256: string): Promise<number | null> {
    return sizeOf(this.pathOf(sha256));
  }

  private async tempPath(): Promise<string> {
    const dir = join(this.root, 'tmp');
    await mkdir(dir, { recursive: true });
    return join(dir, randomUUID());
  }

  /**
   * Moves a file whose hash and size are known into its content address. When the content is
   * already there, the new copy is dropped: content addressing makes the two identical.
   */
  async adopt(tempPath: string, sha256: string, size: number): Promise<StoredBlob> {
    const target = this.pathOf(sha256);
    if ((await sizeOf(target)) === size) {
      await rm(tempPath, { force: true });
      return { sha256, size, path: target };
    }
    // Flushed before the rename: the upload queue trusts a stored file to be whole after a crash.
    await fsyncFile(tempPath);
    await mkdir(dirname(target), { recursive: true });
    await rename(tempPath, target);
    return { sha256, size, path: target };
  }

  /**
   * Copies a file into the store, hashing the bytes as they are written (so the hash names exactly
   * what was stored, even if the source changes meanwhile). The source is left as it was.
   */
  async putFile(source: string): Promise<StoredBlob> {
    const temp = await this.tempPath();
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
      await pipeline(createReadStream(source), tee, createWriteStream(temp));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return this.adopt(temp, hash.digest('hex'), size);
  }

  async putBytes(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = await this.sizeOf(sha256);
    if (existing === bytes.length) return { sha256, size: existing, path: this.pathOf(sha256) };
    const temp = await this.tempPath();
    await writeFile(temp, bytes);
    return this.adopt(temp, sha256, bytes.length);
  }
}
