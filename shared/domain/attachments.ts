import { ATTACHMENT_OWNERS, type AttachmentOwnerName } from '../records/registry.ts';

/**
 * What may be attached to a record (docs/domain.md#photos-and-files), shared by the main
 * side, which decides, and the renderer, which checks early so a refused file is never sent over IPC.
 * Pure code: no DOM, no Node.
 */

/** The tables whose rows take attachments: those the registry marks `attachments: true`. */
export const ATTACHMENT_OWNER_TABLES: readonly AttachmentOwnerName[] = ATTACHMENT_OWNERS;
export type AttachmentOwnerTable = AttachmentOwnerName;

/**
 * 30 MB: a phone or camera JPEG is 3–12 MB and a scanned A4 form a few MB; anything larger is almost
 * always a video or a mistake, and would hold a metered link for many minutes.
 */
export const MAX_ATTACHMENT_BYTES = 30 * 1024 * 1024;

/**
 * The types the app accepts, by what the bytes are (never by the file name or the type the OS
 * guessed): photos, and PDFs for scanned papers (同意書, 申込書). HEIC is kept as sent (no preview
 * is made: sharp's prebuilt libvips cannot decode it); the others get a 1600 px preview.
 */
export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** For the file picker's `accept`: a hint only, the bytes decide. */
export const ATTACHMENT_ACCEPT =
  '.jpg,.jpeg,.png,.webp,.heic,.heif,.pdf,image/jpeg,image/png,image/webp,image/heic,application/pdf';

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

function ascii(bytes: Uint8Array, from: number, length: number): string {
  let s = '';
  for (let i = from; i < from + length && i < bytes.length; i += 1) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** The type the bytes' signature says, if it is one the app accepts; else null. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    return 'image/webp';
  if (bytes.length >= 12 && ascii(bytes, 4, 4) === 'ftyp' && HEIF_BRANDS.has(ascii(bytes, 8, 4)))
    return 'image/heic';
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

export type AttachmentRefusal = 'ATTACHMENT_TOO_LARGE' | 'ATTACHMENT_UNSUPPORTED_TYPE';

/** Why these bytes may not be attached, or null when they may (with their type). */
export function checkAttachmentBytes(
  bytes: Uint8Array,
): { ok: true; type: AttachmentType } | { ok: false; code: AttachmentRefusal } {
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, code: 'ATTACHMENT_TOO_LARGE' };
  const type = sniffAttachmentType(bytes);
  return type ? { ok: true, type } : { ok: false, code: 'ATTACHMENT_UNSUPPORTED_TYPE' };
}
