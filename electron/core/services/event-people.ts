import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';

/**
 * Who a person is, for counting (docs/events.md, "One person, counted once"). A roll-call mark names
 * a family member or a supporter. A supporter merged into another is the one kept (following
 * `merged_into`, however long the chain); a supporter linked to a family member is that member. Two
 * laptops merging two records into each other offline make a cycle: the smallest id in it is the
 * one kept, on every laptop alike.
 */
export class PersonResolver {
  /** Only supporters merged away or linked to a member: every other one stands for itself. */
  private readonly supporters = new Map<string, { mergedInto: string | null; memberId: string | null }>();
  /** Merge targets this laptop has (a target not synced yet ends the chain where it is). */
  private readonly targets: Set<string>;

  constructor(sqlite: BetterSqlite3.Database, municipalityId: string) {
    const rows = sqlite
      .prepare(
        `SELECT id, merged_into, family_member_id FROM supporter
          WHERE municipality_id = ? AND (merged_into IS NOT NULL OR family_member_id IS NOT NULL)`,
      )
      .all(municipalityId) as { id: string; merged_into: string | null; family_member_id: string | null }[];
    for (const r of rows)
      this.supporters.set(r.id, { mergedInto: r.merged_into, memberId: r.family_member_id });
    const wanted = [...new Set(rows.map((r) => r.merged_into).filter((t): t is string => t !== null))];
    this.targets = new Set(
      wanted.length === 0
        ? []
        : (sqlite
            .prepare('SELECT id FROM supporter WHERE id IN (SELECT value FROM json_each(?))')
            .pluck()
            .all(JSON.stringify(wanted)) as string[]),
    );
  }

  /** The supporter record that stands for this one after merges. */
  canonicalSupporter(id: string): string {
    const seen: string[] = [];
    let current = id;
    for (;;) {
      const next = this.supporters.get(current)?.mergedInto ?? null;
      // Unknown here (not synced yet) or the end of the chain.
      if (next === null || !this.targets.has(next)) return current;
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
    const merged = [...this.supporters.keys()].filter((s) => this.canonicalSupporter(s) === canonical);
    return [...new Set([canonical, ...merged])];
  }

  /** The counting key of a mark: 'm:<member id>' or 's:<supporter id>'. */
  keyOf(memberId: string | null, supporterId: string | null): string {
    if (memberId !== null) return `m:${memberId}`;
    const canonical = this.canonicalSupporter(supporterId as string);
    const member = this.supporters.get(canonical)?.memberId ?? null;
    return member !== null ? `m:${member}` : `s:${canonical}`;
  }
}
