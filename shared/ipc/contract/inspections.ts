import {
  inspectionAnswer,
  inspectionChecklists,
  inspectionDetermine,
  inspectionFinish,
  inspectionRef,
  inspectionStart,
  inspectionsOfProperty,
} from '../../domain/inputs/inspections.ts';
import type {
  ChecklistOptionView,
  InspectionAnswerSaved,
  InspectionChecklistView,
  InspectionComparisonView,
  InspectionItemsView,
  InspectionSummaryView,
  InspectionView,
  LastInspectionView,
} from '../views/inspections.ts';
import { channel, none } from './define.ts';

/** House inspections (現地調査): start, answer one item at a time, finish, the town's 判定, reads. */
export const inspectionChannels = {
  'inspections.start': channel<InspectionView>()(inspectionStart),
  'inspections.answer': channel<InspectionAnswerSaved>()(inspectionAnswer),
  'inspections.finish': channel<InspectionView>()(inspectionFinish),
  'inspections.determine': channel<InspectionView>()(inspectionDetermine),
  'inspections.get': channel<InspectionView>()(inspectionRef),
  'inspections.ofProperty': channel<InspectionSummaryView[]>()(inspectionsOfProperty),
  'inspections.inProgress': channel<InspectionSummaryView[]>()(none),
  'inspections.compare': channel<InspectionComparisonView>()(inspectionRef),
  'inspections.items': channel<InspectionItemsView>()(inspectionRef),
  'inspections.lastOfProperty': channel<LastInspectionView>()(inspectionsOfProperty),
  /** The start form's choice: the checklists (and town rules) in effect on a day. */
  'inspections.checklists': channel<ChecklistOptionView[]>()(inspectionChecklists),
  /** The checklist version an inspection was made with, for the surveyor's screen. */
  'inspections.checklist': channel<InspectionChecklistView>()(inspectionRef),
} as const;
