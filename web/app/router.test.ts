import { describe, expect, test } from 'bun:test';
import { pickLocale } from './i18n.ts';
import { hasFilters, NO_FILTERS, readFilters, toInboxQuery, writeFilters } from './inbox-query.ts';
import { matchRoute } from './router.ts';

describe('matchRoute', () => {
  const cases: [string, ReturnType<typeof matchRoute>][] = [
    ['/', { name: 'inbox' }],
    ['/companies/42', { name: 'company', id: 42 }],
    ['/companies/42/', { name: 'company', id: 42 }],
    ['/companies/0', { name: 'not-found' }],
    ['/companies/abc', { name: 'not-found' }],
    ['/companies/', { name: 'not-found' }],
    ['/sites', { name: 'sites' }],
    ['/sites/', { name: 'sites' }],
    ['/live', { name: 'live' }],
    ['/overview', { name: 'overview' }],
    ['/settings', { name: 'settings' }],
    ['/settings/privacy', { name: 'privacy' }],
    ['/settings/api-tokens', { name: 'api-tokens' }],
    ['/triggers', { name: 'triggers' }],
    ['/triggers/', { name: 'triggers' }],
    ['/triggers/deliveries', { name: 'deliveries' }],
    ['/triggers/1', { name: 'not-found' }],
    ['/about', { name: 'not-found' }],
    ['/login', { name: 'login' }],
    ['/setup', { name: 'setup' }],
    ['/invite', { name: 'invite' }],
    ['/api/companies', { name: 'not-found' }],
    ['/app.js', { name: 'not-found' }],
  ];
  for (const [path, want] of cases) test(path, () => expect(matchRoute(path)).toEqual(want));
});

describe('inbox filters in the address bar', () => {
  test('round trip', () => {
    const f = {
      ...NO_FILTERS,
      q: 'acme & co',
      country: 'de',
      minVisits: '3',
      sort: 'score' as const,
    };
    expect(readFilters(writeFilters(f))).toEqual(f);
  });
  test('defaults stay out of the URL', () => {
    expect(writeFilters(NO_FILTERS)).toBe('');
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, sort: 'visits' })).toBe(false);
  });
  test('an unknown sort falls back to the last visit', () => {
    expect(readFilters('?sort=evil').sort).toBe('last');
  });
  test('the API query: upper-case country, cursor, limit, no empty values', () => {
    const q = toInboxQuery({ ...NO_FILTERS, country: 'de', tag: 'x' }, 'c1', 50);
    expect(q).toEqual({ sort: 'last', limit: 50, country: 'DE', tag: 'x', cursor: 'c1' });
  });
});

describe('pickLocale', () => {
  const cases: [readonly string[], string | null, 'en' | 'fr'][] = [
    [['fr-FR', 'en'], null, 'fr'],
    [['de-DE', 'fr'], null, 'fr'],
    [['de-DE'], null, 'en'],
    [['fr'], 'en', 'en'],
    [['en'], 'fr', 'fr'],
    [['en'], 'xx', 'en'],
    [[], null, 'en'],
  ];
  for (const [langs, saved, want] of cases)
    test(`${langs.join(',')} saved=${saved}`, () => expect(pickLocale(langs, saved)).toBe(want));
});
