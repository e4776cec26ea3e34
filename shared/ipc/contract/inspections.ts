import {
  inspectionAnswer,
  inspectionDetermine,
  inspectionFinish,
  inspectionRef,
  inspectionStart,
  inspectionsOfProperty,
} from '../../domain/inputs/inspections.ts';
import type {
  InspectionAnswerSaved,
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
} as const;
