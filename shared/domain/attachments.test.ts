import { describe, expect, it } from 'vitest';
import { checkAttachmentBytes, MAX_ATTACHMENT_BYTES, sniffAttachmentType } from './attachments.ts';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('what may be attached', () => {
  it('recognises each accepted type by its signature', () => {
    expect(sniffAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe1]))).toBe('image/jpeg');
    expect(sniffAttachmentType(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0]))).toBe('image/png');
    expect(sniffAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffAttachmentType(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0]))).toBe('image/heic');
    expect(sniffAttachmentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses what is not one of them, whatever it is called', () => {
    expect(sniffAttachmentType(bytes('hello, this is text'))).toBeNull();
    expect(sniffAttachmentType(bytes([0xff, 0xd8]))).toBeNull(); // too short to be a JPEG
    expect(sniffAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toBeNull(); // audio
    expect(sniffAttachmentType(bytes([0, 0, 0, 0x18], 'ftypisom'))).toBeNull(); // an MP4 video
    expect(sniffAttachmentType(new Uint8Array(0))).toBeNull();
    expect(checkAttachmentBytes(bytes('GIF89a'))).toEqual({ ok: false, code: 'ATTACHMENT_UNSUPPORTED_TYPE' });
  });

  it('refuses a file over the limit even when its type is fine, and accepts one at the limit', () => {
    const atLimit = new Uint8Array(MAX_ATTACHMENT_BYTES);
    atLimit.set([0xff, 0xd8, 0xff]);
    expect(checkAttachmentBytes(atLimit)).toEqual({ ok: true, type: 'image/jpeg' });
    const over = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    over.set([0xff, 0xd8, 0xff]);
    expect(checkAttachmentBytes(over)).toEqual({ ok: false, code: 'ATTACHMENT_TOO_LARGE' });
  });
});
