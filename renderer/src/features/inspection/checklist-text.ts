import type { Bilingual, InspectionTemplate } from '../../../../shared/domain/inspection/template-schema.ts';
import type { InspectionChecklistView } from '../../../../shared/ipc/views/inspections.ts';

export type ChecklistSection = InspectionTemplate['sections'][number];
export type ChecklistItem = ChecklistSection['items'][number];

/** A checklist's text in the page's language: Japanese unless the page is in English. */
export function bilingual(text: Bilingual, lang: string): string {
  return lang === 'en' ? text.en : text.ja;
}

/** The template's sections, then the town's own, in the order the surveyor walks them. */
export function sectionsOf(
  checklist: InspectionChecklistView,
): { section: ChecklistSection; from: 'template' | 'town' }[] {
  return [
    ...checklist.template.sections.map((section) => ({ section, from: 'template' as const })),
    ...(checklist.townRules?.sections ?? []).map((section) => ({ section, from: 'town' as const })),
  ];
}
