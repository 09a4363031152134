import { describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { LANGUAGES, pickLanguage, translate, type Lang } from '../../web/src/i18n/languages.js';

const englishKeys = Object.keys(en).sort();

describe('UI dictionaries', () => {
  it('offers the six G8 languages', () => {
    expect(LANGUAGES.map((l) => l.code)).toEqual(['en', 'fr', 'de', 'it', 'ja', 'ru']);
  });

  for (const { code, messages } of LANGUAGES) {
    it(`${code}: has every key of the English dictionary and nothing else, none empty`, () => {
      expect(Object.keys(messages).sort()).toEqual(englishKeys);
      for (const [key, value] of Object.entries(messages)) {
        expect(value.trim(), `${code}.${key}`).not.toBe('');
      }
    });

    it(`${code}: keeps every {placeholder} of the English message`, () => {
      for (const [key, value] of Object.entries(en)) {
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(placeholders(messages[key as keyof typeof en]), `${code}.${key}`).toEqual(
          placeholders(value),
        );
      }
    });
  }

  it('is translated, not copied: most messages differ from English', () => {
    for (const { code, messages } of LANGUAGES.filter((l) => l.code !== 'en')) {
      const same = englishKeys.filter(
        (k) => messages[k as keyof typeof en] === en[k as keyof typeof en],
      );
      expect(same.length / englishKeys.length, code).toBeLessThan(0.15);
    }
  });
});

describe('language choice', () => {
  const cases: [string[], Lang][] = [
    [['fr-CA', 'en'], 'fr'],
    [['pt-BR', 'ja-JP'], 'ja'],
    [['RU'], 'ru'],
    [['es', 'zh'], 'en'],
    [[], 'en'],
  ];
  it.each(cases)('%j → %s', (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate(en, 'header.signedInAs', { name: 'alice' })).toBe('Signed in as alice');
    expect(translate(en, 'header.signedInAs')).toBe('Signed in as {name}');
  });
});
