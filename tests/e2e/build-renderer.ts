import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const RENDERER_ROOT = fileURLToPath(new URL('../../renderer/', import.meta.url));
export const E2E_RENDERER_OUT = fileURLToPath(new URL('../../out/e2e-renderer/', import.meta.url));

/** Builds the production renderer bundle the app ships, for the end-to-end tests to load. */
export async function buildRenderer(): Promise<void> {
  await build({
    root: RENDERER_ROOT,
    base: './',
    plugins: [react()],
    logLevel: 'warn',
    build: { outDir: E2E_RENDERER_OUT, emptyOutDir: true },
  });
}
