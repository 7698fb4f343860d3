import { afterEach, describe, expect, it } from 'vitest';
import { dateDisplay } from '../../src/i18n/dates.js';
import { useLanguage } from '../../src/i18n/index.js';

describe('dateDisplay in Russian', () => {
  afterEach(() => useLanguage('en'));

  it('follows the time locale where one is named, and the language where none is (cron, C)', async () => {
    await useLanguage('ru');
    expect(dateDisplay({})).toBe('dotted');
    expect(dateDisplay({ LANG: 'C' })).toBe('dotted');
    expect(dateDisplay({ LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' })).toBe('dotted');
    expect(dateDisplay({ LANG: 'en_US.UTF-8' })).toBe('iso');
    expect(dateDisplay({ LC_TIME: 'de_DE.UTF-8' })).toBe('iso');
    await useLanguage('en');
    expect(dateDisplay({ LANG: 'C' })).toBe('iso');
    expect(dateDisplay({ LC_TIME: 'ru_RU.UTF-8' })).toBe('dotted');
  });
});
