import { describe, expect, it } from 'vitest';
import { resolveLanguage } from '../../src/i18n/language.js';

describe('resolveLanguage', () => {
  it('takes --lang first, then the configured language, then the environment', () => {
    const env = { LANG: 'ru_RU.UTF-8' };
    expect(resolveLanguage({ flag: 'en', configured: 'ru', env })).toBe('en');
    expect(resolveLanguage({ configured: 'en', env })).toBe('en');
    expect(resolveLanguage({ configured: 'ru', env: { LANG: 'C' } })).toBe('ru');
    expect(resolveLanguage({ env })).toBe('ru');
  });

  it('ignores a --lang or a stored value it does not speak', () => {
    expect(resolveLanguage({ flag: 'fr', configured: 'de', env: { LANG: 'ru_RU.UTF-8' } })).toBe('ru');
  });

  it('reads LANGUAGE, LC_ALL, LC_MESSAGES, LANG in that order, the first one set deciding', () => {
    const all = { LANGUAGE: 'ru', LC_ALL: 'C', LC_MESSAGES: 'en_US.UTF-8', LANG: 'en_US.UTF-8' };
    expect(resolveLanguage({ env: all })).toBe('ru');
    expect(resolveLanguage({ env: { ...all, LANGUAGE: '' } })).toBe('en');
    expect(resolveLanguage({ env: { LC_ALL: 'ru_RU.UTF-8', LANG: 'C' } })).toBe('ru');
    expect(resolveLanguage({ env: { LC_ALL: '', LC_MESSAGES: 'ru_RU', LANG: 'C' } })).toBe('ru');
    expect(resolveLanguage({ env: { LC_MESSAGES: 'C', LANG: 'ru_RU.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ env: { LANG: 'ru' } })).toBe('ru');
  });

  it('reads C and POSIX as English, and any other language as English', () => {
    for (const LANG of ['C', 'C.UTF-8', 'POSIX', 'en_GB.UTF-8', 'de_DE.UTF-8', 'uk_UA.UTF-8']) {
      expect(resolveLanguage({ env: { LANG } }), LANG).toBe('en');
    }
    expect(resolveLanguage({ env: {} })).toBe('en');
  });

  it('takes from a LANGUAGE list the first language crm speaks', () => {
    expect(resolveLanguage({ env: { LANGUAGE: 'de:ru:en', LANG: 'C' } })).toBe('ru');
    expect(resolveLanguage({ env: { LANGUAGE: 'en_GB:ru', LANG: 'ru_RU.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ env: { LANGUAGE: 'de:fr', LANG: 'ru_RU.UTF-8' } })).toBe('en');
  });
});
