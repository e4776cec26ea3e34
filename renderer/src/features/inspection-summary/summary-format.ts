import type { Bilingual } from '../../../../shared/domain/inspection/template-schema.ts';
import type { AttachmentItemView } from '../../../../shared/ipc/views.ts';

/** A checklist label in the UI's language (Japanese unless the UI is English). */
export function inLanguage(label: Bilingual | null | undefined, language: string): string {
  if (!label) return '';
  return language === 'en' ? label.en : label.ja;
}

/** Points as printed: whole numbers plain, 22.5 with its decimals. */
export function points(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
}

/** The inspection's photos by the item they document ('' for the inspection as a whole). */
export function photosByItem(
  items: readonly AttachmentItemView[] | undefined,
): Map<string, AttachmentItemView[]> {
  const map = new Map<string, AttachmentItemView[]>();
  for (const a of items ?? []) {
    if (!a.mimeType.startsWith('image/')) continue;
    const key = a.itemKey ?? '';
    map.set(key, [...(map.get(key) ?? []), a]);
  }
  return map;
}
