import type { PropertyStatus, Structure } from '../../../shared/domain/enums.ts';
import { storedHeadline } from '../../../shared/domain/inspection/progress.ts';
import type { TemplateLibrary } from '../../../shared/domain/inspection/registry.ts';
import { type Answers, scoreInspection } from '../../../shared/domain/inspection/score.ts';
import {
  COULD_NOT_CHECK,
  type InspectionTemplate,
  type TemplateItem,
  type TownRules,
} from '../../../shared/domain/inspection/template-schema.ts';
import { answerId } from '../../../shared/ids.ts';
import type { Ctx, Stamper } from './context.ts';
import { type Day, formatDay, jstMs, parseDay } from './dates.ts';
import { FATHER_NAMES, MOTHER_NAMES, SURNAMES } from './names.ts';
import { fullName } from './people.ts';
import { RECOMMENDED_ACTIONS, WEATHER } from './phrases.ts';
import type { Rng, Weighted } from './prng.ts';
import type { InspectionAnswerRow, InspectionRow } from './rows.ts';

/**
 * The sample town's house inspections (現地調査), made with the shipped checklists and scored by the
 * same pure function as the app (scoreInspection, storedHeadline): a finished inspection's stored
 * headline is exactly what the service would store, and every inspection opens in the app.
 *
 * What a town's records look like after a few years of surveys: mostly an exterior survey from the
 * road; houses surveyed twice that got worse meanwhile; 不良度判定 of wooden houses, a few of them
 * 不良住宅 (100 points or more), some under the sample 通学路 town rules (×1.5); 特定空家等 /
 * 管理不全空家等 assessments, some with the town's 判定 recorded; 確認できず where the surveyor could not
 * enter or see; and one or two inspections still in progress today.
 */

/** A house that got as far as a survey (status 調査済 or beyond), as properties.ts placed it. */
export interface SurveyedHouse {
  propertyId: string;
  status: PropertyStatus;
  structure: Structure;
  /** The day its status went to 調査済 (or the day it was recorded). */
  surveyedDay: Day;
}

export interface InspectionsOut {
  inspections: InspectionRow[];
  inspectionAnswers: InspectionAnswerRow[];
}

type Scenario =
  /** One exterior survey. */
  | 'plain'
  /** Two exterior surveys, the later one worse. */
  | 'revisit'
  /** An exterior survey, then a 不良度判定 with entry, below the 100-point line. */
  | 'furyodo'
  /** A 不良度判定 at or above 100: 不良住宅, later determined by the town. */
  | 'furyo_jutaku'
  /** A 不良度判定 under the sample school-route town rules. */
  | 'school_route'
  /** An exterior survey, then a 特定空家等 assessment: 特定空家等の候補. */
  | 'tokutei'
  /** The same assessment ending in 管理不全空家等の候補. */
  | 'kanri_fuzen'
  /** An exterior survey started this morning, half answered. */
  | 'in_progress';

const WOODEN_ONLY: ReadonlySet<Scenario> = new Set(['furyodo', 'furyo_jutaku', 'school_route']);

/** Every size shows each case at least this often, in this order, before the rest are drawn. */
const REQUIRED: readonly Scenario[] = [
  'tokutei',
  'furyo_jutaku',
  'revisit',
  'school_route',
  'in_progress',
  'kanri_fuzen',
  'furyodo',
  'tokutei',
  'furyo_jutaku',
  'revisit',
  'school_route',
  'in_progress',
];

/** The rest (never 'in_progress': a town has one or two open at a time, not hundreds). */
const DRAWN: Weighted<Scenario> = [
  ['plain', 55],
  ['revisit', 14],
  ['furyodo', 10],
  ['furyo_jutaku', 3],
  ['school_route', 4],
  ['tokutei', 4],
  ['kanri_fuzen', 10],
];

export const SAMPLE_TOWN_RULES = 'sample_school_route';

