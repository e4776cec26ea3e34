import { describe, expect, it } from 'vitest';
import { compareAnswers, itemCount, sectionProgress } from '../../../shared/domain/inspection/progress.ts';
import { scoreInspection } from '../../../shared/domain/inspection/score.ts';
import {
  japanDateTime,
  latLonText,
  sheetComparison,
  sheetReasons,
  sheetSections,
} from '../../../shared/domain/inspection/sheet.ts';
import type { InspectionSheetView } from '../../../shared/ipc/views/inspection-summary.ts';
import { loadTemplate, loadTownRules } from '../../../shared/node/inspection-templates.ts';
import { inspectionReportHtml } from './inspection-report-html.ts';

/**
 * The report's HTML and the resolved sheet it prints, from the shipped checklists without a database:
 * what each of the three item states prints, the town's columns only with town rules, the owner block
 * only when given, text escaped, and the comparison's labels from each side's own version.
 */

const template = loadTemplate('furyodo_wooden', 1);
const townRules = loadTownRules('sample_school_route', 1);

function sheetOf(
  answers: Record<string, string>,
  withTown: boolean,
  notes: Record<string, string> = {},
): InspectionSheetView {
  const rules = withTown ? townRules : null;
  const score = scoreInspection(template, answers, rules);
  const rows = Object.entries(answers).map(([itemKey, choice]) => ({
    itemKey,
    choice,
    note: notes[itemKey] ?? null,
    answeredAt: '2026-11-20T00:00:00.000Z',
    answeredBy: 'p',
  }));
  return {
    inspection: {
      id: 'i',
      propertyId: 'p',
      propertyAddress: '与論町茶花1',
      inspectedOn: '2026-11-20',
      surveyorName: '調査 一郎',
      weather: '雨',
      templateId: template.id,
      templateVersion: 1,
      townRulesId: rules?.id ?? null,
      townRulesVersion: rules?.version ?? null,
      status: 'in_progress',
      startedAt: '2026-11-20T00:00:00.000Z',
      finishedAt: null,
      entryPermitted: false,
      answered: rows.length,
      total: itemCount(template, rules),
      scoreMeasure: null,
      scoreTotal: null,
      scoreBand: null,
      judgement: null,
      scoreProvisional: null,
      determination: null,
      determinedBy: null,
      determinedOn: null,
      recommendedAction: null,
      followUpOn: null,
      determinationNote: null,
      answers: rows,
      progress: sectionProgress(template, rules, answers),
      score,
    },
    template: {
      id: template.id,
      version: 1,
      title: template.title,
      sources: ['住宅地区改良法施行規則 別表第一'],
    },
    townRules: rules ? { id: rules.id, version: rules.version, title: rules.title } : null,
    property: {
      id: 'p',
      refNumber: 'Y-1',
      address: '与論町茶花1',
      lotNumber: null,
      district: null,
      latitude: null,
      longitude: null,
    },
    sections: sheetSections(template, rules, rows),
    reasons: sheetReasons(score, template, rules),
    determinedByName: null,
    comparison: {
      previous: null,
      counts: { worse: 0, better: 0, same: 0, new: 0, not_assessed: 0 },
      items: [],
    },
  };
}

const html = (sheet: InspectionSheetView, owner: { name: string; contact: string } | null = null) =>
  inspectionReportHtml({
    sheet,
    town: { prefecture: '鹿児島県', name: '与論町' },
    photos: [],
    owner,
    issuedOn: '2026-12-04',
    fontUrl: 'file:///fonts/BIZUDGothic-Regular.ttf',
  });

describe('the inspection sheet and report HTML', () => {
  it('says 確認できず and 未回答 in words, never 0, and prints the points of answered items', () => {
    const sheet = sheetOf({ frame: 'major', roof: 'could_not_check', walls: 'none' }, false);
    const items = new Map(sheet.sections.flatMap((s) => s.items).map((i) => [i.key, i]));
    expect(items.get('frame')).toMatchObject({ state: 'answered', points: 50 });
    expect(items.get('walls')).toMatchObject({ state: 'answered', points: 0 });
    expect(items.get('roof')).toMatchObject({ state: 'could_not_check', points: null, maxPoints: 50 });
    expect(items.get('rainwater')).toMatchObject({ state: 'not_assessed', points: null, choice: null });
    const out = html(sheet);
    expect(out).toContain('<td>屋根</td><td><span class="prov">確認できず</span></td><td class="num">—</td>');
    expect(out).toContain('<td>雨水</td><td><span class="prov">未回答</span></td><td class="num">—</td>');
    expect(out).toMatch(/<td>外壁又は界壁<\/td><td>[^<]+<\/td><td class="num">0<\/td>/);
    // 50 now, could reach 100 (roof 50 + floor 15 …): provisional, with the worst case named.
    expect(out).toContain('暫定：未確認の項目次第で「不良住宅」になりうる');
    expect(out).toContain('町の判定：未判定');
  });

  it('shows the town’s columns only with town rules, and the legal band beside the town’s', () => {
    expect(html(sheetOf({ frame: 'major' }, false))).not.toContain('町の加算');
    const out = html(sheetOf({ frame: 'collapse', road_danger: 'present', school_route: 'yes' }, true));
    expect(out).toContain('<th>町の加算</th><th>町の倍率</th>');
    expect(out).toMatch(
      /<td class="num">100<\/td>\s*<td class="num">50<\/td><td>通学路に面する ×1\.5<\/td>\s*<td class="num strong">225<\/td>/,
    );
    expect(out).toContain('法の基準（基本点）：不良住宅（100点以上）');
    expect(out).toContain('<li>不良度（町の加算前） 100点 ≧ 100点</li>');
  });

  it('prints the owner only when given, and escapes what people typed', () => {
    const sheet = sheetOf({ frame: 'minor' }, false, { frame: '<img src=x onerror=alert(1)> & 柱' });
    const without = html(sheet);
    expect(without).not.toContain('<h2>所有者</h2>');
    expect(without).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; 柱');
    expect(without).not.toContain('<img src=x');
    const withOwner = html(sheet, { name: '所有 太郎', contact: '<b>090</b>' });
    expect(withOwner).toContain('<h2>所有者</h2>');
    expect(withOwner).toContain('所有 太郎');
    expect(withOwner).toContain('&lt;b&gt;090&lt;/b&gt;');
  });

  it('names the comparison’s answers by each side’s version; formats time and position for print', () => {
    const now = { template, townRules: null, answers: { frame: 'collapse', roof: 'could_not_check' } };
    const before = { template, townRules: null, answers: { frame: 'minor', roof: 'partial' } };
    const items = sheetComparison(compareAnswers(now, before), now, before);
    expect(items.find((c) => c.itemKey === 'frame')).toMatchObject({
      change: 'worse',
      before: { ja: expect.stringContaining('小修理') },
      now: { ja: expect.stringContaining('崩壊') },
    });
    expect(items.find((c) => c.itemKey === 'roof')).toMatchObject({
      change: 'not_assessed',
      now: { ja: '確認できず' },
    });
    expect(japanDateTime('2026-11-20T00:15:00.000Z')).toBe('2026-11-20 09:15');
    expect(japanDateTime('2026-11-20T15:00:00.000Z')).toBe('2026-11-21 00:00');
    expect(latLonText(27.0441712, 128.435)).toBe('27.04417, 128.43500');
    expect(latLonText(null, 128.4)).toBeNull();
  });
});
