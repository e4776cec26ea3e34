import { z } from 'zod';
import { consentSave, consentWithdraw, plainText, uuid } from '../../domain/records.ts';
import type {
  ConsentView,
  DisclosureView,
  ListingSheetDocument,
  ListingSheetPrinted,
  PropertyConsentsView,
} from '../views.ts';
import { channel } from './define.ts';

const listingSheetInput = z
  .object({
    propertyId: uuid,
    /** To whom the sheet goes (the disclosure log's 提供先); the bank_listing consent's recipient when empty. */
    recipient: plainText(200).nullable().optional(),
    /** The town's contact line printed at the foot (担当課・電話); remembered on this laptop. */
    contact: plainText(200).nullable().optional(),
  })
  .strict();

/** Owners' consents (同意), the disclosure log, and the 空き家バンク listing sheet (docs/akiya.md). */
export const consentChannels = {
  'consents.list': channel<PropertyConsentsView>()(z.object({ propertyId: uuid }).strict()),
  'consents.save': channel<ConsentView>()(consentSave),
  'consents.withdraw': channel<ConsentView>()(consentWithdraw),
  'consents.disclosures': channel<DisclosureView[]>()(z.object({ propertyId: uuid }).strict()),
  /** Attaches the scanned 同意書 to the consent (an attachment of the property, item_key consent:<id>). */
  'consents.attachScan': channel<ConsentView>()(
    z
      .object({
        consentId: uuid,
        bytes: z.instanceof(Uint8Array, { message: 'validation.required' }),
        fileName: plainText(255).nullable().optional(),
      })
      .strict(),
  ),
  /** The town's contact line last printed on a listing sheet on this laptop. */
  'consents.listingContact': channel<{ contact: string | null }>()(z.object({}).strict()),
  /**
   * The listing sheet as HTML, after the hand-over is checked and logged (CONSENT_REQUIRED without a
   * valid 空き家バンク掲載 consent, and nothing written). The main process prints it.
   */
  'consents.listingSheet': channel<ListingSheetDocument>()(listingSheetInput),
} as const;

/**
 * Channels the main process answers itself, because they need a window or a dialog: printing the
 * listing sheet to PDF (it asks the core for `consents.listingSheet`, prints it in a hidden sandboxed
 * window and saves it where the person chooses). The end-to-end harness plays that part with Chromium.
 */
export const consentMainChannels = {
  'consents.printListingSheet': channel<ListingSheetPrinted>()(listingSheetInput),
} as const;
