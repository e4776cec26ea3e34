import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistry, type TemplateLibrary } from '../domain/inspection/registry.ts';
import {
  type InspectionTemplate,
  parseTemplate,
  parseTownRules,
  TemplateInvalidError,
  type TownRules,
  townRulesFaultsAgainst,
} from '../domain/inspection/template-schema.ts';

/**
 * Reads the shipped checklist templates and town rule sets from disk:
 *   <dir>/<id>.v<version>.json              a template version
 *   <dir>/town-rules/<id>.v<version>.json   a town's rule set version
 * Every file is validated (its faults named with their paths), its name must match its id and
 * version, and a town's rules must fit every version of the template they extend. In the repository
 * the folder is resources/inspection-templates/; the packaged app has it under
 * `process.resourcesPath/inspection-templates` (electron-builder.yml, extraResources).
 */

/** The folder in the repository (tests, scripts, the unpackaged app). */
export const REPO_TEMPLATE_DIR = fileURLToPath(
  new URL('../../resources/inspection-templates/', import.meta.url),
);

const FILE_NAME = /^([a-z][a-z0-9_]*)\.v([1-9][0-9]*)\.json$/;

function readJsonFiles(dir: string): { file: string; data: unknown }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.sort().map((name) => {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new TemplateInvalidError(file, [`(root): not JSON: ${(error as Error).message}`]);
    }
    return { file, data };
  });
}

function checkFileName(file: string, entry: { id: string; version: number }) {
  const match = FILE_NAME.exec(basename(file));
  if (!match || match[1] !== entry.id || Number(match[2]) !== entry.version)
    throw new TemplateInvalidError(file, [
      `(root): the file of ${entry.id} version ${entry.version} is named ${entry.id}.v${entry.version}.json`,
    ]);
}

export function readTemplateLibrary(dir: string): TemplateLibrary {
  const templates: InspectionTemplate[] = readJsonFiles(dir).map(({ file, data }) => {
    const t = parseTemplate(data, file);
    checkFileName(file, t);
    return t;
  });
  const townRules: TownRules[] = readJsonFiles(join(dir, 'town-rules')).map(({ file, data }) => {
    const r = parseTownRules(data, file);
    checkFileName(file, r);
    const targets = templates.filter((t) => t.id === r.templateId);
    if (targets.length === 0)
      throw new TemplateInvalidError(file, [`templateId: no template "${r.templateId}"`]);
    const faults = targets.flatMap((t) =>
      townRulesFaultsAgainst(t, r).map((f) => `${f} (with ${t.id} v${t.version})`),
    );
    if (faults.length > 0) throw new TemplateInvalidError(file, faults);
    return r;
  });
  return {
    templates: createRegistry(templates, 'template'),
    townRules: createRegistry(townRules, 'town rules'),
  };
}

const libraries = new Map<string, TemplateLibrary>();

/** The library of `dir`, read once: the files do not change while the app runs. */
export function templateLibrary(dir = REPO_TEMPLATE_DIR): TemplateLibrary {
  let library = libraries.get(dir);
  if (!library) {
    library = readTemplateLibrary(dir);
    libraries.set(dir, library);
  }
  return library;
}

/** Exactly the version an inspection was made with; an unknown id or version is an error. */
export function loadTemplate(id: string, version: number, dir = REPO_TEMPLATE_DIR): InspectionTemplate {
  const t = templateLibrary(dir).templates.get(id, version);
  if (!t) throw new Error(`no inspection template ${id} version ${version} in ${dir}`);
  return t;
}

export function loadTownRules(id: string, version: number, dir = REPO_TEMPLATE_DIR): TownRules {
  const r = templateLibrary(dir).townRules.get(id, version);
  if (!r) throw new Error(`no town rules ${id} version ${version} in ${dir}`);
  return r;
}
