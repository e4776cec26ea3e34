import type { ConsentState } from '../../domain/akiya/consent.ts';
import type { ConsentPurpose, ConsentScope, DisclosureKind } from '../../domain/enums.ts';

/** An owner's consent (同意) as the property page shows it, with its state on the town's today. */
export interface ConsentView {
  id: string;
  propertyId: string;
  purpose: ConsentPurpose;
  recipient: string;
  scope: ConsentScope[];
  givenOn: string;
  expiresOn: string | null;
  withdrawnOn: string | null;
  notes: string | null;
  state: ConsentState;
  /** The scanned 同意書: attachments of the property whose item_key is `consent:<id>`. */
  scans: ConsentScanView[];
  createdAt: string;
}

export interface ConsentScanView {
  attachmentId: string;
  fileName: string | null;
  mimeType: string;
  createdAt: string;
}

/** Which purposes a hand-over may use today, and under which consent. */
export interface ConsentPurposeToday {
  purpose: ConsentPurpose;
  consentId: string | null;
  expiresOn: string | null;
}

export interface PropertyConsentsView {
  /** The town's calendar day the states were computed for ('YYYY-MM-DD'). */
  day: string;
  consents: ConsentView[];
  /** One entry per purpose; `consentId` null when none is valid today. */
  today: ConsentPurposeToday[];
}

/** One hand-over of a property's data outside the town office (the disclosure log). */
export interface DisclosureView {
  id: string;
  consentId: string;
  purpose: ConsentPurpose;
  what: DisclosureKind;
  recipient: string;
  disclosedAt: string;
  /** Who handed it over: a name when this laptop knows it, else null. */
  by: string | null;
}

/** The listing sheet (物件登録カード) as a whole HTML document, printed to PDF by the main process. */
export interface ListingSheetDocument {
  html: string;
  /** The file: URLs the document loads (its font): the only files the print window may read. */
  files: string[];
  fileName: string;
  disclosureId: string;
}

/** What printing the listing sheet did: saved under a name, or the save dialog was cancelled. */
export interface ListingSheetPrinted {
  fileName: string;
  saved: boolean;
  /** The PDF's size in bytes. */
  size: number;
}
