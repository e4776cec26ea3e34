import { z } from 'zod';
import { isoDate } from '../inputs/fields.ts';

/**
 * An inspection checklist (現地調査票) and a town's rule set, as versioned data: the JSON files under
 * resources/inspection-templates/ are parsed with these schemas, and a file that does not parse is
 * refused with the path of every fault (`sections[1].items[3].key: duplicate item key "roof"`).
 * What the fields mean is in docs/inspections.md.
 */

/**
 * The answer 「確認できず」 (could not check: behind a fence, needs entry). Every item accepts it, it is
 * never one of the template's choices and it is never scored as "no problem": a template may not use
 * this key for a choice of its own.
 */
export const COULD_NOT_CHECK = 'could_not_check';

const key = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'a key is lower-case ASCII: letters, digits and _, starting with a letter')
  .max(60);

const text = z.string().trim().min(1).max(2000);
/** Japanese first: every label is shown in Japanese, English is the second language. */
const bilingual = z.object({ ja: text, en: text }).strict();

const source = z
  .object({
    /** The law or guideline, by its full name. */
    name: text,
    /** Where in it: 別表第一, 〔別紙1〕, 第1条 … */
    article: text,
    url: z.url().nullable(),
    /** The day someone compared this file with the published text. */
    checkedOn: isoDate,
    /** What was verified against what, and what could not be: never a silent guess. */
    note: bilingual,
  })
  .strict();

const choice = z
  .object({
    key: key.refine((k) => k !== COULD_NOT_CHECK, `"${COULD_NOT_CHECK}" is reserved for 確認できず`),
    label: bilingual,
    points: z.number().min(0).max(1000),
    /** Facts a judgement rule asks about (e.g. `tokutei`, `impact`, `school_route`). */
    flags: z.array(key).default([]),
  })
  .strict();

const item = z
  .object({
    key,
    label: bilingual,
    help: bilingual,
    /** The scoring category the points of this item add to; none for an item that only carries flags. */
    category: key.nullable().default(null),
    /** At least two: a single choice is not a question. */
    choices: z.array(choice).min(2, 'an item needs at least two choices'),
    photoExpected: z.boolean(),
    needsEntry: z.boolean(),
  })
  .strict();

const section = z.object({ key, label: bilingual, items: z.array(item).min(1) }).strict();

const category = z
  .object({
    key,
    label: bilingual,
    /** 最高評点: the points of a category add up to at most this. */
    cap: z.number().positive().nullable().default(null),
  })
  .strict();

const band = z.object({ key, label: bilingual, min: z.number().min(0) }).strict();

/** A named sum over categories (不良度, 空家可能性, 老朽度), read through its bands (lowest first). */
const measure = z
  .object({
    key,
    label: bilingual,
    categories: z.array(key).min(1),
    bands: z.array(band).min(1),
  })
  .strict();

export type Condition =
  | { flag: string }
  | { answer: { item: string; choice: string } }
  /** `of: 'base'` reads the template's own score, without the town's additions and multipliers. */
  | { measureAtLeast: { measure: string; min: number; of?: 'base' | 'total' | undefined } }
  | { all: Condition[] }
  | { any: Condition[] };

const condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ flag: key }).strict(),
    z.object({ answer: z.object({ item: key, choice: key }).strict() }).strict(),
    z
      .object({
        measureAtLeast: z
          .object({ measure: key, min: z.number().min(0), of: z.enum(['base', 'total']).optional() })
          .strict(),
      })
      .strict(),
    z.object({ all: z.array(condition).min(1) }).strict(),
    z.object({ any: z.array(condition).min(1) }).strict(),
  ]),
);

const outcome = z.object({ key, label: bilingual }).strict();

/** Ordered rules: the first that holds is the judgement; `otherwise` when none does. */
const judgement = z
  .object({
    rules: z.array(outcome.extend({ when: condition }).strict()).min(1),
    otherwise: outcome,
  })
  .strict();

const scoring = z
  .object({
    categories: z.array(category).default([]),
    measures: z.array(measure).default([]),
    judgement: judgement.nullable().default(null),
  })
  .strict();

