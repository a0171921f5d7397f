import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ar } from './ar';
import { en, type MessageKey, type Messages } from './en';
import { it } from './it';
import { lv } from './lv';
import { pl } from './pl';

/** Languages of the console; the first is the fallback. */
export const LOCALES = ['en', 'ar', 'it', 'lv', 'pl'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGS: Record<Locale, Messages> = { en, ar, it, lv, pl };
/** Each language's own name, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', ar: 'العربية', it: 'Italiano', lv: 'Latviešu', pl: 'Polski' };
const RTL: ReadonlySet<Locale> = new Set(['ar']);
const STORAGE_KEY = 'shiftguard.console.locale';

function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** The first browser language we have (by primary subtag), else English. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (isLocale(primary)) return primary;
  }
  return 'en';
}

/**
 * The tag dates and numbers are formatted with: the browser's own regional tag for the chosen
 * language (en-GB gets day-first dates and en-IN its digit grouping), else the language itself.
 */
export function formattingLocale(language: Locale, preferred: readonly string[]): string {
  for (const tag of preferred) {
    if ((tag.toLowerCase().split('-')[0] ?? '') !== language) continue;
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? language;
    } catch {
      // a malformed tag from the browser: keep looking
    }
  }
  return language;
}

function browserLanguages(): readonly string[] {
  return navigator.languages.length > 0 ? navigator.languages : [navigator.language];
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && isLocale(stored)) return stored;
  } catch {
    // storage can be disabled; the browser's languages still decide
  }
  return pickLocale(browserLanguages());
}

/** Translation and locale-aware formatting for one language. */
export interface I18n {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  setLocale(locale: Locale): void;
  /** The message `key` with `{name}` placeholders filled in. */
  t(key: MessageKey, values?: Record<string, string | number>): string;
  number(value: number): string;
  percent(ratio: number): string;
  dateTime(iso: string): string;
  date(iso: string): string;
  /** "3 minutes ago" in the user's language. */
  relative(iso: string, now?: number): string;
}

function build(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const messages = CATALOGS[locale];
  const tag = formattingLocale(locale, browserLanguages());
  const numberFormat = new Intl.NumberFormat(tag);
  const percentFormat = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const dateTimeFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const dateFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
  const relativeFormat = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  return {
    locale,
    dir: RTL.has(locale) ? 'rtl' : 'ltr',
    setLocale,
    t(key, values) {
      const text = messages[key] ?? en[key];
      return values ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in values ? (typeof values[name] === 'number' ? numberFormat.format(values[name]) : String(values[name])) : m)) : text;
    },
    number: (v) => numberFormat.format(v),
    percent: (r) => percentFormat.format(r),
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    date: (iso) => dateFormat.format(new Date(iso)),
    relative(iso, now = Date.now()) {
      const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 60) return relativeFormat.format(seconds, 'second');
      if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
      return relativeFormat.format(Math.round(seconds / 86_400), 'day');
    },
  };
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the language; keeps <html lang> and <html dir> in step with it. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const value = useMemo(
    () =>
      build(locale, (next) => {
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // not persisted; the choice still holds for this page
        }
        setLocaleState(next);
      }),
    [locale],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = value.dir;
  }, [locale, value.dir]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language's helpers. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
