import type {
  SheetComparisonItemView,
  SheetReasonView,
  SheetSectionView,
} from '../../ipc/views/inspection-summary.ts';
import type { InspectionAnswerView, ItemComparisonView } from '../../ipc/views/inspections.ts';
import type { Reason, ScoreResult } from './score.ts';
import {
  type Bilingual,
  COULD_NOT_CHECK,
  type InspectionTemplate,
  type TemplateItem,
  type TownRules,
} from './template-schema.ts';

/**
 * An inspection's checklist resolved into words for the summary page and the report: every item with
 * its answer's label and points (or 確認できず / 未回答), the judgement's reasons as sentences, the
 * comparison with labels. Pure; reads the inspection's own template version only.
 */

export const COULD_NOT_CHECK_LABEL: Bilingual = { ja: '確認できず', en: 'Could not check' };
export const NOT_ASSESSED_LABEL: Bilingual = { ja: '未回答', en: 'Not assessed' };

function sectionsOf(template: InspectionTemplate, townRules: TownRules | null) {
  return [
    ...template.sections.map((s) => ({ section: s, from: 'template' as const })),
    ...(townRules?.sections ?? []).map((s) => ({ section: s, from: 'town' as const })),
  ];
}

function itemMap(template: InspectionTemplate, townRules: TownRules | null): Map<string, TemplateItem> {
  return new Map(
    sectionsOf(template, townRules).flatMap(({ section }) => section.items.map((i) => [i.key, i])),
  );
}

/** Every section and item, in checklist order, with what was answered. */
export function sheetSections(
  template: InspectionTemplate,
  townRules: TownRules | null,
  answers: readonly Pick<InspectionAnswerView, 'itemKey' | 'choice' | 'note'>[],
): SheetSectionView[] {
  const byKey = new Map(answers.map((a) => [a.itemKey, a]));
  return sectionsOf(template, townRules).map(({ section, from }) => ({
    key: section.key,
    label: section.label,
    from,
    items: section.items.map((item) => {
      const answer = byKey.get(item.key);
      const value = answer?.choice ?? null;
      const choice = item.choices.find((c) => c.key === value) ?? null;
      const state = value === COULD_NOT_CHECK ? 'could_not_check' : choice ? 'answered' : 'not_assessed';
      return {
        key: item.key,
        label: item.label,
        category: item.category,
        state,
        choice: state === 'not_assessed' ? null : value,
        choiceLabel: choice?.label ?? (state === 'could_not_check' ? COULD_NOT_CHECK_LABEL : null),
        points: choice?.points ?? null,
        maxPoints: Math.max(...item.choices.map((c) => c.points)),
        note: answer?.note ?? null,
        needsEntry: item.needsEntry,
      };
    }),
  }));
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

/** A judgement reason in words: 「屋根：著しい状態」, 「不良度（町の加算前） 110点 ≧ 100点」. */
export function reasonText(
  reason: Reason,
  template: InspectionTemplate,
  townRules: TownRules | null,
): SheetReasonView {
  if (reason.kind === 'answer') {
    const item = itemMap(template, townRules).get(reason.item);
    const choice = item?.choices.find((c) => c.key === reason.choice);
    return {
      kind: 'answer',
      text: {
        ja: `${item?.label.ja ?? reason.item}：${choice?.label.ja ?? reason.choice}`,
        en: `${item?.label.en ?? reason.item}: ${choice?.label.en ?? reason.choice}`,
      },
    };
  }
  const measure = template.scoring.measures.find((m) => m.key === reason.measure);
  const base = reason.of === 'base';
  return {
    kind: 'measure',
    text: {
      ja: `${measure?.label.ja ?? reason.measure}${base ? '（町の加算前）' : ''} ${fmt(reason.value)}点 ≧ ${fmt(reason.min)}点`,
      en: `${measure?.label.en ?? reason.measure}${base ? ' (before town additions)' : ''} ${fmt(reason.value)} ≥ ${fmt(reason.min)} points`,
    },
  };
}

export function sheetReasons(
  score: ScoreResult,
  template: InspectionTemplate,
  townRules: TownRules | null,
): SheetReasonView[] {
  return (score.judgement?.reasons ?? []).map((r) => reasonText(r, template, townRules));
}

function choiceLabel(item: TemplateItem | undefined, value: string | null): Bilingual | null {
  if (value === null) return null;
  if (value === COULD_NOT_CHECK) return COULD_NOT_CHECK_LABEL;
  const choice = item?.choices.find((c) => c.key === value);
  return choice?.label ?? { ja: value, en: value };
}

/**
 * The comparison with labels: each answer is named by the template version it was given with (an
 * old inspection keeps its own wording).
 */
export function sheetComparison(
  items: readonly ItemComparisonView[],
  now: { template: InspectionTemplate; townRules: TownRules | null },
  before: { template: InspectionTemplate; townRules: TownRules | null } | null,
): SheetComparisonItemView[] {
  const nowItems = itemMap(now.template, now.townRules);
  const beforeItems = before ? itemMap(before.template, before.townRules) : new Map<string, TemplateItem>();
  return items.map((c) => ({
    itemKey: c.itemKey,
    label: nowItems.get(c.itemKey)?.label ?? { ja: c.itemKey, en: c.itemKey },
    change: c.change,
    now: choiceLabel(nowItems.get(c.itemKey), c.now),
    before: choiceLabel(beforeItems.get(c.itemKey) ?? nowItems.get(c.itemKey), c.before),
    nowPoints: c.nowPoints,
    beforePoints: c.beforePoints,
  }));
}

/** 'YYYY-MM-DD HH:mm' in Japan time (UTC+9, no daylight saving) of a stored instant. */
export function japanDateTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 9 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 緯度経度 as printed: 27.05012, 128.41801 (five decimals: about a metre). */
export function latLonText(latitude: number | null, longitude: number | null): string | null {
  if (latitude === null || longitude === null) return null;
  return `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;
}
