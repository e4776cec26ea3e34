import { useCallback } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { call } from '../../lib/api.ts';
import { errorText } from '../../lib/error-text.ts';
import { useToast } from '../../lib/forms/toast.tsx';

/**
 * Closes a follow-up and offers the undo (which reopens it through the core, audited like the close).
 * Used on the 今日 board, the family page and the full list, so the three behave the same.
 */
export function useCloseFollowUp(): (checkinId: string, familyName: string) => Promise<void> {
  const { t } = useT();
  const toast = useToast();
  return useCallback(
    async (checkinId: string, familyName: string) => {
      try {
        await call('checkins.closeFollowUp', { id: checkinId });
      } catch (err) {
        toast({ message: errorText(t, err) });
        return;
      }
      toast({
        message: t('today:followUp.closedToast', { family: familyName }),
        undo: async () => {
          try {
            await call('checkins.reopenFollowUp', { id: checkinId });
            toast({ message: t('today:followUp.reopenedToast', { family: familyName }) });
          } catch (err) {
            toast({ message: errorText(t, err) });
          }
        },
      });
    },
    [t, toast],
  );
}
