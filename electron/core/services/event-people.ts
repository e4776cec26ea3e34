import type BetterSqlite3 from 'better-sqlite3';

/**
 * Who a person is, for counting (docs/events.md, "One person, counted once"). A roll-call mark names
 * a family member or a supporter. A supporter merged into another is the one kept (following
 * `merged_into`, however long the chain); a supporter linked to a family member is that member. Two
 * laptops merging two records into each other offline make a cycle: the smallest id in it is the
 * one kept, on every laptop alike.
 */
export class PersonResolver {
  private readonly supporters = new Map<string, { mergedInto: string | null; memberId: string | null }>();

  constructor(sqlite: BetterSqlite3.Database, municipalityId: string) {
    const rows = sqlite
      .prepare('SELECT id, merged_into, family_member_id FROM supporter WHERE municipality_id = ?')
      .all(municipalityId) as { id: string; merged_into: string | null; family_member_id: string | null }[];
    for (const r of rows)
      this.supporters.set(r.id, { mergedInto: r.merged_into, memberId: r.family_member_id });
  }

  /** The supporter record that stands for this one after merges. */
  canonicalSupporter(id: string): string {
    const seen: string[] = [];
    let current = id;
    for (;;) {
      const next = this.supporters.get(current)?.mergedInto ?? null;
      // Unknown here (not synced yet) or the end of the chain.
      if (next === null || !this.supporters.has(next)) return current;
      seen.push(current);
      const at = seen.indexOf(next);
      if (at >= 0) {
        const cycle = seen.slice(at);
        return cycle.reduce((a, b) => (a < b ? a : b));
      }
      current = next;
    }
  }

  /** Every supporter record that stands for the same person as `id` (itself included). */
  recordsOf(id: string): string[] {
    const canonical = this.canonicalSupporter(id);
    return [...this.supporters.keys()].filter((s) => this.canonicalSupporter(s) === canonical);
  }

  /** The counting key of a mark: 'm:<member id>' or 's:<supporter id>'. */
  keyOf(memberId: string | null, supporterId: string | null): string {
    if (memberId !== null) return `m:${memberId}`;
    const canonical = this.canonicalSupporter(supporterId as string);
    const member = this.supporters.get(canonical)?.memberId ?? null;
    return member !== null ? `m:${member}` : `s:${canonical}`;
  }
}
