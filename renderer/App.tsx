import { useMemo } from 'react';
import { I18nextProvider } from 'react-i18next';
import { DirectionProvider, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { directionOf, type Language } from '../shared/i18n/language';
import type { HostApi } from '../shared/host/hostApi';
import { HostProvider } from './host/HostContext';
import { applyDocumentLanguage, createI18n } from './i18n/i18n';
import { AuthGate } from './features/auth/AuthGate';
import { Shell } from './shell/Shell';

/**
 * Filled buttons use teal's darkest shade: lighter ones fail WCAG AA contrast with white text.
 * Arabic glyphs come from Noto Sans Arabic, Latin from Noto Sans, both bundled.
 */
const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  fontFamily: '"Noto Sans", "Noto Sans Arabic", system-ui, sans-serif',
  headings: { fontFamily: '"Noto Sans", "Noto Sans Arabic", system-ui, sans-serif' },
  components: {
    // A dialog's title bar is a <header>, which outside <main> is a second "banner" landmark
    // beside the app's own (axe: landmark-no-duplicate-banner): it is only the dialog's title.
    // (Mantine's `Modal.extend` types `attributes` as undefined; its theme entry takes them.)
    Modal: { defaultProps: { attributes: { header: { role: 'none' } } } },
    ModalRoot: { defaultProps: { attributes: { header: { role: 'none' } } } },
    // A select is a combobox (its input was exposed as a read-only text box), that says whether its
    // list is open. Its options scroll in the listbox itself rather than in a scroll area inside
    // it: assistive technologies (and axe) know a combobox's popup, not an unnamed scroll region.
    Select: { defaultProps: { role: 'combobox', withScrollArea: false } },
    ComboboxTarget: { defaultProps: { withExpandedAttribute: true } },
    // A menu opens inside the landmark of its button (a portal at the end of <body> is outside
    // every landmark), and without Mantine's focus placeholder (a focusable <div> is not a child a
    // menu may have): opened by keyboard, focus goes to its first item.
    Menu: { defaultProps: { withinPortal: false, withInitialFocusPlaceholder: false } },
    // A badge's label wraps instead of being cut ("Re…", "Signé le 13 ao…" at 1093 px): statuses
    // and dates are read, in narrow columns, and longer in Arabic.
    Badge: {
      styles: {
        root: { height: 'auto', minHeight: 'var(--badge-height)', paddingBlock: 2, maxWidth: '100%' },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
      },
    },
  },
});

/**
 * Mantine's default dimmed, error and placeholder greys and reds are below WCAG AA contrast on
 * white (axe-core checks it in the e2e tests): darker shades of the same colours.
 */
const accessibleColours: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    // With shade 9 as the filled colour, Mantine hovers with the lighter shade 8 (3.9:1 with
    // white text, found by axe on a hovered *Enregistrer*): hover darker instead.
    '--mantine-primary-color-filled-hover': '#066649',
  },
  dark: {},
});

export function App({ host, initialLanguage }: { host: HostApi; initialLanguage: Language }) {
  const i18n = useMemo(() => {
    applyDocumentLanguage(initialLanguage);
    return createI18n(initialLanguage);
  }, [initialLanguage]);
  return (
    <HostProvider host={host}>
      <I18nextProvider i18n={i18n}>
        <DirectionProvider initialDirection={directionOf[initialLanguage]} detectDirection={false}>
          <MantineProvider theme={theme} cssVariablesResolver={accessibleColours}>
            <AuthGate>
              <Shell />
            </AuthGate>
          </MantineProvider>
        </DirectionProvider>
      </I18nextProvider>
    </HostProvider>
  );
}
