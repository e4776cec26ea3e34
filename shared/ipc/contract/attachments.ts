import { z } from 'zod';
import { ATTACHMENT_OWNER_TABLES } from '../../domain/attachments.ts';
import { plainText, uuid } from '../../domain/records.ts';
import type { AttachmentBytesView, AttachmentItemView, UploadQueueView } from '../views.ts';
import { channel, none } from './define.ts';

/** Photos and files attached to records, and the queue that sends their bytes. */
export const attachmentChannels = {
  /** The attachments of one record, with where each stands on its way up (this laptop's) or down. */
  'attachments.list': channel<AttachmentItemView[]>()(
    z.object({ ownerTable: z.enum(ATTACHMENT_OWNER_TABLES), ownerId: uuid }).strict(),
  ),
  /**
   * Attach a file's bytes to a record. Only the shape is checked here; size and type are the core's
   * (ATTACHMENT_TOO_LARGE, ATTACHMENT_UNSUPPORTED_TYPE), decided from the bytes themselves.
   */
  'attachments.add': channel<AttachmentItemView>()(
    z
      .object({
        ownerTable: z.enum(ATTACHMENT_OWNER_TABLES),
        ownerId: uuid,
        bytes: z.instanceof(Uint8Array, { message: 'validation.required' }),
        /** The name the file had when picked or dropped (optional: older callers send none). */
        fileName: plainText(255).nullable().optional(),
        /** The checklist item the photo documents (an inspection's item key); null for the record as a whole. */
        itemKey: z
          .string()
          .regex(/^[a-z0-9_]{1,80}$/, { message: 'validation.textInvalid' })
          .nullable()
          .optional(),
      })
      .strict(),
  ),
  /** The bytes to show (the preview by default), fetched once from the server for a colleague's photo. */
  'attachments.open': channel<AttachmentBytesView>()(
    z.object({ id: uuid, variant: z.enum(['preview', 'original']).default('preview') }).strict(),
  ),
  /** Removes an attachment from its record (a tombstone that syncs); its bytes stay on this laptop. */
  'attachments.remove': channel<{ id: string }>()(z.object({ id: uuid }).strict()),
  /** Sets (or, empty, clears) an attachment's caption 説明; only its author may (FORBIDDEN otherwise). */
  'attachments.setCaption': channel<AttachmentItemView>()(
    z.object({ id: uuid, caption: plainText(500).nullable() }).strict(),
  ),
  /** What waits to go up: previews, originals, originals held back on a metered link. */
  'attachments.queue': channel<UploadQueueView>()(none),
  /** 従量制回線: hold originals back (previews still go), or let them go. */
  'attachments.holdOriginals': channel<UploadQueueView>()(z.object({ hold: z.boolean() }).strict()),
} as const;
