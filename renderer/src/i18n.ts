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

/** A length of time in whole minutes ("2 hr, 5 min"; "1 day, 3 hr"), in the current language. */
export function useFormatDuration(): (minutes: number) => string {
  const language = useContext(LanguageContext);
  return (total) => {
    const days = Math.floor(total / 1440);
    const hours = Math.floor((total % 1440) / 60);
    const minutes = total % 60;
    const unit = (value: number, unit: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
    // Two units at most: "2 days, 3 hr" says enough; minutes matter only in the last day.
    const parts = days > 0 ? [unit(days, 'day'), hours > 0 ? unit(hours, 'hour') : ''] : [hours > 0 ? unit(hours, 'hour') : '', minutes > 0 || hours === 0 ? unit(minutes, 'minute') : ''];
    return new Intl.ListFormat(language, { style: 'narrow', type: 'unit' }).format(parts.filter(Boolean));
  };
}
