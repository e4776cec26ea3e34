import exifr from 'exifr';
import sharp, { type Metadata } from 'sharp';

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

/**
 * Camera clocks carry no zone unless the camera writes OffsetTimeOriginal (EXIF 2.31). Every town of
 * the consortium is in Japan and JST has no daylight saving, so a zone-less capture time is read as
 * JST rather than as whatever zone this laptop happens to be set to.
 */
const ASSUMED_CAMERA_OFFSET = '+09:00';

export interface ImageFacts {
  /** As displayed, i.e. after the EXIF orientation is applied. */
  width: number;
  height: number;
  /** ISO-8601 instant (UTC), or null when the photo says nothing. */
  takenAt: string | null;
  latitude: number | null;
  longitude: number | null;
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;

/** 'YYYY:MM:DD HH:MM:SS' with an optional '+09:00' offset → an ISO instant, or null. */
export function exifInstant(value: unknown, offset: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = EXIF_DATE.exec(value);
  if (!m) return null; // "0000:00:00 00:00:00" and blanks: the camera did not know
  const zone =
    typeof offset === 'string' && OFFSET.test(offset.trim()) ? offset.trim() : ASSUMED_CAMERA_OFFSET;
  const millis = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

interface ExifFields {
  DateTimeOriginal?: unknown;
  OffsetTimeOriginal?: unknown;
  CreateDate?: unknown;
  OffsetTimeDigitized?: unknown;
  latitude?: unknown;
  longitude?: unknown;
}

async function readExif(path: string): Promise<ExifFields> {
  try {
    const parsed = (await exifr.parse(path, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      // Raw date strings: exifr would otherwise read them in this laptop's zone.
      reviveValues: false,
      pick: [
        'DateTimeOriginal',
        'OffsetTimeOriginal',
        'CreateDate',
        'OffsetTimeDigitized',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
      ],
    })) as ExifFields | undefined;
    return parsed ?? {};
  } catch {
    // No EXIF, or a block exifr cannot read: the photo is kept all the same, without those facts.
    return {};
  }
}

function coordinate(value: unknown, limit: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** Pixel size and EXIF facts of an image file, or null when it is not an image sharp can read. */
export async function readImage(path: string): Promise<ImageFacts | null> {
  let meta: Metadata;
  try {
    meta = await sharp(path, { failOn: 'none' }).metadata();
  } catch {
    return null;
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) return null;
  const exif = await readExif(path);
  let latitude = coordinate(exif.latitude, 90);
  let longitude = coordinate(exif.longitude, 180);
  // Some cameras write 0/0 when they had no fix; no town of the consortium is in the Gulf of Guinea.
  if (latitude === null || longitude === null || (latitude === 0 && longitude === 0)) {
    latitude = null;
    longitude = null;
  }
  return {
    width,
    height,
    takenAt:
      exifInstant(exif.DateTimeOriginal, exif.OffsetTimeOriginal) ??
      exifInstant(exif.CreateDate, exif.OffsetTimeDigitized),
    latitude,
    longitude,
  };
}

/**
 * The preview colleagues see first and what goes up before any original: long edge ≤ 1600 px,
 * JPEG q80, upright (the EXIF orientation applied), and without metadata, so the copy that travels
 * first carries no GPS position.
 */
export async function renderPreview(path: string): Promise<{ bytes: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(path, { failOn: 'none' })
    .rotate()
    .resize(PREVIEW_LONG_EDGE, PREVIEW_LONG_EDGE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: PREVIEW_QUALITY })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}
