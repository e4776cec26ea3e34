import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ChecklistOptionView,
  InspectionChecklistView,
  InspectionView,
} from '../../../shared/ipc/views/inspections.ts';
import { loadTemplate, loadTownRules } from '../../../shared/node/inspection-templates.ts';
import type { AppCore } from '../app-core.ts';
import type { Session } from '../session.ts';
import { call, openTestCore } from '../test-support.ts';

/**
 * What the surveyor's screens read besides the inspection: the checklists a new inspection can start
 * with on a day, and the exact checklist version an inspection was made with.
 */

let core: AppCore;
let dispose: () => Promise<void>;

describe('inspection checklists for the surveyor’s screens', () => {
  beforeEach(async () => {
    ({ core, dispose } = await openTestCore());
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '調査 員',
      role: 'surveyor',
    });
  });
  afterEach(async () => {
    await dispose();
  });

  it('offers each checklist in effect on the day, with the town rules made for it', async () => {
    const options = (await call(core, 'inspections.checklists', {
      day: '2026-12-04',
    })) as ChecklistOptionView[];
    expect(options.map((o) => [o.id, o.version])).toEqual([
      ['exterior_survey', 1],
      ['furyodo_wooden', 1],
      ['tokutei_kanri_fuzen', 1],
    ]);
    const furyodo = options.find((o) => o.id === 'furyodo_wooden');
    expect(furyodo?.townRules.map((r) => r.id)).toEqual(['sample_school_route']);
    expect(options.find((o) => o.id === 'exterior_survey')?.townRules).toEqual([]);
    const template = loadTemplate('furyodo_wooden', 1);
    expect(furyodo?.items).toBe(template.sections.reduce((n, s) => n + s.items.length, 0));
    // Before the town rules took effect (2024-04-01) there are none to offer.
    const earlier = (await call(core, 'inspections.checklists', {
      day: '2024-01-10',
    })) as ChecklistOptionView[];
    expect(earlier.find((o) => o.id === 'furyodo_wooden')?.townRules).toEqual([]);
    // Before any checklist took effect: nothing to start with.
    expect(await call(core, 'inspections.checklists', { day: '1950-01-01' })).toEqual([]);
  });

  it('gives an inspection its own checklist version and town rules', async () => {
    const session = (core as unknown as { session: Session }).session;
    const propertyId = session.writer.write(session.actor, (tx) =>
      (tx as unknown as { insert: (t: string, r: object) => string }).insert('property', {
        address: '与論町茶花１',
        consent_bank: 0,
        consent_share: 0,
      }),
    );
    const started = (await call(core, 'inspections.start', {
      propertyId,
      templateId: 'furyodo_wooden',
      townRulesId: 'sample_school_route',
      inspectedOn: '2026-12-04',
    })) as InspectionView;
    const view = (await call(core, 'inspections.checklist', {
      inspectionId: started.id,
    })) as InspectionChecklistView;
    expect(view.template).toEqual(loadTemplate('furyodo_wooden', 1));
    expect(view.townRules).toEqual(loadTownRules('sample_school_route', 1));
    const missing = await core.invoke('inspections.checklist', {
      inspectionId: '0193a000-0000-7000-8000-00000000dead',
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
