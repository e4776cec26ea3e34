import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  contentPathIn,
  copyHashing,
  promote,
  SHA256_HEX,
  sha256OfBytes,
  sizeOf,
} from '../../../shared/node/blob-files.ts';

/**
 * The attachment bytes on this laptop, addressed by their SHA-256, in the layout the server keeps too
 * (shared/node/blob-files.ts):
 *   <dir of the database>/blobs/sha256/<first 2 hex>/<hash>   verified content, one file per content
 *   <dir of the database>/blobs/tmp/<random>                  a copy being written (never read)
 *   <dir of the database>/blobs/partial/<hash>                a download in progress (resumed by Range)
 * A file appears under sha256/ only by an atomic rename of bytes whose hash was computed from what
 * was written, so a reader never sees half a file or a file under the wrong name.
 */

export interface StoredBlob {
  sha256: string;
  size: number;
  path: string;
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
    return contentPathIn(this.root, sha256);
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
    const { sha256, size } = await copyHashing(source, temp);
    return this.adopt(temp, sha256, size);
  }

  async putBytes(bytes: Uint8Array): Promise<StoredBlob> {
    const sha256 = sha256OfBytes(bytes);
    const existing = await this.sizeOf(sha256);
    if (existing === bytes.length) return { sha256, size: existing, path: this.pathOf(sha256) };
    const temp = await this.tempPath();
    await writeFile(temp, bytes);
    return this.adopt(temp, sha256, bytes.length);
  }
}
