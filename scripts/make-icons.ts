import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/**
 * `npm run icons`: every app icon from the one drawing resources/icon.svg, with sharp (already a
 * dependency, for photo previews). The PNGs are sharp's; the Windows .ico and the macOS .icns are
 * written here, both being simple containers of PNG images:
 * - ICO: a 6-byte header, one 16-byte entry per image, then the PNGs (Windows Vista and later read
 *   PNG-compressed entries; 256 px is written as 0 in the one-byte width and height).
 * - ICNS: "icns" + total length, then per image a 4-byte type (icp4 16, icp5 32, icp6 64, ic07 128,
 *   ic08 256, ic09 512, ic10 1024) + length + PNG.
 * The results are committed; electron-builder.yml names them.
 */

const RESOURCES = resolve(dirname(fileURLToPath(import.meta.url)), '../resources');
const svg = readFileSync(join(RESOURCES, 'icon.svg'));

async function png(size: number): Promise<Buffer> {
  return sharp(svg, { density: Math.max(72, (72 * size) / 1024) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

export function ico(images: readonly { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, data } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2); // no palette
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

const ICNS_TYPES: Record<number, string> = {
  16: 'icp4',
  32: 'icp5',
  64: 'icp6',
  128: 'ic07',
  256: 'ic08',
  512: 'ic09',
  1024: 'ic10',
};

export function icns(images: readonly { size: number; data: Buffer }[]): Buffer {
  const chunks = images.map(({ size, data }) => {
    const type = ICNS_TYPES[size];
    if (!type) throw new Error(`no icns type for ${size} px`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

async function main(): Promise<void> {
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const images = new Map<number, Buffer>();
  for (const size of sizes) images.set(size, await png(size));
  const pick = (list: number[]) => list.map((size) => ({ size, data: images.get(size)! }));

  writeFileSync(join(RESOURCES, 'icon.png'), images.get(1024)!);
  writeFileSync(join(RESOURCES, 'icon-512.png'), images.get(512)!);
  writeFileSync(join(RESOURCES, 'icon.ico'), ico(pick([16, 24, 32, 48, 64, 128, 256])));
  writeFileSync(join(RESOURCES, 'icon.icns'), icns(pick([16, 32, 64, 128, 256, 512, 1024])));
  // Linux: electron-builder takes a folder of <size>x<size>.png.
  mkdirSync(join(RESOURCES, 'icons'), { recursive: true });
  for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
    writeFileSync(join(RESOURCES, 'icons', `${size}x${size}.png`), images.get(size)!);
  }
  process.stdout.write(`icons written to ${RESOURCES}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
