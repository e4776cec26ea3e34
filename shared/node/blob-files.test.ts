import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  contentPathIn,
  copyHashing,
  promote,
  SHA256_HEX,
  sha256OfBytes,
  sha256OfFile,
  sizeOf,
} from './blob-files.ts';

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'futasato-blob-files-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('content-addressed blob files (laptop and server alike)', () => {
  it('lays content out as sha256/<first two hex>/<hash> and refuses anything but a sha256', () => {
    const hash = hex(Buffer.from('a'));
    expect(contentPathIn('/store', hash)).toBe(`/store/sha256/${hash.slice(0, 2)}/${hash}`);
    expect(SHA256_HEX.test(hash)).toBe(true);
    expect(() => contentPathIn('/store', '../../etc/passwd')).toThrow(/not a sha256/);
    expect(() => contentPathIn('/store', hash.toUpperCase())).toThrow(/not a sha256/);
  });

  it('hashes files and bytes as SHA-256 hex', async () => {
    const bytes = Buffer.from('ふたさと attachment bytes');
    const file = join(root, 'f');
    writeFileSync(file, bytes);
    expect(await sha256OfFile(file)).toBe(hex(bytes));
    expect(sha256OfBytes(bytes)).toBe(hex(bytes));
  });

  it('knows a size only for a file that is there', async () => {
    writeFileSync(join(root, 'f'), Buffer.alloc(123));
    expect(await sizeOf(join(root, 'f'))).toBe(123);
    expect(await sizeOf(join(root, 'missing'))).toBeNull();
    expect(await sizeOf(root)).toBeNull();
  });

  it('promotes a staged file to its address, drops a copy of content already there, heals a short one', async () => {
    const bytes = Buffer.from('content');
    const hash = hex(bytes);
    const target = contentPathIn(root, hash);
    const stage = (name: string, content: Buffer) => {
      const path = join(root, 'tmp', name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    };

    const first = stage('one', bytes);
    expect(await promote(first, target, bytes.length)).toBe('stored');
    expect(readFileSync(target)).toEqual(bytes);
    expect(existsSync(first)).toBe(false);

    const second = stage('two', bytes);
    expect(await promote(second, target, bytes.length)).toBe('existed');
    expect(existsSync(second)).toBe(false);
    expect(readFileSync(target)).toEqual(bytes);

    writeFileSync(target, bytes.subarray(0, 3)); // a short copy left by a crash before this code
    const third = stage('three', bytes);
    expect(await promote(third, target, bytes.length)).toBe('stored');
    expect(readFileSync(target)).toEqual(bytes);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('copies while hashing what was written, and leaves nothing behind when the copy fails', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    writeFileSync(join(root, 'source'), bytes);
    const copied = await copyHashing(join(root, 'source'), join(root, 'copy'));
    expect(copied).toEqual({ sha256: hex(bytes), size: bytes.length });
    expect(readFileSync(join(root, 'copy'))).toEqual(bytes);

    await expect(copyHashing(join(root, 'missing'), join(root, 'copy2'))).rejects.toThrow(/ENOENT/);
    expect(existsSync(join(root, 'copy2'))).toBe(false);
  });
});
