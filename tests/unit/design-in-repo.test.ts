import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The design lives in this repository (docs/). A comment or a doc that cites the design notes the
 * project started from (a folder outside the repo), a numbered principle of those notes, or a tracker
 * number ("issue 5") cannot be followed by someone who has only the repo; and a pointer into docs/ must
 * land on a file and heading that exist. Say what is meant, or point to docs/sync-principles.md,
 * docs/domain.md and the other docs.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SELF = 'tests/unit/design-in-repo.test.ts';

const SCANNED_DIRS = [
  'electron',
  'shared',
  'server',
  'renderer',
  'tests',
  'bench',
  'scripts',
  'migrations',
  'docs',
];
const SCANNED_ROOT_FILES = [
  'README.md',
  'electron-builder.yml',
  'electron.vite.config.ts',
  'vitest.config.ts',
];
const SCANNED_EXTENSIONS = /\.(ts|tsx|sql|md|yml|css|html|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'test-results', 'server-data', '.git']);

/**
 * Released migrations are checksummed as whole files, comments included, and a database that applied
 * one refuses an edited copy; their old citations are explained in docs/sync-principles.md ("Older
 * references"). This list never grows: a new migration is checked like any file.
 */
const RELEASED_MIGRATIONS_WITH_OLD_CITATIONS = new Set([
  'migrations/0001_schema_v1.sql',
  'migrations/0003_attachment_files.sql',
  'server/migrations/0001_server_schema.sql',
  'server/migrations/0002_kpi.sql',
]);

/** The one place allowed to quote the old citations: the section that explains them. */
const OLDER_REFERENCES = { file: 'docs/sync-principles.md', from: '## Older references' };

/** The design notes that stayed outside the repo; docs/ has its own files for what they said. */
const OUTSIDE_NOTES = ['sync', 'domain', 'architecture', 'akiya', 'reports'];

interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

function filesToScan(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (SCANNED_EXTENSIONS.test(entry.name)) found.push(path);
    }
  };
  for (const dir of SCANNED_DIRS) walk(dir);
  for (const file of SCANNED_ROOT_FILES) if (existsSync(join(ROOT, file))) found.push(file);
  return found.sort();
}

/**
 * Citations a reader of the repo alone cannot follow, in one file's text. `isDoc`: a file under docs/,
 * where a link such as `(domain.md)` is relative to docs/ and therefore fine when that file exists.
 */
