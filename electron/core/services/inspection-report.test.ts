import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  InspectionReportDocument,
  InspectionSheetView,
} from '../../../shared/ipc/views/inspection-summary.ts';
import type { InspectionView, PropertyView } from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import type { Session } from '../session.ts';
import { call, openTestCore } from '../test-support.ts';

/**
 * The summary view and the 現地調査報告書 HTML on a real core: a 不良住宅 (frame 崩壊の危険 = 100) with a
 * 確認できず and a town ×1.5, photos per item with time and position, the comparison with the previous
 * inspection, the town's 判定, and the owner block only under a consent that covers the owner.
 */

let core: AppCore;
let dispose: () => Promise<void>;
let propertyId: string;

async function failure(channel: string, input: unknown) {
  const result = await core.invoke(channel, input);
  if (result.ok) throw new Error(`${channel} succeeded`);
  return result.error;
}

const disclosures = () =>
  (core as unknown as { session: Session }).session.writer.sqlite
    .prepare('SELECT count(*) FROM disclosure')
    .pluck()
    .get();

async function jpeg(seed: number): Promise<Uint8Array> {
  const bytes = await sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 40 * seed, g: 120, b: 90 } },
  })
    .jpeg()
    .toBuffer();
  return new Uint8Array(bytes);
}

async function inspect(inspectedOn: string, answers: Record<string, string>) {
  const started = (await call(core, 'inspections.start', {
    propertyId,
    templateId: 'furyodo_wooden',
    townRulesId: 'sample_school_route',
    inspectedOn,
    weather: '曇り',
  })) as InspectionView;
  for (const [itemKey, choice] of Object.entries(answers)) {
    await call(core, 'inspections.answer', { inspectionId: started.id, itemKey, choice });
  }
  return started.id;
}

