import { describe, expect, it } from 'vitest';
import { en } from '../../../shared/i18n/en';
import { directionOf, LANGUAGES, matchLanguage } from '../../../shared/i18n/languages';
import { CATALOGS, translate } from '../../../shared/i18n/translate';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translation catalogs', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key, non-empty, with the same placeholders', (language) => {
    const catalog = CATALOGS[language];
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const translated = catalog[key as keyof typeof en];
      expect(translated.trim(), `${language} ${key}`).not.toBe('');
      expect(placeholders(translated), `${language} ${key}`).toEqual(placeholders(text));
    }
  });

  it('fills placeholders and knows the direction of each language', () => {
    expect(translate('it', 'status.policyValue', { name: 'Cassa', version: 3 })).toBe('Cassa (versione 3)');
    expect(directionOf('ar')).toBe('rtl');
    expect(LANGUAGES.filter((l) => directionOf(l) === 'rtl')).toEqual(['ar']);
    expect(matchLanguage('pl-PL')).toBe('pl');
    expect(matchLanguage('de-DE')).toBe('en');
  });
});
