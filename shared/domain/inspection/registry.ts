import type { InspectionTemplate, TownRules } from './template-schema.ts';

/**
 * Every version of every template (and town rule set) the app ships. An inspection stores the id and
 * version it was made with and is always scored with exactly that version; a new file is a new
 * version beside the old ones, never an edit of them. `effectiveOn` picks the version a new
 * inspection starts with.
 */
export interface VersionedRegistry<T extends { id: string; version: number; effectiveFrom: string }> {
  get(id: string, version: number): T | null;
  /** The newest version already in effect on `day` ('YYYY-MM-DD'), or null. */
  effectiveOn(id: string, day: string): T | null;
  ids(): string[];
  versions(id: string): number[];
}

export function createRegistry<T extends { id: string; version: number; effectiveFrom: string }>(
  entries: readonly T[],
  what = 'template',
): VersionedRegistry<T> {
  const byId = new Map<string, T[]>();
  for (const e of entries) {
    const list = byId.get(e.id) ?? [];
    if (list.some((x) => x.version === e.version))
      throw new Error(`two files for ${what} ${e.id} version ${e.version}`);
    list.push(e);
    byId.set(e.id, list);
  }
  for (const list of byId.values()) {
    list.sort((a, b) => a.version - b.version);
    // A later version that took effect earlier would make `effectiveOn` ambiguous.
    list.forEach((e, i) => {
      const before = list[i - 1];
      if (before && e.effectiveFrom < before.effectiveFrom)
        throw new Error(`${what} ${e.id} version ${e.version} takes effect before version ${before.version}`);
    });
  }
  return {
    get: (id, version) => byId.get(id)?.find((e) => e.version === version) ?? null,
    effectiveOn: (id, day) => (byId.get(id) ?? []).filter((e) => e.effectiveFrom <= day).at(-1) ?? null,
    ids: () => [...byId.keys()].sort(),
    versions: (id) => (byId.get(id) ?? []).map((e) => e.version),
  };
}

export interface TemplateLibrary {
  templates: VersionedRegistry<InspectionTemplate>;
  townRules: VersionedRegistry<TownRules>;
}
