import exifr from 'exifr';
import {
  type CaptureFacts,
  captureFacts,
  EXIF_PARSE_OPTIONS,
  type ExifFields,
} from '../../../../shared/domain/exif.ts';

/**
 * A picked photo's EXIF capture time and position, read here in the renderer before anything is
 * imported, so the grid can show and sort the photos while the surveyor assigns them to items.
 *
 * Library: `exifr`, the one the core already reads EXIF with (electron/core/attachments/images.ts):
 * pure JS with no network, no eval and no Node API for a File input (it reads slices of the Blob), so it
 * runs in the sandboxed renderer under the app's CSP; it reads only the first chunk of a file, not the
 * whole 10 MB photo. Both sides read the tags with the same options and turn them into a time and a
 * position with the same function (shared/domain/exif.ts), so what the grid shows is what gets stored.
 *
 * Null: the file says nothing (no EXIF, or not a photo exifr can read): the grid marks it.
 */
export async function readCaptureFacts(file: Blob): Promise<CaptureFacts | null> {
  try {
    const parsed = (await exifr.parse(file, EXIF_PARSE_OPTIONS)) as ExifFields | undefined;
    if (!parsed) return null;
    const facts = captureFacts(parsed);
    return facts.takenAt === null && facts.latitude === null ? null : facts;
  } catch {
    return null;
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order in the answer. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
