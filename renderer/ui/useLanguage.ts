import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirection } from '@mantine/core';
import { directionOf, languageSchema, type Language } from '../../shared/i18n/language';
import { useHost } from '../host/HostContext';
import { applyDocumentLanguage } from '../i18n/i18n';

/** The current language and a switch that mirrors the layout and tells the host (menu, settings). */
export function useLanguage(): { language: Language; setLanguage: (language: Language) => void } {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const host = useHost();
  const parsed = languageSchema.safeParse(i18n.language);
  const language = parsed.success ? parsed.data : 'fr';
  const setLanguage = useCallback(
    (next: Language) => {
      void i18n.changeLanguage(next);
      applyDocumentLanguage(next);
      setDirection(directionOf[next]);
      void host['app:setLanguage']({ language: next });
    },
    [i18n, setDirection, host],
  );
  return { language, setLanguage };
}