/** What a surveyor writes beside a poor answer, by item key (exterior survey and 不良度判定). */
const NOTES: Record<string, readonly string[]> = {
  tilt: ['建物が道路側にやや傾いている', '下げ振りで傾斜を確認'],
  foundation: ['基礎に幅のあるひび割れ', '基礎の一部が沈下'],
  frame: ['土台の腐朽、柱の傾き', '白蟻被害の跡あり'],
  roof: ['瓦のずれ・一部落下', '棟が波打っている', '雨もりの跡あり'],
  walls: ['外壁の下地が露出', 'トタンがめくれている'],
  windows: ['窓ガラスが割れている', '雨戸が外れかけている'],
  gate_fence: ['ブロック塀にひび割れ', '門柱がぐらつく'],
  retaining_wall: ['擁壁にはらみ', '擁壁から水が染み出している'],
  decay_frame: ['柱の根元が腐朽', '梁のたわみ'],
  weeds: ['雑草が玄関まで覆っている'],
  rubbish: ['敷地内に粗大ごみ'],
};
const COULD_NOT_CHECK_NOTES = ['立入の許可がなく確認できず', 'フェンス越しで見えず', '樹木に隠れて見えず'];

function surveyorNames(rng: Rng): string[] {
  return Array.from({ length: 4 }, () =>
    fullName(rng.weighted(SURNAMES), rng.pick(rng.chance(0.7) ? FATHER_NAMES : MOTHER_NAMES)),
  );
}

/** 0 good … 1 poor: where the house ended up says how it looked when surveyed. */
function wear(status: PropertyStatus): number {
  switch (status) {
    case 'demolished':
      return 0.7;
    case 'surveyed':
    case 'negotiating':
      return 0.4;
    case 'renovating':
    case 'trial_housing':
      return 0.3;
    default:
      return 0.25;
  }
}

interface Made {
  answers: Record<string, string>;
  notes: Record<string, string>;
}

/**
 * Answers for a checklist's items at a condition `q` (0 good … 1 poor): each item takes the choice at
 * that level of its range (choices are listed from no problem to worst), with noise. Items that need
 * entry are 確認できず without it, and now and then an item could not be seen.
 */
function answerItems(
  items: readonly TemplateItem[],
  q: number,
  entry: boolean,
  rng: Rng,
  forced: Readonly<Record<string, string>> = {},
): Made {
  const made: Made = { answers: {}, notes: {} };
  for (const item of items) {
    const force = forced[item.key];
    if (force !== undefined) {
      made.answers[item.key] = force;
    } else if ((item.needsEntry && !entry) || rng.chance(0.04)) {
      made.answers[item.key] = COULD_NOT_CHECK;
      made.notes[item.key] = rng.pick(COULD_NOT_CHECK_NOTES);
      continue;
    } else {
      const x = Math.min(0.999, Math.max(0, q + (rng.next() - 0.5) * 0.6));
      // A good house's items are mostly fine: the level rises only above a threshold.
      const level = x < 0.45 ? 0 : Math.floor(((x - 0.45) / 0.55) * item.choices.length);
      const choice = item.choices[Math.min(level, item.choices.length - 1)];
      made.answers[item.key] = choice?.key ?? (item.choices[0]?.key as string);
    }
    const index = item.choices.findIndex((c) => c.key === made.answers[item.key]);
    const notes = NOTES[item.key];
    if (index > 0 && notes && rng.chance(0.7)) made.notes[item.key] = rng.pick(notes);
  }
  return made;
}

function itemsOf(template: InspectionTemplate, townRules: TownRules | null = null): TemplateItem[] {
  return [...template.sections, ...(townRules?.sections ?? [])].flatMap((s) => s.items);
}

/** The sign-of-vacancy section answered for a house that is (almost always) empty. */
function vacancyForced(template: InspectionTemplate, rng: Rng): Record<string, string> {
  const section = template.sections.find((s) => s.key === 'vacancy_signs');
  const forced: Record<string, string> = {};
  for (const item of section?.items ?? []) {
    const signs = item.choices.slice(1);
    forced[item.key] =
      rng.chance(0.7) && signs.length > 0 ? rng.pick(signs).key : (item.choices[0]?.key ?? '');
  }
  return forced;
}

interface Planned {
  template: InspectionTemplate;
  townRules: TownRules | null;
  day: Day;
  made: Made;
  entry: boolean;
  /** Answer only the first this many items (an inspection in progress). */
  answeredCount?: number;
  determination?: 'tokutei' | 'kanri_fuzen' | 'none';
}

