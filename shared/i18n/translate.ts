import { ar } from './ar';
import { en, type Catalog, type MessageKey } from './en';
import { it } from './it';
import type { Language } from './languages';
import { lv } from './lv';
import { pl } from './pl';

/** Every catalog by language. Plain objects so the console and the agent UI share them. */
export const CATALOGS: Record<Language, Catalog> = { en, ar, it, lv, pl };

/** Values for a message's {placeholders}. */
export type MessageParams = Record<string, string | number>;

/** The message for `key` in `language`, placeholders filled; unknown placeholders stay visible. */
export function translate(language: Language, key: MessageKey, params: MessageParams = {}): string {
  const template = CATALOGS[language][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
