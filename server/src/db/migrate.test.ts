import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadServerMigrations, MIGRATIONS_DIR } from './migrate.ts';

describe('server migrations', () => {
  it('has a test beside every migration file (server/migrations/NNNN_name.test.ts)', () => {
    const files = readdirSync(MIGRATIONS_DIR);
    const migrations = loadServerMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) {
      const base = `${String(m.version).padStart(4, '0')}_${m.name}`;
      expect(files, `${base}.sql`).toContain(`${base}.sql`);
      expect(files, `${base}.test.ts`).toContain(`${base}.test.ts`);
    }
    // And no test for a migration that is not there (a renamed file leaves its test behind).
    const tested = files
      .filter((f) => /^\d{4}_.*\.test\.ts$/.test(f))
      .map((f) => f.replace(/\.test\.ts$/, '.sql'));
    expect(tested.filter((f) => !files.includes(f))).toEqual([]);
  });
});
