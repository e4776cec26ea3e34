import type { ItemChange, ItemComparisonView, SectionProgressView } from '../../ipc/views/inspections.ts';
import type { Answers, MeasureScore, ScoreResult } from './score.ts';
import { COULD_NOT_CHECK, type InspectionTemplate, type TownRules } from './template-schema.ts';

/**
 * What a surveyor's screen and a list need besides the score: progress per section, the headline
 * figure stored at finish, and the item-by-item comparison with an earlier inspection. Pure.
 */

function sectionsOf(template: InspectionTemplate, townRules: TownRules | null) {
  return [
    ...template.sections.map((s) => ({ section: s, from: 'template' as const })),
    ...(townRules?.sections ?? []).map((s) => ({ section: s, from: 'town' as const })),
  ];
}

/** Items in a checklist (with the town's own), for "answered / total". */
export function itemCount(template: InspectionTemplate, townRules: TownRules | null): number {
  return sectionsOf(template, townRules).reduce((n, { section }) => n + section.items.length, 0);
}

/** Per section: answered (確認できず included) / total, and the items still open, in order. */
export function sectionProgress(
  template: InspectionTemplate,
  townRules: TownRules | null,
  answers: Answers,
): SectionProgressView[] {
  return sectionsOf(template, townRules).map(({ section, from }) => {
    const unanswered = section.items.filter((i) => answers[i.key] === undefined).map((i) => i.key);
    return {
      key: section.key,
      label: section.label,
      from,
      answered: section.items.length - unanswered.length,
      total: section.items.length,
      unanswered,
    };
  });
}

/**
 * The measure a list shows for an inspection: the first that is not 空家可能性 (a likelihood, not a
 * condition), else the first; null for a checklist that only judges (特定空家等の判断).
 */
export function headlineMeasure(result: ScoreResult): MeasureScore | null {
  return result.measures.find((m) => m.key !== 'vacancy') ?? result.measures[0] ?? null;
}

/** The score's headline as an inspection row stores it when it is finished (its score columns). */
export interface StoredHeadline {
  score_measure: string | null;
  score_total: number | null;
  score_band: string | null;
  judgement: string | null;
  score_provisional: 0 | 1;
}

/**
 * The one mapping from a score to the stored headline: the service's finish, its re-score after a
 * pull and the sample town all store exactly this, so a list never disagrees with a fresh score.
 */
export function storedHeadline(result: ScoreResult): StoredHeadline {
  const headline = headlineMeasure(result);
  return {
    score_measure: headline?.key ?? null,
    score_total: headline?.total ?? null,
    score_band: headline?.band.key ?? null,
    judgement: result.judgement?.key ?? null,
    score_provisional: result.provisional ? 1 : 0,
  };
}

function pointsOf(
  template: InspectionTemplate,
  townRules: TownRules | null,
  itemKey: string,
  value: string | undefined,
): number | null {
  if (value === undefined || value === COULD_NOT_CHECK) return null;
  for (const { section } of sectionsOf(template, townRules)) {
    const item = section.items.find((i) => i.key === itemKey);
    if (item) return item.choices.find((c) => c.key === value)?.points ?? null;
  }
  return null;
}

/**
 * Item by item against an earlier inspection (its own template version: an item's points are read
 * from the version each answer was given with). More points now is worse.
 */
export function compareAnswers(
  now: { template: InspectionTemplate; townRules: TownRules | null; answers: Answers },
  before: { template: InspectionTemplate; townRules: TownRules | null; answers: Answers },
): ItemComparisonView[] {
  return sectionsOf(now.template, now.townRules).flatMap(({ section }) =>
    section.items.map((item) => {
      const nowPoints = pointsOf(now.template, now.townRules, item.key, now.answers[item.key]);
      const beforePoints = pointsOf(before.template, before.townRules, item.key, before.answers[item.key]);
      let change: ItemChange;
      if (nowPoints === null) change = 'not_assessed';
      else if (beforePoints === null) change = 'new';
      else if (nowPoints > beforePoints) change = 'worse';
      else if (nowPoints < beforePoints) change = 'better';
      else change = 'same';
      return {
        itemKey: item.key,
        now: now.answers[item.key] ?? null,
        before: before.answers[item.key] ?? null,
        nowPoints,
        beforePoints,
        change,
      };
    }),
  );
}
