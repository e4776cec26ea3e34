import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids.ts';
import type { FamilyDetail, HistoryEntry, StayView } from '../../../shared/ipc/views.ts';
import { call, openTestCore } from '../test-support.ts';

/**
 * A family's history shows the sync conflicts its records went through (the conflict records arrive
 * from the server like any row): when one opened, and when and by whom it was settled.
 */
describe('family history: sync conflicts', () => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('lists an open conflict and a settled one, with the fields, newest first', async () => {
    const opened = await openTestCore();
    dispose = opened.dispose;
    const { core } = opened;
    await call(core, 'profile.setup', {
      municipalityId: 'kagoshima-yoron',
      displayName: '森 さくら',
      role: 'coordinator',
    });
    const family = (await call(core, 'families.create', {
      familyName: '朝日',
      familyNameKana: 'あさひ',
      phone: '090-1111-2222',
    })) as FamilyDetail;
    const stay = (await call(core, 'stays.save', {
      familyId: family.id,
      programme: 'nursery_stay',
      plannedArrival: '2026-04-01',
      plannedDeparture: '2026-04-10',
    })) as StayView;
    const other = (await call(core, 'families.create', {
      familyName: '夕日',
      familyNameKana: 'ゆうひ',
    })) as FamilyDetail;

    const insert = core.database.sqlite.prepare(
      `INSERT INTO sync_conflict (id, municipality_id, table_name, row_id, field, kind, lost, won,
         resolved_at, resolved_by, resolution, created_at, created_by, updated_at, updated_by)
       VALUES (?, 'kagoshima-yoron', ?, ?, ?, ?, '{}', '{}', ?, ?, ?, ?, 'server', ?, 'server')`,
    );
    const phone = newId();
    insert.run(
      phone,
      'family',
      family.id,
      'phone',
      'overwrite',
      '2099-01-02T03:00:00.000Z',
      '川口 健',
      'restored',
      '2099-01-01T00:00:00.000Z',
      '2099-01-02T03:00:00.000Z',
    );
    const dates = newId();
    insert.run(
      dates,
      'stay',
      stay.id,
      'planned_arrival+planned_departure',
      'overwrite',
      null,
      null,
      null,
      '2099-01-03T00:00:00.000Z',
      '2099-01-03T00:00:00.000Z',
    );
    // Another family's conflict is not this family's history.
    insert.run(
      newId(),
      'family',
      other.id,
      'phone',
      'overwrite',
      null,
      null,
      null,
      '2099-01-04T00:00:00.000Z',
      '2099-01-04T00:00:00.000Z',
    );

    const history = (await call(core, 'families.history', { id: family.id })) as HistoryEntry[];
    const conflicts = history.filter((h) => h.conflict);
    expect(conflicts).toEqual([
      {
        at: '2099-01-03T00:00:00.000Z',
        actorName: null,
        action: 'conflict',
        table: 'stay',
        rowId: stay.id,
        fields: ['planned_arrival', 'planned_departure'],
        conflict: { id: dates, kind: 'overwrite', resolution: null },
      },
      {
        at: '2099-01-02T03:00:00.000Z',
        actorName: '川口 健',
        action: 'conflict_resolved',
        table: 'family',
        rowId: family.id,
        fields: ['phone'],
        conflict: { id: phone, kind: 'overwrite', resolution: 'restored' },
      },
      {
        at: '2099-01-01T00:00:00.000Z',
        actorName: null,
        action: 'conflict',
        table: 'family',
        rowId: family.id,
        fields: ['phone'],
        conflict: { id: phone, kind: 'overwrite', resolution: 'restored' },
      },
    ]);
    // They come first (newest), ahead of the audit log's entries of today.
    expect(history.slice(0, 3)).toEqual(conflicts);
    expect(history.filter((h) => !h.conflict).map((h) => h.action)).toContain('create');
  });
});