describe('inspection summary and report', () => {
  beforeEach(async () => {
    ({ core, dispose } = await openTestCore());
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '与論 町子',
      role: 'town_admin',
    });
    const property = (await call(core, 'properties.save', {
      refNumber: 'Y-0042',
      address: '与論町茶花42番地',
      lotNumber: '茶花字東区42-1',
      district: '茶花',
      latitude: 27.04512,
      longitude: 128.41877,
      owner: { ownerName: '所有 太郎', ownerContact: '0997-00-1111' },
    })) as PropertyView;
    propertyId = property.id;
  });
  afterEach(() => dispose());

  it('resolves the checklist, the 不良住宅 line, 確認できず and the comparison into words', async () => {
    const before = await inspect('2025-06-01', { frame: 'minor', roof: 'partial', walls: 'severe' });
    await call(core, 'inspections.finish', { inspectionId: before });
    const id = await inspect('2026-12-01', {
      frame: 'collapse',
      walls: 'exposed',
      roof: 'could_not_check',
      school_route: 'yes',
    });
    const sheet = (await call(core, 'inspections.summary', { inspectionId: id })) as InspectionSheetView;

    expect(sheet.property).toMatchObject({
      refNumber: 'Y-0042',
      lotNumber: '茶花字東区42-1',
      latitude: 27.04512,
    });
    expect(sheet.template).toMatchObject({ id: 'furyodo_wooden', version: 1 });
    expect(sheet.townRules).toMatchObject({ id: 'sample_school_route', version: 1 });
    const items = sheet.sections.flatMap((s) => s.items);
    expect(items.find((i) => i.key === 'frame')).toMatchObject({
      state: 'answered',
      points: 100,
      maxPoints: 100,
      choiceLabel: { ja: expect.stringContaining('崩壊') },
    });
    expect(items.find((i) => i.key === 'roof')).toMatchObject({
      state: 'could_not_check',
      points: null,
      choiceLabel: { ja: '確認できず' },
      maxPoints: 50,
    });
    expect(items.find((i) => i.key === 'rainwater')).toMatchObject({ state: 'not_assessed', choice: null });
    // decay: 100 + 15 = 115, capped at 100; the town's ×1.5 (school route) on the total only.
    const furyodo = sheet.inspection.score.measures[0]!;
    expect(furyodo).toMatchObject({ base: 100, townAdded: 0, total: 150 });
    expect(furyodo.baseBand.key).toBe('furyo_jutaku');
    expect(sheet.inspection.score.judgement?.key).toBe('furyo_jutaku');
    expect(sheet.reasons.map((r) => r.text.ja)).toEqual(['不良度（町の加算前） 100点 ≧ 100点']);

    expect(sheet.comparison.previous).toMatchObject({
      id: before,
      inspectedOn: '2025-06-01',
      surveyorName: '与論 町子',
    });
    const change = (key: string) => sheet.comparison.items.find((c) => c.itemKey === key);
    expect(change('frame')).toMatchObject({ change: 'worse', nowPoints: 100, beforePoints: 25 });
    expect(change('walls')).toMatchObject({ change: 'better', nowPoints: 15, beforePoints: 25 });
    expect(change('roof')).toMatchObject({ change: 'not_assessed', now: { ja: '確認できず' } });
    expect(sheet.comparison.counts).toMatchObject({ worse: 1, better: 1 });
  });

  it('prints the report in Japanese with the items, the judgement, the photos and no owner by default', async () => {
    const id = await inspect('2026-12-01', { frame: 'collapse', roof: 'could_not_check' });
    const photo = (await call(core, 'attachments.add', {
      ownerTable: 'inspection',
      ownerId: id,
      bytes: await jpeg(1),
      fileName: 'frame.jpg',
      itemKey: 'frame',
    })) as { id: string };
    expect(photo.id).toBeTruthy();
    await call(core, 'inspections.finish', {
      inspectionId: id,
      recommendedAction: '所有者へ除却の助言',
      followUpOn: '2027-03-01',
    });
    await call(core, 'inspections.determine', {
      inspectionId: id,
      determination: 'tokutei',
      determinedOn: '2026-12-03',
    });

    const doc = (await call(core, 'inspections.report', { inspectionId: id })) as InspectionReportDocument;
    expect(doc.fileName).toBe('現地調査報告書_Y-0042_2026-12-01.pdf');
    expect(doc.files[0]).toMatch(/^file:.*BIZUDGothic-Regular\.ttf$/);
    expect(doc.photos).toBe(1);
    expect(doc.disclosureId).toBeNull();
    for (const text of [
      '現地調査報告書',
      '与論町茶花42番地',
      '茶花字東区42-1',
      '27.04512, 128.41877',
      '2026年12月1日',
      '与論 町子',
      '曇り',
      '不良住宅',
      '確認できず（1）：屋根',
      '所有者へ除却の助言',
      '2027年3月1日',
      '町の判定：<span class="strong">特定空家等</span>（2026年12月3日、与論 町子）',
      '写真1　基礎、土台、柱又ははり',
    ]) {
      expect(doc.html).toContain(text);
    }
    expect(doc.html).toMatch(
      /<td>基礎、土台、柱又ははり<\/td><td>[^<]*崩壊[^<]*<\/td><td class="num">100<\/td>/,
    );
    expect(doc.html).toContain('data:image/jpeg;base64,');
    expect(doc.html).not.toContain('所有 太郎');
    expect(doc.html).not.toContain('0997-00-1111');
    expect(disclosures()).toBe(0);
  });

  it('prints the owner only under a valid consent that covers the owner, and logs that hand-over', async () => {
    const id = await inspect('2026-12-01', { frame: 'minor' });
    const owner = { purpose: 'management_support_corp', recipient: '空家等管理活用支援法人' };
    expect(await failure('inspections.report', { inspectionId: id, owner })).toMatchObject({
      code: 'CONSENT_REQUIRED',
    });
    expect(disclosures()).toBe(0);

    await call(core, 'consents.save', {
      propertyId,
      purpose: 'management_support_corp',
      recipient: 'NPO 支援法人',
      scope: ['identification'],
      givenOn: '2026-01-01',
    });
    expect(await failure('inspections.report', { inspectionId: id, owner })).toMatchObject({
      code: 'CONSENT_REQUIRED',
      field: 'owner',
    });
    expect(disclosures()).toBe(0);

    await call(core, 'consents.save', {
      propertyId,
      purpose: 'management_support_corp',
      recipient: 'NPO 支援法人',
      scope: ['identification', 'owner'],
      givenOn: '2026-02-01',
    });
    const doc = (await call(core, 'inspections.report', {
      inspectionId: id,
      owner,
    })) as InspectionReportDocument;
    expect(doc.html).toContain('所有 太郎');
    expect(doc.html).toContain('0997-00-1111');
    expect(doc.disclosureId).toBeTruthy();
    expect(disclosures()).toBe(1);
  });

  it('refuses an unknown inspection and a bad owner purpose with stable codes', async () => {
    expect(
      await failure('inspections.report', { inspectionId: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    const id = await inspect('2026-12-01', {});
    expect(
      await failure('inspections.report', { inspectionId: id, owner: { purpose: 'gossip' } }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