export function generateInspections(
  houses: readonly SurveyedHouse[],
  library: TemplateLibrary,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
): InspectionsOut {
  const out: InspectionsOut = { inspections: [], inspectionAnswers: [] };
  const surveyors = surveyorNames(rng);
  const required = [...REQUIRED];
  const lastDay = ctx.today - 1;

  const templateOn = (id: string, day: Day, latest = lastDay): { template: InspectionTemplate; day: Day } => {
    const template = library.templates.effectiveOn(id, formatDay(day));
    if (template) return { template, day };
    // Surveyed before this checklist took effect: the house was surveyed again with it since.
    const first = library.templates.get(id, 1);
    if (!first) throw new Error(`sample: the checklist ${id} is not shipped`);
    const from = parseDay(first.effectiveFrom);
    return templateOn(id, Math.max(from, Math.min(latest, from + rng.int(0, Math.max(0, latest - from)))));
  };
  const townRulesOn = (day: Day): { townRules: TownRules; day: Day } => {
    const rules = library.townRules.effectiveOn(SAMPLE_TOWN_RULES, formatDay(day));
    if (rules) return { townRules: rules, day };
    const first = library.townRules.get(SAMPLE_TOWN_RULES, 1);
    if (!first) throw new Error(`sample: the town rules ${SAMPLE_TOWN_RULES} are not shipped`);
    const from = parseDay(first.effectiveFrom);
    return townRulesOn(Math.min(lastDay, from + rng.int(0, Math.max(0, lastDay - from))));
  };

  for (const house of houses) {
    const wooden = house.structure === 'wood';
    // Nobody starts a survey of a house already pulled down.
    const fits = (s: Scenario) =>
      (wooden || !WOODEN_ONLY.has(s)) && !(s === 'in_progress' && house.status === 'demolished');
    const index = required.findIndex(fits);
    let scenario: Scenario;
    if (index >= 0) scenario = required.splice(index, 1)[0] as Scenario;
    else {
      do scenario = rng.weighted(DRAWN);
      while (!fits(scenario));
    }
    // A 判定 needs a few weeks after the inspection: such houses were surveyed at least a month ago.
    const day = Math.min(house.surveyedDay, lastDay);
    const q = wear(house.status);
    const plans: Planned[] = [];
    const exterior = (on: Day, cond: number, latest = lastDay) => {
      const { template, day: d } = templateOn('exterior_survey', on, latest);
      return {
        template,
        townRules: null,
        day: d,
        entry: false,
        made: answerItems(itemsOf(template), cond, false, rng, vacancyForced(template, rng)),
      };
    };

    switch (scenario) {
      case 'plain':
        plans.push(exterior(day, q));
        break;
      case 'revisit': {
        const first = exterior(Math.min(day, lastDay - 120), Math.max(0, q - 0.2), lastDay - 120);
        const later = Math.min(lastDay, first.day + rng.int(90, 420));
        const second = exterior(later, q);
        worsen(first, second, rng);
        plans.push(first, second);
        break;
      }
      case 'furyodo':
      case 'furyo_jutaku':
      case 'school_route': {
        const when = scenario === 'furyodo' ? day : Math.min(day, lastDay - 45);
        const latest = scenario === 'furyodo' ? lastDay : lastDay - 45;
        const ext = exterior(when, scenario === 'furyodo' ? q : Math.max(q, 0.6), latest);
        plans.push(ext);
        // The detailed survey follows the exterior one within a few weeks (a 判定 weeks after that).
        const detailLatest = Math.min(lastDay, latest + 14);
        const { template, day: d0 } = templateOn('furyodo_wooden', ext.day + rng.int(0, 14), detailLatest);
        let d = Math.min(detailLatest, d0);
        let townRules: TownRules | null = null;
        if (scenario === 'school_route') {
          const on = townRulesOn(d);
          townRules = on.townRules;
          d = on.day;
        }
        const entry = rng.chance(0.6);
        // 不良住宅: the frame needs major repair and the roof and walls are badly damaged (別表第一
        // 2: 50 + 25 + 25 = 100 even before anything else).
        const forced: Record<string, string> =
          scenario === 'furyo_jutaku' || (scenario === 'school_route' && rng.chance(0.5))
            ? { frame: 'major', roof: rng.pick(['severe', 'deformed']), walls: 'severe' }
            : {};
        if (townRules) {
          forced.school_route = 'yes';
          forced.road_danger = rng.chance(0.5) ? 'present' : 'none';
        }
        const made = answerItems(
          itemsOf(template, townRules),
          scenario === 'furyodo' ? Math.min(q, 0.5) : 0.6,
          entry,
          rng,
          forced,
        );
        const plan: Planned = { template, townRules, day: d, made, entry };
        if (scenario === 'furyo_jutaku' && rng.chance(0.6)) plan.determination = 'tokutei';
        plans.push(plan);
        break;
      }
      case 'tokutei':
      case 'kanri_fuzen': {
        const ext = exterior(Math.min(day, lastDay - 45), Math.max(q, 0.55), lastDay - 45);
        plans.push(ext);
        const { template, day: d0 } = templateOn(
          'tokutei_kanri_fuzen',
          ext.day + rng.int(0, 14),
          lastDay - 31,
        );
        const d = Math.min(lastDay - 31, d0);
        const forced: Record<string, string> =
          scenario === 'tokutei'
            ? {
                s_roof_walls: 'tokutei',
                impact: 'present',
                ...(rng.chance(0.5) ? { route: 'yes' } : { imminence: 'imminent' }),
              }
            : {
                l_vegetation: 'kanri',
                e_trees: rng.pick(['kanri', 'none']),
                impact: 'none',
                imminence: 'low',
              };
        const made = tokuteiAnswers(itemsOf(template), scenario === 'tokutei' ? 0.3 : 0.12, rng, forced);
        const plan: Planned = { template, townRules: null, day: d, made, entry: false };
        if (scenario === 'tokutei' ? rng.chance(0.7) : rng.chance(0.4))
          plan.determination = scenario === 'tokutei' ? 'tokutei' : rng.pick(['kanri_fuzen', 'none']);
        plans.push(plan);
        break;
      }
      case 'in_progress': {
        const plan: Planned = { ...exterior(ctx.today, q), day: ctx.today };
        plan.answeredCount = Math.ceil(itemsOf(plan.template).length / 2);
        plans.push(plan);
        break;
      }
    }
    // The required cases go first so that even the small town shows each; a 判定 is always shown.
    if (index >= 0 && (scenario === 'tokutei' || scenario === 'furyo_jutaku')) {
      const last = plans[plans.length - 1] as Planned;
      last.determination ??= scenario === 'tokutei' ? 'tokutei' : 'none';
    }
    plans.sort((a, b) => a.day - b.day);
    for (const plan of plans) write(plan, house, rng.pick(surveyors), ctx, stamp, rng, out);
  }
  return out;
}

