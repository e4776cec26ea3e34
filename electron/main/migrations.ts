/// <reference types="vite/client" />
import { type Migration, parseMigrationFiles } from '../core/db/migrator.ts';

/**
 * The SQL migrations, inlined into the main bundle at build time. A packaged app then carries the
 * exact schema history it was built with, and no loose .sql files can go missing or be edited
 * inside the installation.
 */
export function bundledMigrations(): Migration[] {
  const files = import.meta.glob<string>('../../migrations/*.sql', {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  return parseMigrationFiles(files);
}
