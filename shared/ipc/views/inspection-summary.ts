import type { Bilingual } from '../../domain/inspection/template-schema.ts';
import type { InspectionView, ItemChange } from './inspections.ts';

/**
 * The summary of one inspection (現地調査のまとめ) and its report: the checklist resolved into labels
 * (the inspection's own template version), so neither the page nor the report needs the template
 * files. Plain JSON.
 */

export type SheetItemState = 'answered' | 'could_not_check' | 'not_assessed';

export interface SheetItemView {
  key: string;
  label: Bilingual;
  /** The scoring category the item adds to (null: it only carries flags, e.g. 通学路). */
  category: string | null;
  state: SheetItemState;
  choice: string | null;
  choiceLabel: Bilingual | null;
  /** The chosen choice's points; null when not answered or 確認できず. */
  points: number | null;
  /** The item's highest points (its worst choice): what a missing answer could still add. */
  maxPoints: number;
  note: string | null;
  needsEntry: boolean;
}

export interface SheetSectionView {
  key: string;
  label: Bilingual;
  from: 'template' | 'town';
  items: SheetItemView[];
}

/** One judgement reason in words: an answer (item: choice) or a measure that reached a line. */
export interface SheetReasonView {
  kind: 'answer' | 'measure';
  text: Bilingual;
}

export interface InspectionPropertyView {
  id: string;
  refNumber: string | null;
  /** 住居表示. */
  address: string | null;
  /** 地番 (islands often have only this). */
  lotNumber: string | null;
  district: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface SheetComparisonItemView {
  itemKey: string;
  label: Bilingual;
  change: ItemChange;
  now: Bilingual | null;
  before: Bilingual | null;
  nowPoints: number | null;
  beforePoints: number | null;
}

export interface SheetComparisonView {
  previous: { id: string; inspectedOn: string; templateVersion: number; surveyorName: string | null } | null;
  counts: Record<ItemChange, number>;
  items: SheetComparisonItemView[];
}

export interface InspectionSheetView {
  inspection: InspectionView;
  template: { id: string; version: number; title: Bilingual; sources: string[] };
  townRules: { id: string; version: number; title: Bilingual } | null;
  property: InspectionPropertyView;
  sections: SheetSectionView[];
  reasons: SheetReasonView[];
  /** Who recorded the town's 判定, by name when this laptop knows it (else null: the id is in the inspection). */
  determinedByName: string | null;
  comparison: SheetComparisonView;
}

/** The report's HTML, built by the core; the main process prints it. */
export interface InspectionReportDocument {
  html: string;
  /** The files (file: URLs) the HTML may load: its font. */
  files: string[];
  fileName: string;
  /** The disclosure log row, when the report carries the owner (null: no owner data in it). */
  disclosureId: string | null;
  photos: number;
}

export interface InspectionReportPrinted {
  fileName: string;
  saved: boolean;
  size: number;
}
