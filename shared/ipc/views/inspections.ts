import type { Determination, InspectionStatus } from '../../domain/enums.ts';
import type { ScoreResult } from '../../domain/inspection/score.ts';
import type { Bilingual, InspectionTemplate, TownRules } from '../../domain/inspection/template-schema.ts';

/** House inspections (現地調査): plain JSON, camelCase, never raw rows. */

export interface InspectionAnswerView {
  itemKey: string;
  /** A choice key of the item, 'could_not_check' (確認できず), or null (not assessed, a note only). */
  choice: string | null;
  note: string | null;
  answeredAt: string;
  answeredBy: string;
}

/** One section's progress: "12 / 18", and which items are still open (in template order). */
export interface SectionProgressView {
  key: string;
  label: Bilingual;
  /** Whether the section is the template's or the town's own. */
  from: 'template' | 'town';
  answered: number;
  total: number;
  unanswered: string[];
}

/** An inspection in a list: what was stored, no scoring needed. */
export interface InspectionSummaryView {
  id: string;
  propertyId: string;
  propertyAddress: string | null;
  inspectedOn: string;
  surveyorName: string | null;
  weather: string | null;
  templateId: string;
  templateVersion: number;
  townRulesId: string | null;
  townRulesVersion: number | null;
  status: InspectionStatus;
  startedAt: string | null;
  finishedAt: string | null;
  entryPermitted: boolean;
  /** Answered items (確認できず counts as answered) out of the checklist's items. */
  answered: number;
  total: number;
  /** Stored at finish (null before): the headline measure, its total and band, the judgement. */
  scoreMeasure: string | null;
  scoreTotal: number | null;
  scoreBand: string | null;
  judgement: string | null;
  scoreProvisional: boolean | null;
  determination: Determination | null;
  determinedBy: string | null;
  determinedOn: string | null;
}

export interface InspectionView extends InspectionSummaryView {
  recommendedAction: string | null;
  followUpOn: string | null;
  determinationNote: string | null;
  answers: InspectionAnswerView[];
  progress: SectionProgressView[];
  /** Computed now from the answers, the template version and the town's rules. */
  score: ScoreResult;
}

/** What answering one item returns: the stored answer and the progress it changed. */
export interface InspectionAnswerSaved {
  answer: InspectionAnswerView;
  section: SectionProgressView;
  answered: number;
  total: number;
}

/**
 * Per item, against the property's previous finished inspection with the same checklist: points
 * higher now = worse. `new`: assessed now, not before (or 確認できず then); `not_assessed`: not
 * assessed (or 確認できず) now.
 */
export type ItemChange = 'worse' | 'better' | 'same' | 'new' | 'not_assessed';

export interface ItemComparisonView {
  itemKey: string;
  now: string | null;
  before: string | null;
  nowPoints: number | null;
  beforePoints: number | null;
  change: ItemChange;
}

export interface InspectionComparisonView {
  inspectionId: string;
  previous: { id: string; inspectedOn: string; templateVersion: number } | null;
  items: ItemComparisonView[];
  counts: Record<ItemChange, number>;
}

export interface LastInspectionView {
  propertyId: string;
  /** The newest inspection day of the property (finished or not), or null: never inspected. */
  lastInspectedOn: string | null;
}

/** An inspection's checklist items by section, as a photo import files photos under them. */
export interface InspectionItemsView {
  inspectionId: string;
  sections: {
    key: string;
    label: Bilingual;
    from: 'template' | 'town';
    items: { key: string; label: Bilingual; photoExpected: boolean }[];
  }[];
}

/** A checklist a new inspection can start with: the version in effect on the day asked about. */
export interface ChecklistOptionView {
  id: string;
  version: number;
  effectiveFrom: string;
  title: Bilingual;
  items: number;
  /** The town rule sets for this checklist in effect that day (this town's, or the shipped example). */
  townRules: { id: string; version: number; title: Bilingual; municipalityId: string | null }[];
}

/** The exact checklist (and town rules) an inspection was made with: what the surveyor's screen shows. */
export interface InspectionChecklistView {
  inspectionId: string;
  template: InspectionTemplate;
  townRules: TownRules | null;
}
