import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scoreInspection } from '../domain/inspection/score.ts';
import {
  TemplateInvalidError,
  templateFaults,
  townRulesFaults,
} from '../domain/inspection/template-schema.ts';
import {
  loadTemplate,
  loadTownRules,
  REPO_TEMPLATE_DIR,
  readTemplateLibrary,
} from './inspection-templates.ts';

const read = (name: string) => JSON.parse(readFileSync(join(REPO_TEMPLATE_DIR, name), 'utf8'));
const clone = <T>(v: T): T => structuredClone(v);

const dirs: string[] = [];
function tempDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'inspection-templates-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'town-rules'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(data));
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the shipped templates', () => {
  it('all validate, with their town rules, and are named <id>.v<version>.json', () => {
    const library = readTemplateLibrary(REPO_TEMPLATE_DIR);
    expect(library.templates.ids()).toEqual(['exterior_survey', 'furyodo_wooden', 'tokutei_kanri_fuzen']);
    expect(library.townRules.ids()).toEqual(['sample_school_route']);
    expect(loadTemplate('furyodo_wooden', 1).scoring.categories.map((c) => [c.key, c.cap])).toEqual([
      ['general', 50],
      ['decay', 100],
      ['fire', 30],
      ['drainage', 10],
    ]);
    expect(loadTownRules('sample_school_route', 1).templateId).toBe('furyodo_wooden');
  });

  it('cite their sources with the day they were checked', () => {
    const library = readTemplateLibrary(REPO_TEMPLATE_DIR);
    for (const id of library.templates.ids()) {
      const t = library.templates.get(id, 1)!;
      for (const s of t.source) {
        expect(s.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(s.note.ja.length).toBeGreaterThan(20);
      }
    }
  });

  it('refuse an unknown id or version', () => {
    expect(() => loadTemplate('furyodo_wooden', 99)).toThrow(/version 99/);
    expect(() => loadTemplate('nope', 1)).toThrow(/nope/);
  });
});

describe('a broken template fails with its path', () => {
  const furyodo = read('furyodo_wooden.v1.json');

  it('an item left with one choice', () => {
    const t = clone(furyodo);
    t.sections[0].items[1].choices.pop();
    expect(templateFaults(t)).toEqual(['sections[0].items[1].choices: an item needs at least two choices']);
  });

  it('a choice without its key', () => {
    const t = clone(furyodo);
    delete t.sections[0].items[0].choices[1].key;
    expect(templateFaults(t)).toEqual([
      expect.stringMatching(/^sections\[0\]\.items\[0\]\.choices\[1\]\.key: /),
    ]);
  });

  it('a duplicate item key, across sections', () => {
    const t = clone(furyodo);
    t.sections[1].items[3].key = t.sections[0].items[0].key;
    expect(templateFaults(t)).toEqual(['sections[1].items[3].key: duplicate item key "foundation_type"']);
  });

  it('a duplicate choice key, the reserved 確認できず key, an unknown category', () => {
    const t = clone(furyodo);
    t.sections[0].items[0].choices[2].key = 'stones';
    t.sections[0].items[1].choices[0].key = 'could_not_check';
    t.sections[2].items[0].category = 'nope';
    expect(templateFaults(t)).toEqual([
      'sections[0].items[1].choices[0].key: "could_not_check" is reserved for 確認できず',
      'sections[0].items[0].choices[2].key: duplicate choice key "stones"',
      'sections[2].items[0].category: unknown category "nope"',
    ]);
  });

  it('a judgement naming a measure the template lacks; bands out of order', () => {
    const t = clone(furyodo);
    t.scoring.judgement.rules[0].when.measureAtLeast.measure = 'nope';
    t.scoring.measures[0].bands[1].min = 0;
    expect(templateFaults(t)).toEqual([
      'scoring.measures[0].bands[1].min: bands are listed lowest first, each above the last',
      'scoring.judgement.rules[0].when.measureAtLeast.measure: unknown measure "nope"',
    ]);
  });

  it('town rules with an unknown category, and a file that names another template', () => {
    const r = clone(read('town-rules/sample_school_route.v1.json'));
    r.additions[0].categories = ['nope'];
    expect(townRulesFaults(r)).toEqual(['additions[0].categories[0]: unknown category "nope"']);
    const other = clone(read('town-rules/sample_school_route.v1.json'));
    other.templateId = 'exterior_survey';
    const dir = tempDir({ 'exterior_survey.v1.json': read('exterior_survey.v1.json') });
    writeFileSync(join(dir, 'town-rules', 'sample_school_route.v1.json'), JSON.stringify(other));
    expect(() => readTemplateLibrary(dir)).toThrow(/multipliers\[0\]\.measure: unknown measure "furyodo"/);
  });

  it('the loader names the file and every fault', () => {
    const t = clone(furyodo);
    t.sections[1].items[3].key = 'foundation_type';
    const dir = tempDir({ 'furyodo_wooden.v1.json': t });
    let error: unknown;
    try {
      readTemplateLibrary(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateInvalidError);
    expect((error as TemplateInvalidError).file).toMatch(/furyodo_wooden\.v1\.json$/);
    expect((error as TemplateInvalidError).faults).toEqual([
      'sections[1].items[3].key: duplicate item key "foundation_type"',
    ]);
  });

  it('a file whose name does not match its id and version', () => {
    const dir = tempDir({ 'furyodo_wooden.v2.json': furyodo });
    expect(() => readTemplateLibrary(dir)).toThrow(/named furyodo_wooden\.v1\.json/);
  });
});

describe('versions', () => {
  it('a new version never changes the score of an inspection made with the old one', () => {
    const v1 = read('furyodo_wooden.v1.json');
    const v2 = clone(v1);
    v2.version = 2;
    v2.effectiveFrom = '2027-04-01';
    // A (fictional) revision: 大修理 worth 60 instead of 50.
    v2.sections[1].items[1].choices[2].points = 60;
    const dir = tempDir({ 'furyodo_wooden.v1.json': v1, 'furyodo_wooden.v2.json': v2 });
    const answers = { frame: 'major', walls: 'severe' };
    const old = loadTemplate('furyodo_wooden', 1, dir);
    const next = loadTemplate('furyodo_wooden', 2, dir);
    expect(scoreInspection(old, answers).measures[0]?.base).toBe(75);
    expect(scoreInspection(next, answers).measures[0]?.base).toBe(85);
    const library = readTemplateLibrary(dir);
    expect(library.templates.versions('furyodo_wooden')).toEqual([1, 2]);
    expect(library.templates.effectiveOn('furyodo_wooden', '2027-03-31')?.version).toBe(1);
    expect(library.templates.effectiveOn('furyodo_wooden', '2027-04-01')?.version).toBe(2);
  });

  it('refuses a later version that takes effect before an earlier one', () => {
    const v1 = read('furyodo_wooden.v1.json');
    const v2 = { ...clone(v1), version: 2, effectiveFrom: '1900-01-01' };
    expect(() =>
      readTemplateLibrary(tempDir({ 'furyodo_wooden.v1.json': v1, 'furyodo_wooden.v2.json': v2 })),
    ).toThrow(/version 2 takes effect before version 1/);
  });
});
