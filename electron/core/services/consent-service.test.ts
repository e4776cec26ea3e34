import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.ts';
import type {
  ConsentView,
  DisclosureView,
  ListingSheetDocument,
  PropertyConsentsView,
} from '../../../shared/ipc/views.ts';
import type { AppCore } from '../app-core.ts';
import { call, openTestCore } from '../test-support.ts';

/** Consents, the disclosure gate and the listing sheet, on a real core and a real SQLite file. */

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

// 2026-12-04 12:00 in Japan: the town's day is 2026-12-04.
const NOW = new Date('2026-12-04T03:00:00Z');

async function town(role = 'coordinator') {
  const opened = await openTestCore({ now: () => NOW });
  disposers.push(opened.dispose);
  const c = opened.core;
  await call(c, 'profile.setup', { municipalityId: 'kagoshima-yoron', displayName: '与論 花子', role });
  return c;
}

function addProperty(c: AppCore, fields: Record<string, unknown> = {}): string {
  const id = newId();
  const row = {
    id,
    municipality_id: 'kagoshima-yoron',
    address: '',
    lot_number: '大字茶花字東区1234番1',
    ref_number: 'Y-0012',
    deal_type: 'sale',
    price_yen: 3_800_000,
    floor_area_m2: 82.5,
    land_area_m2: 330,
    layout: '3DK',
    year_built: 1979,
    structure: 'wood',
    floors: 1,
    owner_name: '茶花 太郎',
    created_at: NOW.toISOString(),
    created_by: 'x',
    updated_at: NOW.toISOString(),
    updated_by: 'x',
    ...fields,
  };
  const cols = Object.keys(row);
  c.database.sqlite
    .prepare(`INSERT INTO property (${cols.join(', ')}) VALUES (${cols.map((k) => `@${k}`).join(', ')})`)
    .run(row);
  return id;
}

const consent = (propertyId: string, overrides: Record<string, unknown> = {}) => ({
  propertyId,
  purpose: 'bank_listing',
  recipient: '与論町空き家バンク',
  scope: ['identification', 'listing'],
  givenOn: '2026-11-01',
  expiresOn: '2027-10-31',
  ...overrides,
});