const templateShape = z
  .object({
    id: key,
    version: z.number().int().min(1),
    effectiveFrom: isoDate,
    title: bilingual,
    source: z.array(source).min(1),
    sections: z.array(section).min(1),
    scoring,
  })
  .strict();

export type InspectionTemplate = z.output<typeof templateShape>;
export type TemplateSection = InspectionTemplate['sections'][number];
export type TemplateItem = TemplateSection['items'][number];
export type TemplateChoice = TemplateItem['choices'][number];
export type Measure = InspectionTemplate['scoring']['measures'][number];
export type Bilingual = z.output<typeof bilingual>;

type Path = (string | number)[];
/** Where a fault goes: zod's issue list while parsing, a plain list when town rules meet a template. */
type Report = (path: Path, message: string) => void;

const reportTo =
  (ctx: z.RefinementCtx): Report =>
  (path, message) =>
    ctx.addIssue({ code: 'custom', path, message });

function flagNames(sections: readonly TemplateSection[]): Set<string> {
  const flags = new Set<string>();
  for (const s of sections)
    for (const i of s.items) for (const c of i.choices) for (const f of c.flags) flags.add(f);
  return flags;
}

function knownChoices(sections: readonly TemplateSection[]): Map<string, Set<string>> {
  return new Map(
    sections.flatMap((s) => s.items.map((i) => [i.key, new Set(i.choices.map((c) => c.key))] as const)),
  );
}

function checkUnique<T>(
  report: Report,
  list: readonly T[],
  keyOf: (t: T) => string,
  pathOf: (i: number) => Path,
  what: string,
) {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const k = keyOf(entry);
    if (seen.has(k)) report(pathOf(i), `duplicate ${what} "${k}"`);
    seen.add(k);
  });
}

interface Known {
  flags: Set<string>;
  choices: Map<string, Set<string>>;
  measures: Set<string>;
}

/** The references a condition makes, checked against what the template (and a town's rules) define. */
function checkCondition(report: Report, cond: Condition, path: Path, known: Known) {
  if ('flag' in cond) {
    if (!known.flags.has(cond.flag)) report([...path, 'flag'], `no choice carries the flag "${cond.flag}"`);
  } else if ('answer' in cond) {
    const choices = known.choices.get(cond.answer.item);
    if (!choices) report([...path, 'answer', 'item'], `unknown item "${cond.answer.item}"`);
    else if (!choices.has(cond.answer.choice))
      report(
        [...path, 'answer', 'choice'],
        `item "${cond.answer.item}" has no choice "${cond.answer.choice}"`,
      );
  } else if ('measureAtLeast' in cond) {
    const m = cond.measureAtLeast.measure;
    if (!known.measures.has(m)) report([...path, 'measureAtLeast', 'measure'], `unknown measure "${m}"`);
  } else {
    const [name, list] = 'all' in cond ? (['all', cond.all] as const) : (['any', cond.any] as const);
    list.forEach((c, i) => {
      checkCondition(report, c, [...path, name, i], known);
    });
  }
}

/** Item keys unique across all sections, choice keys unique within an item, categories defined. */
function checkItems(report: Report, sections: readonly TemplateSection[], categories: Set<string>) {
  const items = sections.flatMap((s, si) =>
    s.items.map((it, ii) => ({ it, path: ['sections', si, 'items', ii] })),
  );
  checkUnique(
    report,
    items,
    (p) => p.it.key,
    (i) => [...(items[i]?.path ?? []), 'key'],
    'item key',
  );
  for (const { it, path } of items) {
    checkUnique(
      report,
      it.choices,
      (c) => c.key,
      (ci) => [...path, 'choices', ci, 'key'],
      'choice key',
    );
    if (it.category !== null && !categories.has(it.category))
      report([...path, 'category'], `unknown category "${it.category}"`);
  }
}

