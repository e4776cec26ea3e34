import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The packaging configuration as electron-builder reads it: Electron's fuses, and the icons of every
 * target, present and of the sizes each platform needs.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let config: Record<string, unknown>;

beforeAll(async () => {
  // electron-builder's own loader and schema check: what `electron-builder` itself would build from.
  const loaded = await getConfig(ROOT, null, null);
  await validateConfiguration(loaded, new DebugLogger(false));
  config = loaded as unknown as Record<string, unknown>;
});

describe('electron-builder.yml', () => {
  it('flips the fuses that close the ways around the app (no plain Node, no inspector, asar only)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // OnlyLoadAppFromAsar and the integrity check mean nothing without an asar.
    expect(config.asar).not.toBe(false);
  });

  it('publishes nowhere itself: updates go through the consortium server', () => {
    expect(config.publish).toBeNull();
  });

  it('names an icon for every target, generated from the one drawing', async () => {
    const win = config.win as { icon: string };
    const mac = config.mac as { icon: string };
    const linux = config.linux as { icon: string };
    expect(config.icon).toBe('resources/icon.png');
    const png = await sharp(join(ROOT, 'resources/icon.png')).metadata();
    expect([png.width, png.height, png.format]).toEqual([1024, 1024, 'png']);
    const png512 = await sharp(join(ROOT, 'resources/icon-512.png')).metadata();
    expect([png512.width, png512.height]).toEqual([512, 512]);

    // .ico: the header, then entries up to 256 px (stored as 0), each a PNG where the entry says.
    const ico = readFileSync(join(ROOT, win.icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const size = ico.readUInt8(entry) || 256;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      const meta = await sharp(ico.subarray(offset, offset + length)).metadata();
      expect(meta.width).toBe(size);
      sizes.push(size);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));

    // .icns: the declared length is the file's, and the 512 and 1024 px (ic09, ic10) images are there.
    const icns = readFileSync(join(ROOT, mac.icon));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types = new Map<string, number>();
    for (let at = 8; at < icns.length; ) {
      const type = icns.toString('latin1', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      types.set(type, (await sharp(icns.subarray(at + 8, at + length)).metadata()).width ?? 0);
      at += length;
    }
    expect(types.get('ic09')).toBe(512);
    expect(types.get('ic10')).toBe(1024);

    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const meta = await sharp(join(ROOT, linux.icon, `${size}x${size}.png`)).metadata();
      expect(meta.width, `${size}`).toBe(size);
    }
    expect(statSync(join(ROOT, 'resources/icon.svg')).isFile()).toBe(true);
  });
});
