import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, localeOf, type Language } from '../../shared/i18n/language';
import { arabic, french } from './resources';

// The typed keys (and i18next's typing of `t` with them) come with the instance, in every project.
export type { TranslationKey, Translate } from './resources';

/** One i18next instance per app (or per test), French by default, Arabic complete. */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'fr',
    resources: { fr: { translation: french }, ar: { translation: arabic } },
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

/** Applies a language to the document: `lang`, and `dir="rtl"` for Arabic so the layout mirrors. */
export function applyDocumentLanguage(language: Language): void {
  document.documentElement.lang = localeOf[language];
  document.documentElement.dir = directionOf[language];
}
