import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, localeOf, type Language } from '../../shared/i18n/language';
import { agrAr } from './agr.ar';
import { agrFr } from './agr.fr';
import { ar } from './ar';
import { auditAr } from './audit.ar';
import { auditFr } from './audit.fr';
import { ceremoniesAr } from './ceremonies.ar';
import { ceremoniesFr } from './ceremonies.fr';
import { casefileAr } from './casefile.ar';
import { casefileFr } from './casefile.fr';
import { sectionsAr } from './sections.ar';
import { sectionsFr } from './sections.fr';
import { setupAr } from './setup.ar';
import { setupFr } from './setup.fr';
import { fr } from './fr';
import { syncAr } from './sync.ar';
import { syncFr } from './sync.fr';

/** One i18next instance per app (or per test), French by default, Arabic complete. */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'fr',
    // The sync screens' strings live in their own files (sync.fr.ts, sync.ar.ts), under `sync.*`;
    // the case file's under `casefile.*`, `sections.*` and `agr.*`; the first run's under `setup.*`;
    // the audit screen's under `audit.*`.
    resources: {
      fr: {
        translation: {
          ...fr,
          sync: syncFr,
          casefile: casefileFr,
          sections: sectionsFr,
          agr: agrFr,
          ceremonies: ceremoniesFr,
          setup: setupFr,
          audit: auditFr,
        },
      },
      ar: {
        translation: {
          ...ar,
          sync: syncAr,
          casefile: casefileAr,
          sections: sectionsAr,
          agr: agrAr,
          ceremonies: ceremoniesAr,
          setup: setupAr,
          audit: auditAr,
        },
      },
    },
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
