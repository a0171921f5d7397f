import { z } from 'zod';

/** The languages the agent UI ships in. English is the fallback for anything missing. */
export const LANGUAGES = ['en', 'ar', 'it', 'lv', 'pl'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
/** One of {@link LANGUAGES}. */
export type Language = z.infer<typeof LanguageSchema>;

/** Each language's own name, for the language picker (shown in that language, as users expect). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  ar: 'العربية',
  it: 'Italiano',
  lv: 'Latviešu',
  pl: 'Polski',
};

/** Text direction of a language: Arabic is right-to-left, the others left-to-right. */
export function directionOf(language: Language): 'ltr' | 'rtl' {
  switch (language) {
    case 'ar':
      return 'rtl';
    case 'en':
    case 'it':
    case 'lv':
    case 'pl':
      return 'ltr';
  }
}

/** The best supported language for a BCP 47 tag such as "it-IT" or "ar-SA"; English when none matches. */
export function matchLanguage(tag: string | null | undefined): Language {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  const parsed = LanguageSchema.safeParse(base);
  return parsed.success ? parsed.data : 'en';
}
