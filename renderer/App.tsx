import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import { DirectionProvider, MantineProvider, createTheme } from '@mantine/core';
import { directionOf, type Language } from '../shared/i18n/language';
import type { HostApi } from '../shared/host/hostApi';
import { HostProvider } from './host/HostContext';
import { RepositoryProvider } from './db/RepositoryContext';
import { applyDocumentLanguage, createI18n } from './i18n/i18n';
import { Shell } from './features/shell/Shell';

/**
 * Filled buttons use shade 8: Mantine's default shade fails WCAG contrast with white text.
 * Arabic glyphs come from Noto Sans Arabic, Latin from Noto Sans, both bundled.
 */
const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 8,
  fontFamily: '"Noto Sans", "Noto Sans Arabic", system-ui, sans-serif',
  headings: { fontFamily: '"Noto Sans", "Noto Sans Arabic", system-ui, sans-serif' },
});

/**
 * Until accounts exist (sign-in, one database per user), everything is saved in the database
 * of a single local user of this PC.
 */
const localUserId = 'local';

export function App({ host, initialLanguage }: { host: HostApi; initialLanguage: Language }) {
  const i18n = useMemo(() => {
    applyDocumentLanguage(initialLanguage);
    return createI18n(initialLanguage);
  }, [initialLanguage]);
  return (
    <HostProvider host={host}>
      <I18nextProvider i18n={i18n}>
        <DirectionProvider initialDirection={directionOf[initialLanguage]} detectDirection={false}>
          <MantineProvider theme={theme}>
            <RepositoryProvider userId={localUserId}>
              <Shell />
            </RepositoryProvider>
          </MantineProvider>
        </DirectionProvider>
      </I18nextProvider>
    </HostProvider>
  );
}