/** 特定空家等の判断: most items fine, a few 管理不全, 著しい only where forced. */
function tokuteiAnswers(
  items: readonly TemplateItem[],
  pKanri: number,
  rng: Rng,
  forced: Record<string, string>,
): Made {
  const made: Made = { answers: {}, notes: {} };
  for (const item of items) {
    const force = forced[item.key];
    if (force !== undefined) made.answers[item.key] = force;
    else if (rng.chance(0.05)) {
      made.answers[item.key] = COULD_NOT_CHECK;
      made.notes[item.key] = rng.pick(COULD_NOT_CHECK_NOTES);
    } else
      made.answers[item.key] =
        item.choices.some((c) => c.key === 'kanri') && rng.chance(pKanri)
          ? 'kanri'
          : (item.choices[0]?.key as string);
  }
  return made;
}

/**
 * The later survey of a house left alone is never better, item by item, than the earlier one on the
 * building's condition, and something got worse (a roof that held then has tiles missing now).
 */
function worsen(first: Planned, second: Planned, rng: Rng): void {
  // Still empty: the signs of vacancy seen then are seen again.
  for (const item of second.template.sections.find((s) => s.key === 'vacancy_signs')?.items ?? []) {
    const then = first.made.answers[item.key];
    if (then !== undefined) second.made.answers[item.key] = then;
  }
  const items = second.template.sections.filter((s) => s.key !== 'vacancy_signs').flatMap((s) => s.items);
  const indexOf = (item: TemplateItem, key: string | undefined) =>
    item.choices.findIndex((c) => c.key === key);
  let worse = false;
  for (const item of items) {
    const before = indexOf(item, first.made.answers[item.key]);
    const now = indexOf(item, second.made.answers[item.key]);
    if (before >= 0 && now >= 0 && now < before)
      second.made.answers[item.key] = item.choices[before]?.key as string;
    if (before >= 0 && now > before) worse = true;
  }
  if (worse) return;
  // Nothing got worse by chance: the roof (or the last item that still can) did.
  const candidates = items.filter((item) => {
    const before = indexOf(item, first.made.answers[item.key]);
    return before >= 0 && before < item.choices.length - 1;
  });
  const item = candidates.find((i) => i.key === 'roof') ?? candidates[candidates.length - 1];
  if (!item) return;
  const before = indexOf(item, first.made.answers[item.key]);
  second.made.answers[item.key] = item.choices[before + 1]?.key as string;
  const notes = NOTES[item.key];
  if (notes) second.made.notes[item.key] = rng.pick(notes);
}

