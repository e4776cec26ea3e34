import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { sheetComparison, sheetReasons, sheetSections } from '../../../shared/domain/inspection/sheet.ts';
import type { InspectionTemplate, TownRules } from '../../../shared/domain/inspection/template-schema.ts';
import { AppError } from '../../../shared/errors.ts';
import type {
  InspectionPropertyView,
  InspectionSheetView,
} from '../../../shared/ipc/views/inspection-summary.ts';
import type { InspectionSummaryView } from '../../../shared/ipc/views/inspections.ts';
import { templateLibrary } from '../../../shared/node/inspection-templates.ts';
import type { Actor } from '../write/record-writer.ts';
import { type InspectionService, shippedTemplateDir } from './inspection-service.ts';

/**
 * The summary of an inspection (page `/inspections/:id/summary` and the report): the stored
 * inspection and its fresh score (InspectionService.get), the checklist resolved into labels, the
 * property's identification (住居表示, 地番, 緯度経度) and the comparison with the property's previous
 * inspection of the same checklist. Reads only; docs/inspections.md "Summary, 判定 and report".
 */
export class InspectionSheets {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly inspections: InspectionService;
  private readonly actor: Actor;
  private readonly authorName: (id: string) => string | null;
  private readonly templateDir: string;

  constructor(options: {
    sqlite: BetterSqlite3.Database;
    inspections: InspectionService;
    actor: Actor;
    authorName: (id: string) => string | null;
    templateDir?: string | undefined;
  }) {
    this.sqlite = options.sqlite;
    this.inspections = options.inspections;
    this.actor = options.actor;
    this.authorName = options.authorName;
    this.templateDir = options.templateDir ?? shippedTemplateDir();
  }

  /** The template and town rules exactly as the inspection was made with. */
  checklist(
    i: Pick<InspectionSummaryView, 'templateId' | 'templateVersion' | 'townRulesId' | 'townRulesVersion'>,
  ): { template: InspectionTemplate; townRules: TownRules | null } {
    const library = templateLibrary(this.templateDir);
    const template = library.templates.get(i.templateId, i.templateVersion);
    if (!template)
      throw new AppError('INSPECTION_TEMPLATE_UNKNOWN', `no checklist ${i.templateId} v${i.templateVersion}`);
    const townRules =
      i.townRulesId !== null && i.townRulesVersion !== null
        ? library.townRules.get(i.townRulesId, i.townRulesVersion)
        : null;
    if (i.townRulesId !== null && !townRules)
      throw new AppError(
        'INSPECTION_TEMPLATE_UNKNOWN',
        `no town rules ${i.townRulesId} v${i.townRulesVersion}`,
      );
    return { template, townRules };
  }

  property(propertyId: string): InspectionPropertyView {
    const p = this.sqlite
      .prepare(
        `SELECT id, ref_number, address, lot_number, district, latitude, longitude FROM property
         WHERE id = ? AND municipality_id = ?`,
      )
      .get(propertyId, this.actor.municipalityId) as
      | {
          id: string;
          ref_number: string | null;
          address: string | null;
          lot_number: string | null;
          district: string | null;
          latitude: number | null;
          longitude: number | null;
        }
      | undefined;
    if (!p) throw new AppError('NOT_FOUND', 'no such property', 'propertyId');
    return {
      id: p.id,
      refNumber: p.ref_number,
      address: p.address || null,
      lotNumber: p.lot_number,
      district: p.district,
      latitude: p.latitude,
      longitude: p.longitude,
    };
  }

  summary(inspectionId: string): InspectionSheetView {
    const inspection = this.inspections.get(inspectionId);
    const checklist = this.checklist(inspection);
    const { template, townRules } = checklist;
    const compared = this.inspections.compare(inspectionId);
    let previous: InspectionSheetView['comparison']['previous'] = null;
    let beforeChecklist: ReturnType<InspectionSheets['checklist']> | null = null;
    if (compared.previous) {
      const before = this.inspections.get(compared.previous.id);
      previous = { ...compared.previous, surveyorName: before.surveyorName };
      try {
        beforeChecklist = this.checklist(before);
      } catch {
        // A version this laptop does not ship: the old answers are shown by their keys.
      }
    }
    return {
      inspection,
      template: {
        id: template.id,
        version: template.version,
        title: template.title,
        sources: template.source.map((s) => `${s.name} ${s.article}`),
      },
      townRules: townRules ? { id: townRules.id, version: townRules.version, title: townRules.title } : null,
      property: this.property(inspection.propertyId),
      sections: sheetSections(template, townRules, inspection.answers),
      reasons: sheetReasons(inspection.score, template, townRules),
      determinedByName: inspection.determinedBy ? this.authorName(inspection.determinedBy) : null,
      comparison: {
        previous,
        counts: compared.counts,
        items: sheetComparison(compared.items, checklist, beforeChecklist),
      },
    };
  }
}
