import { z } from 'zod';

/** The two languages of Masar. French is the working language and the default. */
export const languages = ['fr', 'ar'] as const;
export const languageSchema = z.enum(languages);
export type Language = z.infer<typeof languageSchema>;
export const defaultLanguage: Language = 'fr';

/** Moroccan conventions: `ar-MA` keeps Latin digits, as counsellors write them. */
export const localeOf: Record<Language, 'fr-MA' | 'ar-MA'> = { fr: 'fr-MA', ar: 'ar-MA' };
export const directionOf: Record<Language, 'ltr' | 'rtl'> = { fr: 'ltr', ar: 'rtl' };
