import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.ts';
import { ja } from '../../renderer/src/i18n/ja.ts';
import { NAMESPACES } from '../../renderer/src/i18n/namespaces.ts';
import { FEATURES, resources } from '../../renderer/src/i18n/resources.ts';
import { ERROR_CODES } from '../../shared/errors.ts';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('i18n dictionaries', () => {
  it('English has exactly the Japanese keys, and no empty text', () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
    for (const dict of [ja, en]) {
      for (const key of keys(dict)) {
        const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], dict);
        expect(typeof value === 'string' && value.trim().length > 0, key).toBe(true);
      }
    }
  });

  it('gives every feature dictionary the same keys in English as in Japanese, none empty', () => {
    expect(Object.keys(FEATURES).sort()).toEqual([
      'akiya',
      'attachments',
      'consents',
      'consortiumReports',
      'device',
      'deviceAdmin',
      'enquiries',
      'events',
      'exports',
      'families',
      'inspection',
      'inspectionImport',
      'inspectionSummary',
      'lock',
      'property',
      'reports',
      'stays',
      'supporters',
      'sync',
      'today',
      'trialCalendar',
    ]);
    for (const [namespace, messages] of Object.entries(FEATURES)) {
      const jaKeys = keys(messages.ja).sort();
      expect(keys(messages.en).sort(), namespace).toEqual(jaKeys);
      for (const lang of [messages.ja, messages.en] as object[]) {
        for (const key of keys(lang)) {
          const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], lang);
          expect(typeof value === 'string' && value.trim().length > 0, `${namespace}:${key}`).toBe(true);
        }
      }
    }
  });

  it('names each namespace after a feature folder, and loads every one of them in both languages', async () => {
    const { readdirSync } = await import('node:fs');
    // A folder of two words names its namespace in camelCase (trial-calendar → trialCalendar).
    const folders = readdirSync(new URL('../../renderer/src/features/', import.meta.url)).map((f) =>
      f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
    );
    for (const namespace of Object.keys(FEATURES)) expect(folders, namespace).toContain(namespace);
    expect([...NAMESPACES].sort()).toEqual(['common', ...Object.keys(FEATURES)].sort());
    for (const lang of ['ja', 'en'] as const)
      expect(Object.keys(resources[lang]).sort(), lang).toEqual([...NAMESPACES].sort());
  });

  it('loses no text where two files of one feature share a namespace', async () => {
    const { familiesWorkspaceMessages } = await import('../../renderer/src/features/families/messages.ts');
    const { familyListMessages } = await import('../../renderer/src/features/families/list-messages.ts');
    const parts = [...keys(familiesWorkspaceMessages.ja), ...keys(familyListMessages.ja)];
    expect(keys(FEATURES.families.ja).sort()).toEqual(parts.sort());
  });

  it('has a message for every stable error code', () => {
    for (const code of ERROR_CODES) {
      expect(ja.errors[code], code).toBeTruthy();
      expect(en.errors[code], code).toBeTruthy();
    }
  });

  it('has a message for every validation key the schemas use', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const sharedDir = new URL('../../shared/', import.meta.url);
    const contractFiles = readdirSync(new URL('ipc/contract/', sharedDir)).map((f) => `ipc/contract/${f}`);
    const inputFiles = readdirSync(new URL('domain/inputs/', sharedDir)).map((f) => `domain/inputs/${f}`);
    const sources = ['domain/records.ts', ...inputFiles, ...contractFiles]
      .map((f) => readFileSync(new URL(f, sharedDir), 'utf8'))
      .concat(
        readdirSync(new URL('../../electron/core/services/', import.meta.url)).map((f) =>
          readFileSync(new URL(`../../electron/core/services/${f}`, import.meta.url), 'utf8'),
        ),
      );
    const used = new Set(
      sources.flatMap((s) => [...s.matchAll(/'validation\.(\w+)'/g)].map((m) => m[1] as string)),
    );
    expect(used.size).toBeGreaterThan(5);
    for (const key of used) expect(ja.validation, key).toHaveProperty(key);
  });
});
