import exifr from 'exifr';
import sharp, { type Metadata } from 'sharp';
import {
  type CaptureFacts,
  captureFacts,
  EXIF_PARSE_OPTIONS,
  type ExifFields,
  exifInstant,
} from '../../../shared/domain/exif.ts';

/**
 * What the app needs from a photo: its pixel size, a downscaled preview, and the EXIF capture time
 * and position.
 *
 * Library choice: `sharp` (libvips). A 3000×2000 JPEG becomes a 1600 px preview in well under a
 * second, in libuv's thread pool, so the main process stays responsive while a surveyor adds thirty
 * photos; pure-JS `jpeg-js` needs several seconds and a few hundred MB of RGBA per photo, on the
 * main thread. sharp ≥ 0.33 ships its native addon and libvips inside npm packages
 * (@img/sharp-<platform>, @img/sharp-libvips-<platform>): `npm install` downloads nothing else and
 * runs no build. The addon is Node-API, so it loads in Electron unchanged (no rebuild).
 * Packaging implication (not done here): a native module cannot be loaded from inside app.asar, so
 * electron-builder must unpack `node_modules/sharp/**` and `node_modules/@img/**` (asarUnpack), and a
 * build for another platform needs that platform's @img packages installed
 * (`npm install --os=win32 --cpu=x64 sharp`).
 * EXIF: `exifr`, small, pure JS, reads only the first chunk of the file.
 */

export const PREVIEW_LONG_EDGE = 1600;
export const PREVIEW_QUALITY = 80;
export const PREVIEW_MIME = 'image/jpeg';

export { exifInstant };

export interface ImageFacts extends CaptureFacts {
  /** As displayed, i.e. after the EXIF orientation is applied. */
  width: number;
  height: number;
}

async function readExif(path: string | Buffer): Promise<ExifFields> {
  try {
    const parsed = (await exifr.parse(path, EXIF_PARSE_OPTIONS)) as ExifFields | undefined;
    return parsed ?? {};
  } catch {
    // No EXIF, or a block exifr cannot read: the photo is kept all the same, without those facts.
    return {};
  }
}

/** Pixel size and EXIF facts of an image (a file, or its bytes), or null when sharp cannot read it. */
export async function readImage(path: string | Buffer): Promise<ImageFacts | null> {
  let meta: Metadata;
  try {
    meta = await sharp(path, { failOn: 'none' }).metadata();
  } catch {
    return null;
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) return null;
  return { width, height, ...captureFacts(await readExif(path)) };
}

/**
 * The preview colleagues see first and what goes up before any original: long edge ≤ 1600 px,
 * JPEG q80, upright (the EXIF orientation applied), and without metadata, so the copy that travels
 * first carries no GPS position.
 */
export async function renderPreview(
  path: string | Buffer,
): Promise<{ bytes: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(path, { failOn: 'none' })
    .rotate()
    .resize(PREVIEW_LONG_EDGE, PREVIEW_LONG_EDGE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: PREVIEW_QUALITY })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}
