import { VACANCY_LIKELIHOODS, type VacancyLikelihood } from '../enums.ts';
import {
  type Bilingual,
  COULD_NOT_CHECK,
  type Condition,
  type InspectionTemplate,
  type Measure,
  type TemplateItem,
  type TemplateSection,
  type TownRules,
  townRulesFaultsAgainst,
} from './template-schema.ts';

/**
 * The score of one inspection: answers + its template (+ the town's rules) → points per category
 * (capped), each measure with its band, the judgement with its reasons, and what was not assessed.
 * Pure: the same answers and the same template version give the same result forever.
 *
 * Three states of an item, never confused:
 * - answered: one of its choices, scored;
 * - 確認できず (COULD_NOT_CHECK): the surveyor looked and could not tell; scores nothing and is listed;
 * - not assessed: no answer at all; scores nothing and is listed.
 * Neither of the last two counts as "no problem": when the worst choice of those items could move a
 * measure into another band (the 100-point line) or change the judgement, the result is provisional.
 */

/** itemKey → the chosen choice's key, or COULD_NOT_CHECK. Items without an entry are not assessed. */
export type Answers = Readonly<Record<string, string>>;

export interface Outcome {
  key: string;
  label: Bilingual;
}

export interface CategoryScore {
  key: string;
  label: Bilingual;
  /** Whether the category is the template's or the town's own. */
  from: 'template' | 'town';
  /** Points of the answered items, before the cap. */
  raw: number;
  cap: number | null;
  /** min(raw, cap). */
  points: number;
}

export interface AppliedMultiplier {
  key: string;
  label: Bilingual;
  factor: number;
}

export interface MeasureScore {
  key: string;
  label: Bilingual;
  /** The template's categories, each capped, added up. */
  base: number;
  /** The base read with the template's bands (the legal line, e.g. 不良住宅 at 100). */
  baseBand: Outcome;
  /** Points of the town's extra items added to this measure. */
  townAdded: number;
  /** The town's multipliers whose condition holds. */
  multipliers: AppliedMultiplier[];
  /** (base + townAdded) × every applied factor. */
  total: number;
  /** The total read with the town's bands when it has its own, else the template's. */
  band: Outcome;
  /** The total had every unanswered and 確認できず item been given its worst choice. */
  maxPossible: number;
  /** The band (or the base band) could still change once the missing items are assessed. */
  provisional: boolean;
}

export type Reason =
  | { kind: 'answer'; item: string; choice: string; flags: string[] }
  | { kind: 'measure'; measure: string; of: 'base' | 'total'; value: number; min: number };

export interface JudgementResult extends Outcome {
  reasons: Reason[];
  /** The judgement could be different once the missing items are assessed. */
  provisional: boolean;
  /** The judgement if every missing item were given its worst choice (same as key when not provisional). */
  worstCase: Outcome;
}

export interface ScoreResult {
  templateId: string;
  templateVersion: number;
  townRules: { id: string; version: number } | null;
  categories: CategoryScore[];
  measures: MeasureScore[];
  judgement: JudgementResult | null;
  /** 空家可能性, from a measure keyed `vacancy` whose bands are low / medium / high. */
  vacancyLikelihood: VacancyLikelihood | null;
  /** Items without an answer, in template order. */
  notAssessed: string[];
  /** Items answered 確認できず, in template order. */
  couldNotCheck: string[];
  /** Answers naming an item or choice that neither the template nor the town rules have: not scored. */
  unknownAnswers: string[];
  provisional: boolean;
}

/** Why an answer cannot be stored for this template: the service refuses it with a stable code. */
export function answerFault(
  template: InspectionTemplate,
  townRules: TownRules | null,
  itemKey: string,
  value: string,
): 'unknown_item' | 'unknown_choice' | null {
  const item = allItems(template, townRules).find((i) => i.key === itemKey);
  if (!item) return 'unknown_item';
  if (value === COULD_NOT_CHECK || item.choices.some((c) => c.key === value)) return null;
  return 'unknown_choice';
}

function allSections(template: InspectionTemplate, townRules: TownRules | null): TemplateSection[] {
  return [...template.sections, ...(townRules?.sections ?? [])];
}

function allItems(template: InspectionTemplate, townRules: TownRules | null): TemplateItem[] {
  return allSections(template, townRules).flatMap((s) => s.items);
}

/**
 * What the answers say, in two readings: `now` (answered items only) and `worst` (every missing item
 * could be any of its choices). Conditions only ask whether something is present, never whether it is
 * absent, so a condition false in `worst` cannot become true by assessing the rest.
 */
interface World {
  chosen: Map<string, Set<string>>;
  flags: Map<string, string[]>;
  measures: Map<string, { base: number; total: number }>;
}