function checkBands(report: Report, bands: readonly Measure['bands'][number][], path: Path) {
  if (bands[0] && bands[0].min !== 0) report([...path, 0, 'min'], 'the lowest band starts at 0');
  bands.forEach((b, i) => {
    const before = bands[i - 1];
    if (before && b.min <= before.min)
      report([...path, i, 'min'], 'bands are listed lowest first, each above the last');
  });
  checkUnique(
    report,
    bands,
    (b) => b.key,
    (i) => [...path, i, 'key'],
    'band key',
  );
}

export const inspectionTemplateSchema = templateShape.superRefine((t, ctx) => {
  const report = reportTo(ctx);
  const { categories, measures, judgement } = t.scoring;
  checkUnique(
    report,
    t.sections,
    (s) => s.key,
    (i) => ['sections', i, 'key'],
    'section key',
  );
  checkUnique(
    report,
    categories,
    (c) => c.key,
    (i) => ['scoring', 'categories', i, 'key'],
    'category key',
  );
  checkUnique(
    report,
    measures,
    (m) => m.key,
    (i) => ['scoring', 'measures', i, 'key'],
    'measure key',
  );
  const categoryKeys = new Set(categories.map((c) => c.key));
  checkItems(report, t.sections, categoryKeys);
  measures.forEach((m, mi) => {
    m.categories.forEach((c, ci) => {
      if (!categoryKeys.has(c))
        report(['scoring', 'measures', mi, 'categories', ci], `unknown category "${c}"`);
    });
    checkBands(report, m.bands, ['scoring', 'measures', mi, 'bands']);
  });
  if (judgement) {
    const rulesPath = ['scoring', 'judgement', 'rules'];
    const outcomes = [...judgement.rules, judgement.otherwise];
    checkUnique(
      report,
      outcomes,
      (o) => o.key,
      (i) =>
        i < judgement.rules.length ? [...rulesPath, i, 'key'] : ['scoring', 'judgement', 'otherwise', 'key'],
      'outcome key',
    );
    const known = {
      flags: flagNames(t.sections),
      choices: knownChoices(t.sections),
      measures: new Set(measures.map((m) => m.key)),
    };
    judgement.rules.forEach((r, ri) => {
      checkCondition(report, r.when, [...rulesPath, ri, 'when'], known);
    });
  }
});

/**
 * A town's own rule set for one template: extra items (their own sections, categories and caps), the
 * measure their points add to, and multipliers of a measure applied when their condition holds. Its
 * effect is shown beside the template's score, never folded into it silently.
 */
