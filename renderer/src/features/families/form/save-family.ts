import { call } from '../../../lib/api.ts';
import { type FamilyValues, type MemberRow, memberChanged, memberInputFrom } from './form-model.ts';

type MemberInput = ReturnType<typeof memberInputFrom>;

/**
 * How to put an edit back: the family as loaded, changed members as they were, new members removed,
 * removed members restored.
 */
export interface UndoPlan {
  familyId: string;
  family: FamilyValues;
  members: { id: string; input: MemberInput }[];
  createdIds: string[];
  removedIds: string[];
}

export type SaveResult =
  | { ok: true; familyId: string; rows: MemberRow[]; undo: UndoPlan }
  | {
      ok: false;
      /** Set once the family itself is stored, so a retry edits it instead of creating it again. */
      familyId: string | null;
      /** The rows with the ids of members stored so far (a retry must not create them twice). */
      rows: MemberRow[];
      /** The member whose save failed; null when the family's own fields were refused. */
      failedRowKey: string | null;
      error: unknown;
    };

/**
 * Saves the family first, then each member that changed, in screen order. Every call is all-or-nothing
 * in the core; across calls, the form has already checked everything, so a failure here is one the
 * core alone can know about, and the result says exactly how far the save got.
 */
export async function saveFamily({
  familyId,
  family,
  familyBefore,
  rows,
  before,
  withSensitive,
}: {
  familyId: string | null;
  family: FamilyValues;
  familyBefore: FamilyValues;
  rows: MemberRow[];
  before: ReadonlyMap<string, MemberRow>;
  withSensitive: boolean;
}): Promise<SaveResult> {
  let id = familyId;
  try {
    id = id
      ? (await call('families.update', { id, ...family })).id
      : (await call('families.create', family)).id;
  } catch (error) {
    return { ok: false, familyId: id, rows, failedRowKey: null, error };
  }

  const undo: UndoPlan = { familyId: id, family: familyBefore, members: [], createdIds: [], removedIds: [] };
  const saved: MemberRow[] = [];
  for (const [index, row] of rows.entries()) {
    const previous = before.get(row.key);
    if (!memberChanged(row, previous)) {
      if (!row.removed) saved.push(row);
      continue;
    }
    try {
      if (row.removed) {
        if (row.id) {
          await call('members.remove', { id: row.id });
          undo.removedIds.push(row.id);
        }
        continue;
      }
      const input = { ...memberInputFrom(row, withSensitive), familyId: id };
      const view = await call('members.save', row.id ? { ...input, id: row.id } : input);
      if (row.id && previous) {
        undo.members.push({ id: row.id, input: memberInputFrom(previous, withSensitive) });
      } else {
        undo.createdIds.push(view.id);
      }
      saved.push({ ...row, id: view.id });
    } catch (error) {
      return {
        ok: false,
        familyId: id,
        rows: [...saved, ...rows.slice(index)],
        failedRowKey: row.key,
        error,
      };
    }
  }
  return { ok: true, familyId: id, rows: saved, undo };
}

/** Puts an edit back as it was before it was saved. */
export async function undoSave(plan: UndoPlan): Promise<void> {
  await call('families.update', { id: plan.familyId, ...plan.family });
  for (const m of plan.members) await call('members.save', { ...m.input, familyId: plan.familyId, id: m.id });
  for (const id of plan.createdIds) await call('members.remove', { id });
  for (const id of plan.removedIds) await call('members.restore', { id });
}