function measureValue(at: { measure: string; of?: 'base' | 'total' | undefined }, w: World): number {
  const m = w.measures.get(at.measure);
  return (at.of === 'base' ? m?.base : m?.total) ?? 0;
}

function holds(cond: Condition, w: World): boolean {
  if ('flag' in cond) return (w.flags.get(cond.flag)?.length ?? 0) > 0;
  if ('answer' in cond) return w.chosen.get(cond.answer.item)?.has(cond.answer.choice) ?? false;
  if ('measureAtLeast' in cond) return measureValue(cond.measureAtLeast, w) >= cond.measureAtLeast.min;
  if ('all' in cond) return cond.all.every((c) => holds(c, w));
  return cond.any.some((c) => holds(c, w));
}

/** The answers (and measure values) that make a holding condition true: the judgement's reasons. */
function reasonsFor(cond: Condition, w: World, items: Map<string, TemplateItem>, answers: Answers): Reason[] {
  if (!holds(cond, w)) return [];
  if ('flag' in cond) return (w.flags.get(cond.flag) ?? []).map((item) => answerReason(item, items, answers));
  if ('answer' in cond) return [answerReason(cond.answer.item, items, answers)];
  if ('measureAtLeast' in cond) {
    const { measure, min } = cond.measureAtLeast;
    return [
      {
        kind: 'measure',
        measure,
        of: cond.measureAtLeast.of ?? 'total',
        value: measureValue(cond.measureAtLeast, w),
        min,
      },
    ];
  }
  const list = 'all' in cond ? cond.all : cond.any;
  return list.flatMap((c) => reasonsFor(c, w, items, answers));
}