const townRulesShape = z
  .object({
    id: key,
    version: z.number().int().min(1),
    effectiveFrom: isoDate,
    title: bilingual,
    /** The consortium town (shared/domain/municipalities.ts), or null for a sample rule set. */
    municipalityId: z.string().min(1).nullable(),
    /** The template (any version) these rules extend. */
    templateId: key,
    source: z.array(source).min(1),
    categories: z.array(category).default([]),
    sections: z.array(section).default([]),
    /** Which of the town's categories add their points to which of the template's measures. */
    additions: z.array(z.object({ measure: key, categories: z.array(key).min(1) }).strict()).default([]),
    /** The town's own bands for a measure's total (its base is always read with the template's bands). */
    bands: z.array(z.object({ measure: key, bands: z.array(band).min(1) }).strict()).default([]),
    multipliers: z
      .array(
        z
          .object({
            key,
            label: bilingual,
            measure: key,
            /** Multiplies the measure's base plus the town's added points. */
            factor: z.number().positive().max(10),
            when: condition,
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type TownRules = z.output<typeof townRulesShape>;

/**
 * Town rules on their own: unique keys, their items' categories defined. Their references into the
 * template (measures, flags, items) are checked with the template, by `townRulesFaultsAgainst`.
 */
export const townRulesSchema = townRulesShape.superRefine((r, ctx) => {
  const report = reportTo(ctx);
  checkUnique(
    report,
    r.sections,
    (s) => s.key,
    (i) => ['sections', i, 'key'],
    'section key',
  );
  checkUnique(
    report,
    r.categories,
    (c) => c.key,
    (i) => ['categories', i, 'key'],
    'category key',
  );
  checkUnique(
    report,
    r.multipliers,
    (m) => m.key,
    (i) => ['multipliers', i, 'key'],
    'multiplier key',
  );
  const categoryKeys = new Set(r.categories.map((c) => c.key));
  checkItems(report, r.sections, categoryKeys);
  r.additions.forEach((a, ai) => {
    a.categories.forEach((c, ci) => {
      if (!categoryKeys.has(c)) report(['additions', ai, 'categories', ci], `unknown category "${c}"`);
    });
  });
  checkUnique(
    report,
    r.bands,
    (b) => b.measure,
    (i) => ['bands', i, 'measure'],
    'bands for measure',
  );
  r.bands.forEach((b, bi) => {
    checkBands(report, b.bands, ['bands', bi, 'bands']);
  });
});

/**
 * Faults of a (valid) town rule set applied to a (valid) template: another template, a measure the
 * template lacks, an item key both define, a condition naming something neither has. Empty when
 * they fit.
 */
export function townRulesFaultsAgainst(template: InspectionTemplate, rules: TownRules): string[] {
  const faults: string[] = [];
  const report: Report = (path, message) => faults.push(`${formatPath(path)}: ${message}`);
  if (rules.templateId !== template.id)
    report(['templateId'], `rules for "${rules.templateId}", not "${template.id}"`);
  const measures = new Set(template.scoring.measures.map((m) => m.key));
  const templateItems = new Set(template.sections.flatMap((s) => s.items.map((i) => i.key)));
  rules.sections.forEach((s, si) => {
    s.items.forEach((it, ii) => {
      if (templateItems.has(it.key))
        report(['sections', si, 'items', ii, 'key'], `the template already has an item "${it.key}"`);
    });
  });
  rules.additions.forEach((a, ai) => {
    if (!measures.has(a.measure)) report(['additions', ai, 'measure'], `unknown measure "${a.measure}"`);
  });
  rules.bands.forEach((b, bi) => {
    if (!measures.has(b.measure)) report(['bands', bi, 'measure'], `unknown measure "${b.measure}"`);
  });
  const all = [...template.sections, ...rules.sections];
  const known = { flags: flagNames(all), choices: knownChoices(all), measures };
  rules.multipliers.forEach((m, mi) => {
    if (!measures.has(m.measure)) report(['multipliers', mi, 'measure'], `unknown measure "${m.measure}"`);
    checkCondition(report, m.when, ['multipliers', mi, 'when'], known);
  });
  return faults;
}

/** `['sections', 1, 'items', 3, 'key']` → `sections[1].items[3].key`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

/** A template or town rule file that does not validate: every fault, each with its path. */
export class TemplateInvalidError extends Error {
  readonly file: string;
  readonly faults: readonly string[];

  constructor(file: string, faults: readonly string[]) {
    super(`${file} is not valid:\n  ${faults.join('\n  ')}`);
    this.name = 'TemplateInvalidError';
    this.file = file;
    this.faults = faults;
  }
}

const faultsOf = (error: z.ZodError): string[] =>
  error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);

/** The faults of a template (`path: message` lines), or an empty list. */
export function templateFaults(data: unknown): string[] {
  const parsed = inspectionTemplateSchema.safeParse(data);
  return parsed.success ? [] : faultsOf(parsed.error);
}

export function townRulesFaults(data: unknown): string[] {
  const parsed = townRulesSchema.safeParse(data);
  return parsed.success ? [] : faultsOf(parsed.error);
}

/** Parses a template, or throws with every fault and its path; `file` names it in the message. */
export function parseTemplate(data: unknown, file = 'template'): InspectionTemplate {
  const parsed = inspectionTemplateSchema.safeParse(data);
  if (!parsed.success) throw new TemplateInvalidError(file, faultsOf(parsed.error));
  return parsed.data;
}

export function parseTownRules(data: unknown, file = 'town rules'): TownRules {
  const parsed = townRulesSchema.safeParse(data);
  if (!parsed.success) throw new TemplateInvalidError(file, faultsOf(parsed.error));
  return parsed.data;
}
