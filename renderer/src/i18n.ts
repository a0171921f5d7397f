import { createContext, useContext } from 'react';
import type { MessageKey } from '../../shared/i18n/en';
import type { Language } from '../../shared/i18n/languages';
import { translate, type MessageParams } from '../../shared/i18n/translate';

/** The UI language, from the app state (the agent's choice or IT's). */
export const LanguageContext = createContext<Language>('en');

/** `t(key, params)` in the current language. */
export function useT(): (key: MessageKey, params?: MessageParams) => string {
  const language = useContext(LanguageContext);
  return (key, params) => translate(language, key, params);
}

/** A date and time in the current language's format. */
export function useFormatTime(): (iso: string) => string {
  const language = useContext(LanguageContext);
  return (iso) => new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
