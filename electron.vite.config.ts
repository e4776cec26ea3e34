import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicyForMeta } from './electron/main/csp.ts';
import { readTemplateLibrary } from './shared/node/inspection-templates.ts';

/**
 * Three builds (electron-vite 6 on Vite 8). Our layout is not electron-vite's default `src/<process>`,
 * so each build names its entry with `build.rollupOptions.input` (electron-vite then skips its own
 * `src/` lookup) and its output directory explicitly.
 *
 * - main: ESM because package.json has "type": "module"; npm dependencies stay external
 *   (`externalizeDeps`, on by default) so better-sqlite3-multiple-ciphers is loaded as the native module it is. Two
 *   entries: `index` (the main process) and `core` (out/main/core.js, the core process the main
 *   process starts with utilityProcess.fork; docs/architecture.md, "Processes").
 * - preload: CommonJS in one file. A sandboxed preload cannot be an ES module and can `require`
 *   nothing but `electron`, so everything it imports is bundled in.
 * - renderer: plain Vite + React with `renderer/` as root.
 */

const fromRepo = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const CSP_META = /<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>\s*/gi;

/**
 * Our pages' Content-Security-Policy. The built page must carry it as a <meta> tag, because Electron
 * does not reliably apply `webRequest` header changes to `file://` pages: if renderer/index.html has
 * none, this adds ours. On the dev server a static tag would block the HMR client and
 * @vitejs/plugin-react's inline refresh preamble, so it is removed there; the main process sends a
 * dev policy as a response header instead (see electron/main/csp.ts).
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'futasato:csp-meta',
    transformIndexHtml(html, context) {
      if (context.server) return html.replace(CSP_META, '');
      if (html.match(CSP_META)) return html;
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicyForMeta() },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

/**
 * The inspection checklists are data shipped beside the app (electron-builder.yml, extraResources): a
 * file that does not validate stops the build with its path and faults, instead of failing on a
 * surveyor's tablet (docs/inspections.md).
 */
function inspectionTemplatesValid(): Plugin {
  return {
    name: 'futasato:inspection-templates',
    buildStart() {
      readTemplateLibrary(fromRepo('resources/inspection-templates/'));
    },
  };
}

export default defineConfig({
  main: {
    plugins: [inspectionTemplatesValid()],
    build: {
      outDir: fromRepo('out/main'),
      rollupOptions: {
        input: {
          index: fromRepo('electron/main/index.ts'),
          core: fromRepo('electron/core/host/core-process.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRepo('out/preload'),
      // Nothing may stay an external `require` except electron and Node built-ins.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: fromRepo('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRepo('renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      outDir: fromRepo('out/renderer'),
      rollupOptions: { input: fromRepo('renderer/index.html') },
    },
  },
});
