/**
 * How a photo's EXIF capture time and position are read, in one place for the core (which stores
 * them with the attachment) and the renderer (which shows and sorts photos before they are imported),
 * so both say the same thing about the same photo. Pure: the EXIF block is parsed by `exifr` on each side.
 */

/**
 * Camera clocks carry no zone unless the camera writes OffsetTimeOriginal (EXIF 2.31). Every town of
 * the consortium is in Japan and JST has no daylight saving, so a zone-less capture time is read as
 * JST rather than as whatever zone this laptop happens to be set to.
 */
export const ASSUMED_CAMERA_OFFSET = '+09:00';

/**
 * The options both sides give `exifr.parse`: the main IFD, EXIF and GPS blocks only (the thumbnail,
 * XMP, ICC and the rest are never read), raw date strings (`reviveValues: false`: exifr would
 * otherwise read them in this laptop's zone), and only the tags below.
 */
export const EXIF_PARSE_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  ifd1: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
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
};

/** What exifr hands back for EXIF_PICK (it adds `latitude` / `longitude` in decimal degrees). */
export interface ExifFields {
  DateTimeOriginal?: unknown;
  OffsetTimeOriginal?: unknown;
  CreateDate?: unknown;
  OffsetTimeDigitized?: unknown;
  latitude?: unknown;
  longitude?: unknown;
}

export interface CaptureFacts {
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

function coordinate(value: unknown, limit: number): number | null {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

/** The capture time and position an EXIF block gives, each null when absent or unusable. */
export function captureFacts(exif: ExifFields): CaptureFacts {
  let latitude = coordinate(exif.latitude, 90);
  let longitude = coordinate(exif.longitude, 180);
  // Some cameras write 0/0 when they had no fix; no town of the consortium is in the Gulf of Guinea.
  if (latitude === null || longitude === null || (latitude === 0 && longitude === 0)) {
    latitude = null;
    longitude = null;
  }
  return {
    takenAt:
      exifInstant(exif.DateTimeOriginal, exif.OffsetTimeOriginal) ??
      exifInstant(exif.CreateDate, exif.OffsetTimeDigitized),
    latitude,
    longitude,
  };
}
