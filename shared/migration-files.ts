/**
 * Numbered SQL migration files (`0001_name.sql`), as both the laptop's SQLite store and the
 * consortium server's PostgreSQL store keep them: forward-only, numbered 1..n without gaps.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Turns `{ '0001_schema_v1.sql': sql }` (however loaded) into an ordered, validated list. */
export function parseMigrationFiles(files: Record<string, string>): Migration[] {
  const migrations = Object.entries(files).map(([path, sql]) => {
    const fileName = path.split('/').pop() ?? path;
    const match = FILE_RE.exec(fileName);
    if (!match?.[1] || !match[2])
      throw new Error(`migration file name not of the form 0001_name.sql: ${fileName}`);
    return { version: Number(match[1]), name: match[2], sql };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version}`);
  });
  return migrations;
}
