import { afterEach, describe, expect, it } from 'vitest';
import { storedHeadline } from '../../../shared/domain/inspection/progress.ts';
import type { InspectionView } from '../../../shared/ipc/views.ts';
import { call, openTestCore } from '../test-support.ts';

/**
 * The sample town's inspections through the app itself: each opens with `inspections.get` (its
 * checklist and town rules are shipped), a finished one's stored headline is the headline of the
 * fresh score `get` computes, an open one is in the 調査中 list, and the comparison with the previous
 * inspection finds a house that got worse.
 */

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

interface Row {
  id: string;
  status: string;
  score_measure: string | null;
  score_total: number | null;
  score_band: string | null;
  judgement: string | null;
  score_provisional: number | null;
}

describe('the sample town in 現地調査', () => {
  it.each(['small', 'medium'] as const)(
    'opens every %s sample inspection, and its stored headline is the fresh score',
    async (size) => {
      const opened = await openTestCore();
      disposers.push(opened.dispose);
      const { core } = opened;
      await call(core, 'profile.setup', {
        municipalityId: 'kagoshima-yoron',
        displayName: '山田 花子',
        role: 'coordinator',
      });
      await call(core, 'sample.load', { size });
      const rows = core.database.sqlite
        .prepare(
          `SELECT id, status, score_measure, score_total, score_band, judgement, score_provisional
           FROM inspection ORDER BY id`,
        )
        .all() as Row[];
      expect(rows.length).toBeGreaterThan(size === 'small' ? 20 : 200);

      const judgements = new Set<string | null>();
      let couldNotCheck = 0;
      for (const row of rows) {
        const view = (await call(core, 'inspections.get', { inspectionId: row.id })) as InspectionView;
        expect(view.score.unknownAnswers, row.id).toEqual([]);
        couldNotCheck += view.score.couldNotCheck.length;
        if (row.status !== 'finished') continue;
        judgements.add(row.judgement);
        const { score_measure, score_total, score_band, judgement, score_provisional } = row;
        expect(storedHeadline(view.score), row.id).toEqual({
          score_measure,
          score_total,
          score_band,
          judgement,
          score_provisional,
        });
      }
      expect(couldNotCheck).toBeGreaterThan(0);
      for (const j of ['furyo_jutaku', 'tokutei_candidate', 'kanri_fuzen_candidate', 'observe'])
        expect(judgements).toContain(j);

      const open = (await call(core, 'inspections.inProgress', {})) as { id: string }[];
      expect(open.length).toBeGreaterThanOrEqual(1);
      expect(open.length).toBeLessThanOrEqual(2);

      // A house surveyed twice: the later survey compared with the earlier one shows what got worse.
      const later = core.database.sqlite
        .prepare(
          `SELECT i.id FROM inspection i WHERE i.template_id = 'exterior_survey' AND i.status = 'finished'
             AND EXISTS (SELECT 1 FROM inspection e WHERE e.property_id = i.property_id
               AND e.template_id = i.template_id AND e.inspected_on < i.inspected_on)
           ORDER BY i.id LIMIT 1`,
        )
        .pluck()
        .get() as string;
      const comparison = (await call(core, 'inspections.compare', { inspectionId: later })) as {
        previous: unknown;
        counts: { worse: number; better: number };
      };
      expect(comparison.previous).not.toBeNull();
      expect(comparison.counts.worse).toBeGreaterThan(0);
      expect(comparison.counts.better).toBe(0);
    },
    120_000,
  );
});
