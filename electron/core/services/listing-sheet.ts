import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import type { Facilities } from '../../../shared/domain/akiya/listing.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ListingSheetDocument } from '../../../shared/ipc/views.ts';
import type { AttachmentService } from '../attachments/attachment-service.ts';
import { readSetting, writeSetting } from '../db/settings.ts';
import type { Actor } from '../write/record-writer.ts';
import type { ConsentService } from './consent-service.ts';
import { type ListingSheetData, listingSheetHtml } from './listing-sheet-html.ts';

/**
 * Builds the 空き家バンク listing sheet (物件登録カード) of a property. Each build is a hand-over:
 * it goes through `ConsentService.disclose` first (CONSENT_REQUIRED without a valid 空き家バンク掲載
 * consent, nothing written), and what the sheet holds follows that consent's scope: the owner only
 * with 'owner', photos only with 'photos' or a valid 写真の公開 consent.
 */

export const LISTING_FONT_FILE = 'BIZUDGothic-Regular.ttf';
/** The town's contact line (担当課・電話) last printed, kept on this laptop. */
export const LISTING_CONTACT_SETTING = 'listing.contact';
/** At most this many photos: two rows of two fit the page under the table. */
export const LISTING_PHOTOS_MAX = 4;
/**
 * Each photo is printed about 85 × 48 mm: 800 × 450 px is over 200 dpi there. Inlining the 1600 px
 * previews instead made Chromium's print four times slower and the PDF five times larger.
 */
const SHEET_PHOTO = { width: 800, height: 450 } as const;

/**
 * Where the embedded font is: `resources/fonts/` in the repository (development, tests), or the
 * packaged app's resources folder (electron-builder copies resources/fonts there as `fonts/`).
 */
export function findListingFont(): string {
  const candidates: string[] = [];
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, 'fonts', LISTING_FONT_FILE));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    candidates.push(join(dir, 'resources', 'fonts', LISTING_FONT_FILE));
    dir = dirname(dir);
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new AppError('INTERNAL', `the listing sheet font ${LISTING_FONT_FILE} is missing`);
  return found;
}

interface PropertyRow {
  ref_number: string | null;
  address: string;
  lot_number: string | null;
  district: string | null;
  deal_type: string | null;
  price_yen: number | null;
  rent_yen: number | null;
  land_area_m2: number | null;
  floor_area_m2: number | null;
  layout: string | null;
  year_built: number | null;
  structure: string | null;
  floors: number | null;
  facilities: string | null;
  parking: string | null;
  nearby: string | null;
  surroundings: string | null;
  hazard: string | null;
  with_farmland: number;
  with_shop: number;
  repairs: string | null;
  furniture_left: number;
  owner_name: string | null;
  owner_intent: string | null;
}

function parseFacilities(json: string | null): Facilities {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' ? (value as Facilities) : {};
  } catch {
    return {};
  }
}

export interface ListingSheetOptions {
  sqlite: BetterSqlite3.Database;
  actor: Actor;
  consents: ConsentService;
  attachments: Pick<AttachmentService, 'readBytes'>;
  town: { prefecture: string; name: string };
  today: () => string;
  fontPath?: string;
}

export class ListingSheetService {
  private readonly options: ListingSheetOptions;

  constructor(options: ListingSheetOptions) {
    this.options = options;
  }

  contact(): string | null {
    return readSetting(this.options.sqlite, LISTING_CONTACT_SETTING);
  }

  /** Discloses (logged, or refused), then builds the sheet under the consent it went out under. */
  async document(input: {
    propertyId: string;
    recipient?: string | null | undefined;
    contact?: string | null | undefined;
  }): Promise<ListingSheetDocument> {
    const { sqlite, actor, consents } = this.options;
    const fontUrl = pathToFileURL(this.options.fontPath ?? findListingFont()).href;
    const disclosed = consents.disclose(
      input.propertyId,
      'bank_listing',
      'listing_sheet',
      input.recipient ?? null,
    );
    if (input.contact !== undefined) {
      writeSetting(sqlite, LISTING_CONTACT_SETTING, input.contact?.trim() ?? '');
    }
    const p = sqlite
      .prepare('SELECT * FROM property WHERE id = ? AND municipality_id = ? AND deleted_at IS NULL')
      .get(input.propertyId, actor.municipalityId) as PropertyRow | undefined;
    if (!p) throw new AppError('NOT_FOUND', 'property not found', 'propertyId');
    const scope = disclosed.consent.scope;
    const photoConsent = consents.list(input.propertyId).today.find((t) => t.purpose === 'photo_publication');
    const showPhotos = scope.includes('photos') || Boolean(photoConsent?.consentId);
    const data: ListingSheetData = {
      refNumber: p.ref_number,
      address: p.address || null,
      lotNumber: p.lot_number,
      district: p.district,
      dealType: p.deal_type,
      priceYen: p.price_yen,
      rentYen: p.rent_yen,
      landAreaM2: p.land_area_m2,
      floorAreaM2: p.floor_area_m2,
      layout: p.layout,
      yearBuilt: p.year_built,
      structure: p.structure,
      floors: p.floors,
      facilities: parseFacilities(p.facilities),
      parking: p.parking,
      nearby: p.nearby,
      surroundings: p.surroundings,
      hazard: p.hazard,
      withFarmland: p.with_farmland === 1,
      withShop: p.with_shop === 1,
      repairs: p.repairs,
      furnitureLeft: p.furniture_left === 1,
      owner: scope.includes('owner') ? { name: p.owner_name, intent: p.owner_intent } : null,
      photos: showPhotos ? await this.photos(input.propertyId) : [],
      town: this.options.town,
      contact: this.contact() || null,
      issuedOn: this.options.today(),
      fontUrl,
    };
    const name = p.ref_number ?? p.lot_number ?? p.address ?? 'property';
    return {
      html: listingSheetHtml(data),
      files: [fontUrl],
      fileName: `物件登録カード_${name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60)}.pdf`,
      disclosureId: disclosed.disclosureId,
    };
  }

  /**
   * The property's photos for the sheet: images only (never a scanned 同意書, never a PDF), 全景 first,
   * then in the order they were taken in; a colleague's photo this laptop cannot fetch is left out.
   */
  private async photos(propertyId: string): Promise<{ src: string; caption: string | null }[]> {
    const rows = this.options.sqlite
      .prepare(
        `SELECT id, caption, file_name FROM attachment
         WHERE owner_table = 'property' AND owner_id = ? AND municipality_id = ? AND deleted_at IS NULL
           AND mime_type IN ('image/jpeg', 'image/png', 'image/webp')
           AND (item_key IS NULL OR item_key NOT LIKE 'consent:%')
         ORDER BY (COALESCE(caption, '') || COALESCE(file_name, '')) LIKE '%全景%' DESC, created_at, id
         LIMIT ?`,
      )
      .all(propertyId, this.options.actor.municipalityId, LISTING_PHOTOS_MAX) as {
      id: string;
      caption: string | null;
    }[];
    const photos: { src: string; caption: string | null }[] = [];
    for (const r of rows) {
      try {
        const { bytes } = await this.options.attachments.readBytes(r.id, { preview: true });
        const small = await sharp(bytes)
          .rotate()
          .resize({ ...SHEET_PHOTO, fit: 'cover' })
          .jpeg({ quality: 80 })
          .toBuffer();
        photos.push({ src: `data:image/jpeg;base64,${small.toString('base64')}`, caption: r.caption });
      } catch {
        // Not on this laptop and not reachable now: the sheet goes out without it.
      }
    }
    return photos;
  }
}
