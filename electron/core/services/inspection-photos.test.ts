import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttachmentItemView } from '../../../shared/ipc/views/attachments.ts';
import type { InspectionItemsView, InspectionView } from '../../../shared/ipc/views/inspections.ts';
import type { AppCore } from '../app-core.ts';
import type { Session } from '../session.ts';
import { call, openTestCore } from '../test-support.ts';

/**
 * Photos filed under a checklist item (attachments.add with an itemKey on an inspection): an item the
 * inspection's own checklist version has is kept with the photo; one it lacks is refused with
 * INSPECTION_ITEM_UNKNOWN before anything is written — no row, no stored bytes, no outbox, no audit.
 */

let core: AppCore;
let dispose: () => Promise<void>;
let session: Session;
let inspection: InspectionView;
let jpeg: Uint8Array;

const sessionOf = (c: AppCore) => (c as unknown as { session: Session }).session;

function footprint() {
  const count = (sql: string) => session.writer.sqlite.prepare(sql).pluck().get() as number;
  return {
    attachments: count('SELECT count(*) FROM attachment'),
    uploads: count('SELECT count(*) FROM blob_upload'),
    outbox: count('SELECT count(*) FROM outbox'),
    audit: count('SELECT count(*) FROM audit_log'),
  };
}

describe('photos of an inspection, per checklist item', () => {
  beforeEach(async () => {
    ({ core, dispose } = await openTestCore());
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '調査 員子',
      role: 'surveyor',
    });
    session = sessionOf(core);
    const propertyId = session.writer.write(session.actor, (tx) =>
      (tx as unknown as { insert: (t: string, r: object) => string }).insert('property', {
        address: '鹿児島県大島郡与論町茶花１２３',
        status: 'surveyed',
        consent_bank: 0,
        consent_share: 0,
      }),
    );
    inspection = (await call(core, 'inspections.start', {
      propertyId,
      templateId: 'furyodo_wooden',
      townRulesId: 'sample_school_route',
      inspectedOn: '2026-12-04',
    })) as InspectionView;
    jpeg = new Uint8Array(
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 120, b: 60 } } })
        .jpeg()
        .toBuffer(),
    );
  });
  afterEach(() => dispose());

  it('lists the checklist items by section, the town’s own after the template’s', async () => {
    const view = (await call(core, 'inspections.items', {
      inspectionId: inspection.id,
    })) as InspectionItemsView;
    expect(view.sections.map((s) => s.key)).toEqual(inspection.progress.map((s) => s.key));
    expect(view.sections.at(-1)?.from).toBe('town');
    const roof = view.sections.flatMap((s) => s.items).find((i) => i.key === 'roof');
    expect(roof?.label.ja).toBeTruthy();
    expect(view.sections.flatMap((s) => s.items)).toHaveLength(inspection.total);
  });

  it('keeps the item of a photo filed under an item of the template or of the town rules', async () => {
    const townItem = (
      (await call(core, 'inspections.items', { inspectionId: inspection.id })) as InspectionItemsView
    ).sections.find((s) => s.from === 'town')?.items[0]?.key as string;
    for (const itemKey of ['roof', townItem]) {
      const added = (await call(core, 'attachments.add', {
        ownerTable: 'inspection',
        ownerId: inspection.id,
        bytes: jpeg,
        fileName: `${itemKey}.jpg`,
        itemKey,
      })) as AttachmentItemView;
      expect(added.itemKey).toBe(itemKey);
    }
    const listed = (await call(core, 'attachments.list', {
      ownerTable: 'inspection',
      ownerId: inspection.id,
    })) as AttachmentItemView[];
    expect(listed.map((a) => a.itemKey).sort()).toEqual(['roof', townItem].sort());
  });

  it('refuses an item the inspection’s checklist lacks, and writes nothing', async () => {
    const before = footprint();
    const sha256 = createHash('sha256').update(jpeg).digest('hex');
    const storedBefore = await session.attachments.store.sizeOf(sha256);
    // `nameplate` is an item of another checklist (外観目視調査), not of this inspection's 不良度判定.
    for (const itemKey of ['no_such_item', 'nameplate']) {
      const result = await core.invoke('attachments.add', {
        ownerTable: 'inspection',
        ownerId: inspection.id,
        bytes: jpeg,
        fileName: 'x.jpg',
        itemKey,
      });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INSPECTION_ITEM_UNKNOWN');
    }
    expect(footprint()).toEqual(before);
    expect(storedBefore).toBeNull();
    expect(await session.attachments.store.sizeOf(sha256)).toBeNull();
  });

  it('refuses an item on an inspection that does not exist (NOT_FOUND), and still takes a photo with no item', async () => {
    const missing = await core.invoke('attachments.add', {
      ownerTable: 'inspection',
      ownerId: '00000000-0000-4000-8000-000000000000',
      bytes: jpeg,
      itemKey: 'roof',
    });
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    const whole = (await call(core, 'attachments.add', {
      ownerTable: 'inspection',
      ownerId: inspection.id,
      bytes: jpeg,
    })) as AttachmentItemView;
    expect(whole.itemKey).toBeNull();
  });
});
