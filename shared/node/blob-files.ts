import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Content-addressed attachment files, as the laptop and the consortium server both keep them:
 *   <root>/sha256/<first 2 hex>/<hash>   verified content, one file per distinct content
 * A file appears there only by an atomic rename of bytes that were flushed first and whose hash is
 * known, so a reader never sees half a file or a file under the wrong name, and a crash right after
 * the rename cannot leave a short file behind. Each side adds its own folders beside sha256/ (the
 * laptop's tmp/ and partial/, the server's tus staging/).
 */

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Where the content with this hash lives under `root`. */
export function contentPathIn(root: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return join(root, 'sha256', sha256.slice(0, 2), sha256);
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/** The size of the file at `path`, or null when there is none. */
export async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Moves a file whose hash and size are known to its content address (`target`), flushing the bytes
 * before the rename and the folder after it: whoever is told the content is stored (the server's
 * upload confirmation, the laptop's upload queue after a crash) may rely on it being whole.
 * When the content is already there the new copy is dropped (content addressing makes the two
 * identical); a copy of the wrong size (a crash mid-write, a manual edit) is replaced, so storing the
 * content again heals it.
 */
export async function promote(staged: string, target: string, size: number): Promise<'stored' | 'existed'> {
  if ((await sizeOf(target)) === size) {
    await unlink(staged);
    return 'existed';
  }
  await fsyncPath(staged);
  await mkdir(dirname(target), { recursive: true });
  // Same file system (both under the store's root): the rename is atomic, so a reader never sees
  // half a file, and two writers of the same content racing here both leave identical bytes.
  await rename(staged, target);
  try {
    await fsyncPath(dirname(target));
  } catch {
    // Directories cannot be opened for fsync on every platform (Windows); the data itself is synced.
  }
  return 'stored';
}

/**
 * Copies `source` to `target`, hashing the bytes as they are written, so the hash names exactly what
 * was written even if the source changes meanwhile. A failed copy leaves no `target` behind.
 */
export async function copyHashing(source: string, target: string): Promise<{ sha256: string; size: number }> {
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
    await pipeline(createReadStream(source), tee, createWriteStream(target));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), size };
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