function answerReason(itemKey: string, items: Map<string, TemplateItem>, answers: Answers): Reason {
  const choice = answers[itemKey] ?? '';
  const flags = items.get(itemKey)?.choices.find((c) => c.key === choice)?.flags ?? [];
  return { kind: 'answer', item: itemKey, choice, flags };
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const id = r.kind === 'answer' ? `a:${r.item}` : `m:${r.measure}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function bandOf(bands: Measure['bands'], value: number): Outcome {
  let band = bands[0]!;
  for (const b of bands) if (value >= b.min) band = b;
  return { key: band.key, label: band.label };
}

/** Sums in whole hundredths, so that 15 × 1.5 stays 22.5 and 0.1 + 0.2 does not drift past a line. */
const round = (n: number) => Math.round(n * 100) / 100;

interface CategoryDef {
  key: string;
  label: Bilingual;
  cap: number | null;
  from: 'template' | 'town';
}

export function scoreInspection(
  template: InspectionTemplate,
  answers: Answers,
  townRules: TownRules | null = null,
): ScoreResult {
  if (townRules) {
    const faults = townRulesFaultsAgainst(template, townRules);
    if (faults.length > 0)
      throw new Error(
        `town rules ${townRules.id} v${townRules.version} do not fit ${template.id}: ${faults.join('; ')}`,
      );
  }
  const items = allItems(template, townRules);
  const itemByKey = new Map(items.map((i) => [i.key, i]));

  const notAssessed: string[] = [];
  const couldNotCheck: string[] = [];
  const now: World = { chosen: new Map(), flags: new Map(), measures: new Map() };
  const worst: World = { chosen: new Map(), flags: new Map(), measures: new Map() };
  const addFlag = (w: World, flag: string, item: string) =>
    w.flags.set(flag, [...(w.flags.get(flag) ?? []), item]);
  const rawNow = new Map<string, number>();
  const rawWorst = new Map<string, number>();
  const add = (m: Map<string, number>, cat: string | null, n: number) => {
    if (cat !== null) m.set(cat, round((m.get(cat) ?? 0) + n));
  };

  for (const item of items) {
    const value = answers[item.key];
    const choice = item.choices.find((c) => c.key === value);
    if (choice) {
      for (const w of [now, worst]) {
        w.chosen.set(item.key, new Set([choice.key]));
        for (const f of choice.flags) addFlag(w, f, item.key);
      }
      add(rawNow, item.category, choice.points);
      add(rawWorst, item.category, choice.points);
      continue;
    }
    // Missing, or a choice the item lacks (also reported in unknownAnswers): nothing now, anything in
    // the worst case.
    if (value === COULD_NOT_CHECK) couldNotCheck.push(item.key);
    else notAssessed.push(item.key);
    worst.chosen.set(item.key, new Set(item.choices.map((c) => c.key)));
    for (const f of new Set(item.choices.flatMap((c) => c.flags))) addFlag(worst, f, item.key);
    add(rawWorst, item.category, Math.max(...item.choices.map((c) => c.points)));
  }
  const unknownAnswers = Object.keys(answers).filter((k) => {
    const item = itemByKey.get(k);
    return !item || (answers[k] !== COULD_NOT_CHECK && !item.choices.some((c) => c.key === answers[k]));
  });

  const categoryDefs: CategoryDef[] = [
    ...template.scoring.categories.map((c) => ({ ...c, from: 'template' as const })),
    ...(townRules?.categories ?? []).map((c) => ({ ...c, from: 'town' as const })),
  ];
  const capped = (raw: Map<string, number>, def: CategoryDef) => {
    const r = raw.get(def.key) ?? 0;
    return def.cap === null ? r : Math.min(r, def.cap);
  };
  const categories: CategoryScore[] = categoryDefs.map((def) => ({
    key: def.key,
    label: def.label,
    from: def.from,
    raw: rawNow.get(def.key) ?? 0,
    cap: def.cap,
    points: capped(rawNow, def),
  }));
  const sumOf = (keys: readonly string[], raw: Map<string, number>) =>
    round(keys.reduce((sum, k) => sum + capped(raw, categoryDefs.find((d) => d.key === k)!), 0));

  const measures: MeasureScore[] = template.scoring.measures
    .map((m) => {
      const townKeys = (townRules?.additions ?? [])
        .filter((a) => a.measure === m.key)
        .flatMap((a) => a.categories);
      const parts = (raw: Map<string, number>) => ({
        base: sumOf(m.categories, raw),
        added: sumOf(townKeys, raw),
      });
      const p = parts(rawNow);
      const pw = parts(rawWorst);
      // Multiplier conditions read measures before any multiplier, so no factor depends on another.
      now.measures.set(m.key, { base: p.base, total: round(p.base + p.added) });
      worst.measures.set(m.key, { base: pw.base, total: round(pw.base + pw.added) });
      return { m, p, pw };
    })
    .map(({ m, p, pw }) => {
      const mine = (townRules?.multipliers ?? []).filter((x) => x.measure === m.key);
      const applied = mine.filter((x) => holds(x.when, now));
      const factor = (list: typeof mine) => list.reduce((f, x) => f * x.factor, 1);
      const total = round((p.base + p.added) * factor(applied));
      const maxPossible = round((pw.base + pw.added) * factor(mine.filter((x) => holds(x.when, worst))));
      // The town may read its total with its own bands; the base is always read with the template's.
      const totalBands = townRules?.bands.find((b) => b.measure === m.key)?.bands ?? m.bands;
      const band = bandOf(totalBands, total);
      const baseBand = bandOf(m.bands, p.base);
      const provisional =
        bandOf(totalBands, maxPossible).key !== band.key || bandOf(m.bands, pw.base).key !== baseBand.key;
      return {
        key: m.key,
        label: m.label,
        base: p.base,
        baseBand,
        townAdded: p.added,
        multipliers: applied.map((x) => ({ key: x.key, label: x.label, factor: x.factor })),
        total,
        band,
        maxPossible,
        provisional,
      };
    });
  // The judgement reads the totals, after the town's multipliers.
  for (const ms of measures) {
    now.measures.set(ms.key, { base: ms.base, total: ms.total });
    worst.measures.set(ms.key, { base: worst.measures.get(ms.key)?.base ?? ms.base, total: ms.maxPossible });
  }

  const judgement = judge(template, now, worst, itemByKey, answers);
  const vacancy = measures.find((m) => m.key === 'vacancy')?.band.key;
  const vacancyLikelihood = VACANCY_LIKELIHOODS.find((v) => v === vacancy) ?? null;
  return {
    templateId: template.id,
    templateVersion: template.version,
    townRules: townRules ? { id: townRules.id, version: townRules.version } : null,
    categories,
    measures,
    judgement,
    vacancyLikelihood,
    notAssessed,
    couldNotCheck,
    unknownAnswers,
    provisional: measures.some((m) => m.provisional) || (judgement?.provisional ?? false),
  };
}

function judge(
  template: InspectionTemplate,
  now: World,
  worst: World,
  items: Map<string, TemplateItem>,
  answers: Answers,
): JudgementResult | null {
  const j = template.scoring.judgement;
  if (!j) return null;
  const pick = (w: World) => j.rules.find((r) => holds(r.when, w)) ?? null;
  const rule = pick(now);
  const worstRule = pick(worst);
  const chosen = rule ?? j.otherwise;
  const worstCase = worstRule ?? j.otherwise;
  return {
    key: chosen.key,
    label: chosen.label,
    reasons: rule ? dedupe(reasonsFor(rule.when, now, items, answers)) : [],
    provisional: worstCase.key !== chosen.key,
    worstCase: { key: worstCase.key, label: worstCase.label },
  };
}
