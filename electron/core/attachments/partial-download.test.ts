import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decryptBytes,
  encryptBytes,
  HEADER,
  readPlainRange,
  SEALED_SEGMENT,
  SEGMENT,
} from '../encryption/blob-cipher.ts';
import { PartialDownload } from './partial-download.ts';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'futasato-partial-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const key = randomBytes(32);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Feeds `bytes` in uneven chunks, as a network delivers them. */
async function feed(partial: PartialDownload, bytes: Buffer): Promise<void> {
  for (let at = 0; at < bytes.length; ) {
    const n = Math.min(bytes.length - at, 1 + ((at * 7919) % 50_000));
    await partial.write(bytes.subarray(at, at + n));
    at += n;
  }
}

describe('a download in progress, encrypted', () => {
  it('keeps only whole sealed segments, resumes after a cut and a torn write, and ends as a blob', async () => {
    const path = join(freshDir(), 'p');
    const bytes = randomBytes(5 * SEGMENT + 1234);
    const first = await PartialDownload.open(path, key);
    expect(first.have).toBe(0);
    await feed(first, bytes.subarray(0, 3 * SEGMENT + 500));
    await first.close(); // the link is cut: the 500 bytes after the last whole segment are lost
    // Whole segments only: three were sealed, the third because a byte followed it.
    expect(statSync(path).size).toBe(HEADER + 3 * SEALED_SEGMENT);
    // A crash tore the next segment's write.
    appendFileSync(path, randomBytes(1000));

    const second = await PartialDownload.open(path, key);
    expect(second.have).toBe(3 * SEGMENT);
    expect(statSync(path).size).toBe(HEADER + 3 * SEALED_SEGMENT);
    await feed(second, bytes.subarray(second.have));
    const done = await second.finish();
    expect(done).toEqual({ sha256: sha256(bytes), size: bytes.length });
    expect(decryptBytes(key, readFileSync(path)).equals(bytes)).toBe(true);
  });

  it('drops a damaged segment and everything after it, and a clear file an older version left', async () => {
    const path = join(freshDir(), 'p');
    const bytes = randomBytes(4 * SEGMENT);
    const first = await PartialDownload.open(path, key);
    await feed(first, bytes.subarray(0, 3 * SEGMENT + 1));
    await first.close();
    const file = readFileSync(path);
    file[HEADER + SEALED_SEGMENT + 10]! ^= 1;
    writeFileSync(path, file);
    const again = await PartialDownload.open(path, key);
    expect(again.have).toBe(SEGMENT);
    await again.close();

    const clear = join(freshDir(), 'clear');
    appendFileSync(clear, bytes.subarray(0, 200_000));
    const fresh = await PartialDownload.open(clear, key);
    expect(fresh.have).toBe(0);
    expect(statSync(clear).size).toBe(HEADER);
    await fresh.close();
  });

  it('a file of exactly whole segments, an empty one, and a restart', async () => {
    for (const size of [0, SEGMENT, 2 * SEGMENT]) {
      const path = join(freshDir(), 'p');
      const bytes = randomBytes(size);
      const partial = await PartialDownload.open(path, key);
      await feed(partial, bytes);
      expect((await partial.finish()).sha256).toBe(sha256(bytes));
      expect(readFileSync(path).length).toBe(encryptBytes(key, bytes).length);
      expect(decryptBytes(key, readFileSync(path)).equals(bytes)).toBe(true);
    }
    const path = join(freshDir(), 'p');
    const partial = await PartialDownload.open(path, key);
    await feed(partial, randomBytes(3 * SEGMENT));
    await partial.restart();
    const bytes = randomBytes(SEGMENT + 7);
    await feed(partial, bytes);
    expect((await partial.finish()).sha256).toBe(sha256(bytes));
    expect(decryptBytes(key, readFileSync(path)).equals(bytes)).toBe(true);
  });
});

describe('plain ranges of an encrypted file', () => {
  it('answers any range, across segment edges, and refuses a damaged segment', async () => {
    const bytes = randomBytes(3 * SEGMENT + 99);
    const path = join(freshDir(), 'blob');
    appendFileSync(path, encryptBytes(key, bytes));
    const file = await open(path, 'r');
    try {
      for (const [start, end] of [
        [0, 10],
        [SEGMENT - 5, SEGMENT + 5],
        [0, bytes.length],
        [2 * SEGMENT, 3 * SEGMENT + 99],
        [3 * SEGMENT + 98, 4 * SEGMENT],
        [100, 100],
      ] as const) {
        const got = await readPlainRange(file, key, bytes.length, start, end);
        expect(got.equals(bytes.subarray(start, Math.min(end, bytes.length)))).toBe(true);
      }
    } finally {
      await file.close();
    }
    const damaged = readFileSync(path);
    damaged[HEADER + SEALED_SEGMENT + 3]! ^= 1;
    const bad = join(freshDir(), 'bad');
    appendFileSync(bad, damaged);
    const handle = await open(bad, 'r');
    try {
      await expect(readPlainRange(handle, key, bytes.length, 0, 10)).resolves.toHaveLength(10);
      await expect(readPlainRange(handle, key, bytes.length, SEGMENT, SEGMENT + 1)).rejects.toThrow();
    } finally {
      await handle.close();
    }
  });
});
