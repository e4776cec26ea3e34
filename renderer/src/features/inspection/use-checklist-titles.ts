import { useMemo } from 'react';
import { japanDate } from '../../../../shared/domain/dates.ts';
import type { Bilingual } from '../../../../shared/domain/inspection/template-schema.ts';
import { useCall } from '../../lib/use-call.ts';
import { bilingual } from './checklist-text.ts';

/**
 * A checklist's title by its id, for lists: the titles of the checklists in effect today (an older
 * version of the same checklist has the same name); an id this app does not ship shows as itself.
 */
export function useChecklistTitles(lang: string): (templateId: string) => string {
  const options = useCall('inspections.checklists', { day: japanDate(new Date()) });
  return useMemo(() => {
    const titles = new Map<string, Bilingual>((options.data ?? []).map((o) => [o.id, o.title]));
    return (id: string) => {
      const title = titles.get(id);
      return title ? bilingual(title, lang) : id;
    };
  }, [options.data, lang]);
}