function citationsIn(text: string, isDoc: boolean, docsHas: (name: string) => boolean): string[] {
  const why: string[] = [];
  if (/shared\/design\b|\bdesign\/[a-z]+\.md\b/i.test(text))
    why.push('cites the design notes outside the repo');
  if (/\.\.\/seeds\b|\bseed 0\d\d\b/i.test(text)) why.push('cites the source papers outside the repo');
  for (const match of text.matchAll(/(?<![\w/.-])([a-z]+)\.md\b/gi)) {
    const name = match[1]!.toLowerCase();
    if (!OUTSIDE_NOTES.includes(name)) continue;
    // Inside docs/ a bare name is a relative link: fine when docs/ has that file.
    if (isDoc && docsHas(`${name}.md`)) continue;
    why.push(`names ${name}.md, a design note outside the repo (point to a file in docs/)`);
  }
  if (/\bprinciples?\s+\d/i.test(text))
    why.push('cites a numbered principle (write P1…P10 of docs/sync-principles.md)');
  if (/\bissues?\s+#?\d|\(#\d+\)|\b(?:PR|pull request|ticket)\s*#\d/i.test(text))
    why.push('cites a tracker number (say what it was about)');
  if (/\(issue\)|\bthe issue's\b|\bthe [a-z-]+ issue\b/i.test(text))
    why.push('cites a tracker issue (say what it was about)');
  return why;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOf(path: string): Set<string> {
  let anchors = anchorCache.get(path);
  if (anchors) return anchors;
  anchors = new Set();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of readFileSync(join(ROOT, path), 'utf8').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = anchorOf(heading[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const id of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(id[1]!);
  }
  anchorCache.set(path, anchors);
  return anchors;
}

/** Why a pointer to `target` (a repo path, maybe with #anchor) leads nowhere, or null when it lands. */
function brokenPointer(target: string): string | null {
  const [path = '', anchor] = target.split('#');
  if (!existsSync(join(ROOT, path))) return `${path} does not exist`;
  if (anchor === undefined || anchor === '') return null;
  if (!path.endsWith('.md') || statSync(join(ROOT, path)).isDirectory()) return null;
  return anchorsOf(path).has(decodeURIComponent(anchor).toLowerCase())
    ? null
    : `${path} has no heading #${anchor}`;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function scan(): { citations: Finding[]; pointers: Finding[] } {
  const docsHas = (name: string) => existsSync(join(ROOT, 'docs', name));
  const citations: Finding[] = [];
  const pointers: Finding[] = [];
  for (const file of filesToScan()) {
    if (file === SELF) continue;
    let text = readFileSync(join(ROOT, file), 'utf8');
    if (file === OLDER_REFERENCES.file) {
      const at = text.indexOf(OLDER_REFERENCES.from);
      if (at >= 0) text = text.slice(0, at);
    }
    const isDoc = file.startsWith('docs/') || file === 'README.md';
    if (!RELEASED_MIGRATIONS_WITH_OLD_CITATIONS.has(file)) {
      text.split('\n').forEach((lineText, i) => {
        for (const why of citationsIn(lineText, isDoc, docsHas))
          citations.push({ file, line: i + 1, text: lineText.trim(), why });
      });
    }
    if (file.endsWith('.md')) {
      // Markdown links: relative to the file, or an anchor in the same file.
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        const resolved = target.startsWith('#')
          ? `${file}${target}`
          : relative(ROOT, join(ROOT, dirname(file), target))
              .split(sep)
              .join('/');
        const why = brokenPointer(resolved);
        if (why) pointers.push({ file, line: lineOf(text, m.index), text: target, why });
      }
    } else {
      // Code pointing into docs/: `docs/sync-principles.md#p5-…`.
      for (const m of text.matchAll(/\bdocs\/[\w.-]+\.md(?:#[\p{L}\p{N}_-]+)?/gu)) {
        const why = brokenPointer(m[0]);
        if (why) pointers.push({ file, line: lineOf(text, m.index), text: m[0], why });
      }
    }
  }
  return { citations, pointers };
}

const show = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.line}: ${f.why}\n    ${f.text}`);

describe('the design is in the repository', () => {
  it('recognises what a reader of the repo alone cannot follow, and lets through what they can', () => {
    const none = () => false;
    const docs = (name: string) => ['domain.md', 'architecture.md'].includes(name);
    // Built from pieces, so that this file's own text is not a citation.
    const outside = ['../shared', 'design/sync.md, principle 5'].join('/');
    expect(citationsIn(`// overwrite from a blind one (${outside})`, false, docs)).toHaveLength(2);
    expect(citationsIn(['// Local safety (issue', '5): a copy'].join(' '), false, none)).toHaveLength(1);
    expect(citationsIn(['see (#', '12)'].join(''), false, none)).toHaveLength(1);
    expect(citationsIn(['(the akiya', 'issue)'].join(' '), false, none)).toHaveLength(1);
    expect(citationsIn(['KPIs of domain', 'md'].join('.'), false, docs)).toHaveLength(1);
    expect(citationsIn(['[domain', 'md](domain.md)'].join('.'), true, docs)).toEqual([]);
    expect(citationsIn(['the contract (sync', 'md)'].join('.'), true, docs)).toHaveLength(1);
    expect(
      citationsIn('see docs/domain.md and docs/sync-principles.md#p5-nothing-is-lost-silently', false, docs),
    ).toEqual([]);
    expect(citationsIn('zod issues[0]; no .cmd shim issues on Windows; a token issued', false, none)).toEqual(
      [],
    );
  });

  it('computes heading anchors the way GitHub does', () => {
    expect(anchorOf('P5: Nothing is lost silently')).toBe('p5-nothing-is-lost-silently');
    expect(anchorOf('更新の順序 / Upgrade order')).toBe('更新の順序--upgrade-order');
    expect(anchorOf('Photos and files (写真・添付)')).toBe('photos-and-files-写真添付');
    expect(anchorOf('Merge (the same function, in `shared/sync/merge.ts`)')).toBe(
      'merge-the-same-function-in-sharedsyncmergets',
    );
  });

  const { citations, pointers } = scan();

  it('has no comment or doc citing the outside design notes or a tracker number', () => {
    expect(show(citations)).toEqual([]);
  });

  it('has every pointer into docs/ land on a file and heading that exist', () => {
    expect(show(pointers)).toEqual([]);
  });

  it('keeps the principles that comments point to', () => {
    const anchors = anchorsOf('docs/sync-principles.md');
    for (let n = 1; n <= 10; n += 1)
      expect(
        [...anchors].some((a) => a.startsWith(`p${n}-`)),
        `P${n}`,
      ).toBe(true);
  });
});