const count = (c: AppCore, table: string) =>
  c.database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('consents', () => {
  it('lists each consent with its state today and the purposes valid today', async () => {
    const c = await town();
    const p = addProperty(c);
    const valid = (await call(c, 'consents.save', consent(p))) as ConsentView;
    await call(
      c,
      'consents.save',
      consent(p, { purpose: 'photo_publication', givenOn: '2027-01-10', expiresOn: null }),
    );
    await call(
      c,
      'consents.save',
      consent(p, { purpose: 'residence_support_corp', givenOn: '2025-01-01', expiresOn: '2026-12-03' }),
    );
    const toWithdraw = (await call(
      c,
      'consents.save',
      consent(p, { purpose: 'management_support_corp', expiresOn: null }),
    )) as ConsentView;
    const withdrawn = (await call(c, 'consents.withdraw', {
      id: toWithdraw.id,
      withdrawnOn: '2026-12-04',
    })) as ConsentView;
    expect(valid.state).toBe('valid');
    expect(withdrawn.state).toBe('withdrawn');

    const list = (await call(c, 'consents.list', { propertyId: p })) as PropertyConsentsView;
    expect(list.day).toBe('2026-12-04');
    const states = Object.fromEntries(list.consents.map((x) => [x.purpose, x.state]));
    expect(states).toEqual({
      bank_listing: 'valid',
      photo_publication: 'not_yet',
      residence_support_corp: 'expired',
      management_support_corp: 'withdrawn',
    });
    expect(list.today.filter((t) => t.consentId).map((t) => t.purpose)).toEqual(['bank_listing']);
    expect(list.today.find((t) => t.purpose === 'bank_listing')).toMatchObject({
      consentId: valid.id,
      expiresOn: '2027-10-31',
    });
  });

  it('refuses a consent that expires before it starts, by field, and writes nothing', async () => {
    const c = await town();
    const p = addProperty(c);
    const before = count(c, 'outbox');
    const result = await c.invoke(
      'consents.save',
      consent(p, { givenOn: '2026-12-01', expiresOn: '2026-11-30' }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: 'validation.consentExpiresBeforeStart',
        field: 'expiresOn',
      },
    });
    expect(count(c, 'property_consent')).toBe(0);
    expect(count(c, 'outbox')).toBe(before);
  });

  it('corrects a consent in place, and withdraws it once only', async () => {
    const c = await town();
    const p = addProperty(c);
    const saved = (await call(c, 'consents.save', consent(p))) as ConsentView;
    const corrected = (await call(
      c,
      'consents.save',
      consent(p, {
        id: saved.id,
        recipient: '与論町 企画課',
        scope: ['identification', 'listing', 'photos'],
      }),
    )) as ConsentView;
    expect(corrected).toMatchObject({
      id: saved.id,
      recipient: '与論町 企画課',
      scope: ['identification', 'listing', 'photos'],
    });
    expect(count(c, 'property_consent')).toBe(1);

    expect(await c.invoke('consents.withdraw', { id: saved.id, withdrawnOn: '2026-10-01' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', field: 'withdrawnOn' },
    });
    await call(c, 'consents.withdraw', { id: saved.id, withdrawnOn: '2026-12-04' });
    const again = await c.invoke('consents.withdraw', { id: saved.id, withdrawnOn: '2026-12-05' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONSENT_WITHDRAWN' } });
    const row = c.database.sqlite.prepare('SELECT withdrawn_on FROM property_consent').get() as {
      withdrawn_on: string;
    };
    expect(row.withdrawn_on).toBe('2026-12-04');
  });

  it('lets only coordinators and town administrators record consents', async () => {
    const c = await town('surveyor');
    const p = addProperty(c);
    expect(await c.invoke('consents.save', consent(p))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(count(c, 'property_consent')).toBe(0);
  });
});

describe('disclosure', () => {
  it('refuses the listing sheet without a valid 空き家バンク consent and writes nothing', async () => {
    const c = await town();
    const p = addProperty(c);
    // A consent of another purpose, and an expired bank one, do not count.
    await call(c, 'consents.save', consent(p, { purpose: 'photo_publication', scope: ['photos'] }));
    await call(c, 'consents.save', consent(p, { givenOn: '2025-01-01', expiresOn: '2026-01-01' }));
    const outbox = count(c, 'outbox');
    const audit = count(c, 'audit_log');
    const result = await c.invoke('consents.listingSheet', { propertyId: p, recipient: '空き家バンク' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONSENT_REQUIRED' } });
    expect(count(c, 'disclosure')).toBe(0);
    expect(count(c, 'outbox')).toBe(outbox);
    expect(count(c, 'audit_log')).toBe(audit);
  });

  it('logs each hand-over under the consent it went out under; a withdrawal stops the next one', async () => {
    const c = await town();
    const p = addProperty(c);
    const bank = (await call(c, 'consents.save', consent(p))) as ConsentView;
    const sheet = (await call(c, 'consents.listingSheet', {
      propertyId: p,
      recipient: '全国版空き家バンク',
      contact: '企画課 0997-97-0000',
    })) as ListingSheetDocument;
    expect(sheet.fileName).toBe('物件登録カード_Y-0012.pdf');
    const rows = c.database.sqlite.prepare('SELECT * FROM disclosure').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: sheet.disclosureId,
      property_id: p,
      consent_id: bank.id,
      purpose: 'bank_listing',
      what: 'listing_sheet',
      recipient: '全国版空き家バンク',
      disclosed_at: NOW.toISOString(),
    });
    // The log row syncs like every record.
    expect(
      c.database.sqlite.prepare("SELECT count(*) FROM outbox WHERE table_name = 'disclosure'").pluck().get(),
    ).toBe(1);
    // Without a recipient typed, the consent's recipient is logged.
    await call(c, 'consents.listingSheet', { propertyId: p });
    const log = (await call(c, 'consents.disclosures', { propertyId: p })) as DisclosureView[];
    expect(log.map((d) => d.recipient).sort()).toEqual(['与論町空き家バンク', '全国版空き家バンク']);
    expect(log[0]).toMatchObject({
      purpose: 'bank_listing',
      what: 'listing_sheet',
      consentId: bank.id,
      by: '与論 花子',
    });

    await call(c, 'consents.withdraw', { id: bank.id, withdrawnOn: '2026-12-04' });
    const refused = await c.invoke('consents.listingSheet', { propertyId: p });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONSENT_REQUIRED' } });
    expect(count(c, 'disclosure')).toBe(2);
  });
});

describe('the listing sheet', () => {
  it('holds the listing fields in Japanese with the font embedded, and the owner only under an owner scope', async () => {
    const c = await town();
    const p = addProperty(c, {
      facilities: JSON.stringify({ water: 'public', sewage: 'septic', gas: 'lpg', internet: 'fiber' }),
      with_farmland: 1,
      nearby: '茶花小学校 800m',
    });
    const bank = (await call(c, 'consents.save', consent(p))) as ConsentView;
    const { html } = (await call(c, 'consents.listingSheet', {
      propertyId: p,
      contact: '企画課 0997-97-0000',
    })) as ListingSheetDocument;
    for (const text of [
      '物件登録カード',
      'Y-0012',
      '地番：大字茶花字東区1234番1',
      '売買',
      '価格 3,800,000円',
      '82.5㎡（24.96坪）',
      '330㎡（99.83坪）',
      '3DK',
      '1979（昭和54年）築',
      '木造',
      '上水道',
      '浄化槽',
      'プロパンガス',
      '光回線',
      '茶花小学校 800m',
      '鹿児島県与論町',
      '企画課 0997-97-0000',
      '2026年12月4日',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toMatch(
      /@font-face \{ font-family: 'FutasatoListing'; src: url\('file:\/\/\/.+\/BIZUDGothic-Regular\.ttf'\)/,
    );
    expect(html).not.toContain('茶花 太郎');
    expect(html).toContain('写真は掲載していません');
    // The contact line is remembered for the next sheet.
    expect(await call(c, 'consents.listingContact')).toEqual({ contact: '企画課 0997-97-0000' });

    await call(
      c,
      'consents.save',
      consent(p, { id: bank.id, scope: ['identification', 'listing', 'owner'] }),
    );
    const withOwner = (await call(c, 'consents.listingSheet', { propertyId: p })) as ListingSheetDocument;
    expect(withOwner.html).toContain('茶花 太郎');
  });

  it('keeps the scanned 同意書 with its consent, never on the sheet as a photo', async () => {
    const c = await town();
    const p = addProperty(c);
    const bank = (await call(
      c,
      'consents.save',
      consent(p, { scope: ['identification', 'listing', 'photos'] }),
    )) as ConsentView;
    const scan = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const withScan = (await call(c, 'consents.attachScan', {
      consentId: bank.id,
      bytes: scan,
      fileName: '同意書.pdf',
    })) as ConsentView;
    expect(withScan.scans).toMatchObject([{ fileName: '同意書.pdf', mimeType: 'application/pdf' }]);
    const key = c.database.sqlite.prepare('SELECT item_key FROM attachment').pluck().get();
    expect(key).toBe(`consent:${bank.id}`);
    const { html, files } = (await call(c, 'consents.listingSheet', {
      propertyId: p,
    })) as ListingSheetDocument & {
      files: string[];
    };
    expect(files).toHaveLength(1);
    expect(html).toContain('写真は掲載していません');
  });
});