function write(
  plan: Planned,
  house: SurveyedHouse,
  surveyor: string,
  ctx: Ctx,
  stamp: Stamper,
  rng: Rng,
  out: InspectionsOut,
): void {
  const inProgress = plan.answeredCount !== undefined;
  const startMs = inProgress
    ? jstMs(plan.day, 9 * 60 + rng.int(0, 60))
    : jstMs(plan.day, rng.int(9 * 60, 15 * 60));
  const id = stamp.id(startMs);
  const items = itemsOf(plan.template, plan.townRules);
  const keys = items.map((i) => i.key).slice(0, plan.answeredCount ?? items.length);
  const answers: Record<string, string> = {};
  let at = startMs;
  for (const key of keys) {
    const choice = plan.made.answers[key];
    if (choice === undefined) continue;
    answers[key] = choice;
    at += rng.int(20, 90) * 1000;
    out.inspectionAnswers.push({
      id: answerId(id, key),
      municipality_id: ctx.municipalityId,
      inspection_id: id,
      item_key: key,
      grade: null,
      note: plan.made.notes[key] ?? null,
      ...stamp.audit(at),
      choice,
    });
  }
  const finishedMs = at + rng.int(3, 15) * 60_000;
  const score = scoreInspection(plan.template, answers as Answers, plan.townRules);
  const headline = storedHeadline(score);
  const severity = actionGrade(headline.judgement, headline.score_band);
  const determined =
    !inProgress && plan.determination !== undefined
      ? Math.min(ctx.today - 1, plan.day + rng.int(14, 60))
      : null;
  const determinedMs = determined === null ? null : jstMs(determined, rng.int(10 * 60, 16 * 60));
  out.inspections.push({
    id,
    municipality_id: ctx.municipalityId,
    property_id: house.propertyId,
    inspected_on: formatDay(plan.day),
    surveyor_name: surveyor,
    weather: rng.weighted(WEATHER),
    template_id: plan.template.id,
    template_version: plan.template.version,
    overall_grade: null,
    recommended_action: inProgress ? null : rng.pick(RECOMMENDED_ACTIONS[severity]),
    follow_up_on:
      !inProgress && (severity === 'c' || severity === 'd')
        ? formatDay(Math.min(plan.day + rng.int(30, 180), ctx.today + 90))
        : null,
    ...stamp.audit(startMs, determinedMs ?? (inProgress ? at : finishedMs)),
    status: inProgress ? 'in_progress' : 'finished',
    started_at: stamp.audit(startMs).created_at,
    finished_at: inProgress ? null : stamp.audit(finishedMs).created_at,
    town_rules_id: plan.townRules?.id ?? null,
    town_rules_version: plan.townRules?.version ?? null,
    entry_permitted: plan.entry ? 1 : 0,
    ...(inProgress
      ? { score_measure: null, score_total: null, score_band: null, judgement: null, score_provisional: null }
      : headline),
    determination: determined === null ? null : (plan.determination ?? null),
    // The sample town has one person, the one who loaded it: the 判定 is recorded as theirs.
    determined_by: determined === null ? null : ctx.authorId,
    determined_on: determined === null ? null : formatDay(determined),
    determination_note: determined === null ? null : '所有者への通知を検討（庁内協議済み）',
  });
}

/** The recommended action's severity (a good … d poor) from the judgement and band. */
function actionGrade(judgement: string | null, band: string | null): 'a' | 'b' | 'c' | 'd' {
  if (judgement === 'tokutei_candidate' || judgement === 'furyo_jutaku' || band === 'town_dangerous')
    return 'd';
  if (judgement === 'detailed_survey' || judgement === 'kanri_fuzen_candidate' || band === 'high') return 'c';
  if (judgement === 'advise_owner' || band === 'medium') return 'b';
  return 'a';
}
