import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Alert } from '@mantine/core';
import { languageSchema, type Language } from '../../shared/i18n/language';

/**
 * The text of a notice, written when shown (`text(t, language)`), so that it follows a change of
 * language while it is on screen (a date or an amount in the text follows it too).
 */
export type NoticeText = (t: TFunction, language: Language) => string;

/**
 * The one message type of a screen after an action: what it did (`status`, announced politely,
 * without interrupting) or why it failed (`error`, announced at once).
 */
export type Notice = { readonly kind: 'status' | 'error'; readonly text: NoticeText };

export function statusNotice(text: NoticeText): Notice {
  return { kind: 'status', text };
}

export function errorNotice(text: NoticeText): Notice {
  return { kind: 'error', text };
}

/**
 * A notice until dismissed: a status is `role="status"` (a polite live region: a screen reader
 * reads it when it is idle), an error `role="alert"`. Nothing is shown for null.
 */
export function NoticeAlert({ notice, onClose, mb }: { notice: Notice | null; onClose: () => void; mb?: string }) {
  const { t, i18n } = useTranslation();
  const parsed = languageSchema.safeParse(i18n.language);
  const language = parsed.success ? parsed.data : 'fr';
  if (notice === null) return null;
  const isError = notice.kind === 'error';
  return (
    <Alert
      color={isError ? 'red' : 'teal'}
      role={isError ? 'alert' : 'status'}
      aria-live={isError ? 'assertive' : 'polite'}
      mb={mb}
      withCloseButton
      closeButtonLabel={t('sections.common.close')}
      onClose={onClose}
    >
      {notice.text(t, language)}
    </Alert>
  );
}
