import { pathToFileURL } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import type { ConsentPurpose } from '../../../shared/domain/enums.ts';
import { AppError } from '../../../shared/errors.ts';
import type { InspectionReportDocument } from '../../../shared/ipc/views/inspection-summary.ts';
import type { AttachmentService } from '../attachments/attachment-service.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';
import type { ConsentService } from './consent-service.ts';
import {
  type InspectionReportData,
  inspectionReportHtml,
  type ReportPhoto,
} from './inspection-report-html.ts';
import type { InspectionSheets } from './inspection-summary.ts';
import { findListingFont } from './listing-sheet.ts';

/**
 * Builds the 現地調査報告書 of an inspection as HTML for the main process to print (docs/inspections.md).
 *
 * Owner data: by default the report carries none (it identifies the house, not its owner). Only when
 * the caller asks (`owner`) does it go through ConsentService.disclose for the purpose named: without a
 * valid consent of that purpose whose scope includes 'owner' it is refused (CONSENT_REQUIRED) and
 * nothing is written; with one, the hand-over is logged as a disclosure ('share') and the owner block
 * is printed.
 */

/** Each photo prints about 60 × 40 mm: 480 × 320 px is about 200 dpi there, and keeps 30 photos fast. */
const REPORT_PHOTO = { width: 480, height: 320 } as const;
/** Photos decoded at once: sharp has its own threads; more only queues. */
const PHOTO_CONCURRENCY = 4;

export interface InspectionReportOptions {
  sqlite: BetterSqlite3.Database;
  writer: RecordWriter;
  actor: Actor;
  sheets: InspectionSheets;
  consents: ConsentService;
  attachments: Pick<AttachmentService, 'readBytes'>;
  town: { prefecture: string; name: string };
  today: () => string;
  fontPath?: string;
}

export interface ReportInput {
  inspectionId: string;
  /** Print the owner block: only under a valid consent of this purpose whose scope includes the owner. */
  owner?: { purpose: ConsentPurpose; recipient?: string | null | undefined } | null | undefined;
}

export class InspectionReports {
  private readonly options: InspectionReportOptions;

  constructor(options: InspectionReportOptions) {
    this.options = options;
  }

  async document(input: ReportInput): Promise<InspectionReportDocument> {
    const { sheets, sqlite, actor } = this.options;
    const sheet = sheets.summary(input.inspectionId);
    const fontUrl = pathToFileURL(this.options.fontPath ?? findListingFont()).href;
    let owner: InspectionReportData['owner'] = null;
    let disclosureId: string | null = null;
    if (input.owner) {
      const { purpose, recipient } = input.owner;
      // One transaction: a consent without the owner in its scope throws after disclose, and the
      // disclosure row it wrote is rolled back with it.
      disclosureId = this.options.writer.write(actor, (tx) => {
        const disclosed = this.options.consents.disclose(
          sheet.property.id,
          purpose,
          'share',
          recipient ?? null,
          tx,
        );
        if (!disclosed.consent.scope.includes('owner'))
          throw new AppError('CONSENT_REQUIRED', `the ${purpose} consent does not cover the owner`, 'owner');
        return disclosed.disclosureId;
      });
      const o = sqlite
        .prepare('SELECT owner_name, owner_contact FROM property WHERE id = ? AND municipality_id = ?')
        .get(sheet.property.id, actor.municipalityId) as {
        owner_name: string | null;
        owner_contact: string | null;
      };
      owner = { name: o.owner_name, contact: o.owner_contact };
    }
    const photos = await this.photos(sheet);
    const html = inspectionReportHtml({
      sheet,
      town: this.options.town,
      photos,
      owner,
      issuedOn: this.options.today(),
      fontUrl,
    });
    const name = sheet.property.refNumber ?? sheet.property.lotNumber ?? sheet.property.address ?? 'property';
    return {
      html,
      files: [fontUrl],
      fileName: `現地調査報告書_${name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 50)}_${sheet.inspection.inspectedOn}.pdf`,
      disclosureId,
      photos: photos.length,
    };
  }

  /**
   * The inspection's photos in checklist order (then as taken), each with its item; a photo this
   * laptop cannot read now (a colleague's, offline) is left out rather than stopping the report.
   */
  private async photos(sheet: InspectionReportData['sheet']): Promise<ReportPhoto[]> {
    const rows = this.options.sqlite
      .prepare(
        `SELECT id, item_key, taken_at, latitude, longitude FROM attachment
         WHERE owner_table = 'inspection' AND owner_id = ? AND municipality_id = ? AND deleted_at IS NULL
           AND mime_type IN ('image/jpeg', 'image/png', 'image/webp')
         ORDER BY COALESCE(taken_at, created_at), id`,
      )
      .all(sheet.inspection.id, this.options.actor.municipalityId) as {
      id: string;
      item_key: string | null;
      taken_at: string | null;
      latitude: number | null;
      longitude: number | null;
    }[];
    const items = sheet.sections.flatMap((s) => s.items);
    const order = new Map(items.map((it, n) => [it.key, n]));
    const label = new Map(items.map((it) => [it.key, it.label.ja]));
    rows.sort((a, b) => (order.get(a.item_key ?? '') ?? -1) - (order.get(b.item_key ?? '') ?? -1));
    const out: (ReportPhoto | null)[] = new Array(rows.length).fill(null);
    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const n = next++;
        const r = rows[n]!;
        try {
          const { bytes } = await this.options.attachments.readBytes(r.id, { preview: true });
          const small = await sharp(bytes)
            .rotate()
            .resize({ ...REPORT_PHOTO, fit: 'cover' })
            .jpeg({ quality: 72 })
            .toBuffer();
          out[n] = {
            itemLabel: r.item_key ? (label.get(r.item_key) ?? r.item_key) : '全体',
            src: `data:image/jpeg;base64,${small.toString('base64')}`,
            takenAt: r.taken_at,
            latitude: r.latitude,
            longitude: r.longitude,
          };
        } catch {
          // Not on this laptop and not reachable now: the report goes out without it.
        }
      }
    };
    await Promise.all(Array.from({ length: PHOTO_CONCURRENCY }, worker));
    return out.filter((p): p is ReportPhoto => p !== null);
  }
}
