import sharp from 'sharp';

/**
 * Camera-like JPEGs for the end-to-end tests, made with sharp: real EXIF with a capture time (the
 * camera's clock, JST, no zone — as cameras write it) and a GPS position, and noise so that every
 * photo has bytes of its own (the import skips bytes already on an inspection).
 */

/** A time as the EXIF 'YYYY:MM:DD hh:mm:ss' of a camera whose clock shows `millis` read as UTC. */
export function exifClock(millis: number): string {
  const d = new Date(millis);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}:${p(d.getUTCMonth() + 1)}:${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Degrees as the EXIF rationals 'D/1 M/1 S/100'. */
export function dms(value: number): string {
  const d = Math.floor(value);
  const m = Math.floor((value - d) * 60);
  const s = Math.round(((value - d) * 60 - m) * 60 * 100);
  return `${d}/1 ${m}/1 ${s}/100`;
}

/** The position EXIF can carry for `value` (whole hundredths of a second), as exifr reads it back. */
export function dmsValue(value: number): number {
  const d = Math.floor(value);
  const m = Math.floor((value - d) * 60);
  const s = Math.round(((value - d) * 60 - m) * 60 * 100) / 100;
  return d + m / 60 + s / 3600;
}

export interface CameraShot {
  /** The camera's clock, read as UTC (JST on the camera: 09:00 there is 00:00 UTC). */
  cameraClock: number;
  latitude: number;
  longitude: number;
  /** Tints the photo; any number. */
  shade?: number;
  width?: number;
  height?: number;
}

/** One photo, and what the app should store for it (capture time as an ISO instant, the position). */
export async function cameraJpeg(shot: CameraShot): Promise<{
  bytes: Buffer;
  takenAt: string;
  latitude: number;
  longitude: number;
}> {
  const bytes = await sharp({
    create: {
      width: shot.width ?? 1600,
      height: shot.height ?? 1200,
      channels: 3,
      background: { r: (60 + (shot.shade ?? 0) * 15) % 256, g: 110, b: 90 },
      noise: { type: 'gaussian', mean: 110, sigma: 30 },
    },
  })
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'Futasato', Model: 'Field camera' },
      IFD2: { DateTimeOriginal: exifClock(shot.cameraClock) },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: dms(shot.latitude),
        GPSLongitudeRef: 'E',
        GPSLongitude: dms(shot.longitude),
      },
    })
    .toBuffer();
  return {
    bytes,
    takenAt: new Date(shot.cameraClock - 9 * 3_600_000).toISOString(),
    latitude: dmsValue(shot.latitude),
    longitude: dmsValue(shot.longitude),
  };
}
