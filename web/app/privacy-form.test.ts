import { describe, expect, test } from 'bun:test';
import type { AttributionLine } from './api/sources.ts';
import { groupCredits } from './credits.ts';
import { errorField, noticeUrl, settingsFromForm } from './privacy-form.ts';

describe('noticeUrl', () => {
  const cases: [string, 'en' | 'fr' | 'nl' | 'de', string | undefined][] = [
    ['https://leads.example.com', 'en', 'https://leads.example.com/privacy-notice?lang=en'],
    ['https://leads.example.com/', 'fr', 'https://leads.example.com/privacy-notice?lang=fr'],
    ['https://ex.com/leadlens//', 'de', 'https://ex.com/leadlens/privacy-notice?lang=de'],
    ['http://127.0.0.1:8080', 'nl', 'http://127.0.0.1:8080/privacy-notice?lang=nl'],
    ['javascript:alert(1)', 'en', undefined],
    ['not a url', 'en', undefined],
    ['', 'en', undefined],
  ];
  for (const [base, lang, want] of cases)
    test(`${base} ${lang}`, () => expect(noticeUrl(base, lang)).toBe(want));
});

describe('errorField', () => {
  const cases: [string, string | null][] = [
    ['/contactEmail: Expected string to match pattern', 'contactEmail'],
    ['/publicBaseUrl: must be an http(s) URL without credentials', 'publicBaseUrl'],
    ['controllerName: Expected string length greater or equal to 1', 'controllerName'],
    ['/reverseDns: Expected boolean', null],
    ['settings: expected an object', null],
    ['malformed request body', null],
  ];
  for (const [message, want] of cases)
    test(message, () => expect(errorField(message)).toBe(want as never));
});

test('settingsFromForm: text as typed, the checkbox as a boolean', () => {
  const f = new FormData();
  f.set('controllerName', ' ACME ');
  f.set('contactEmail', 'privacy@acme.example');
  f.set('reverseDns', 'on');
  const s = settingsFromForm(f);
  expect(s.controllerName).toBe(' ACME ');
  expect(s.dpoName).toBe('');
  expect(s.reverseDns).toBe(true);
  f.delete('reverseDns');
  expect(settingsFromForm(f).reverseDns).toBe(false);
});

describe('groupCredits', () => {
  const line = (text: string, url: string | null, licence: string | null): AttributionLine => ({
    text,
    url,
    licence,
    licenceUrl: licence === 'CC BY 4.0' ? 'https://creativecommons.org/licenses/by/4.0/' : null,
    sources: ['s'],
  });

  test('one group per licence, in order, links http(s) only', () => {
    const groups = groupCredits([
      line('IP Geolocation by DB-IP', 'https://db-ip.com', 'CC BY 4.0'),
      line('Own data', 'javascript:alert(1)', null),
      line('RouteViews', 'https://www.routeviews.org/routeviews/', 'CC BY 4.0'),
      line('NRO', 'https://www.nro.net/', 'CC BY 4.0'),
      line('', 'https://empty.example', 'CC BY 4.0'),
    ]);
    expect(groups).toEqual([
      {
        licence: 'CC BY 4.0',
        licenceHref: 'https://creativecommons.org/licenses/by/4.0/',
        credits: [
          { text: 'IP Geolocation by DB-IP', href: 'https://db-ip.com/' },
          { text: 'RouteViews', href: 'https://www.routeviews.org/routeviews/' },
          { text: 'NRO', href: 'https://www.nro.net/' },
        ],
      },
      { licence: null, licenceHref: undefined, credits: [{ text: 'Own data', href: undefined }] },
    ]);
  });

  test('the same credit twice is shown once', () => {
    const l = line('NRO', 'https://www.nro.net/', 'CC BY 4.0');
    expect(groupCredits([l, l])[0].credits).toHaveLength(1);
  });

  test('no credits, no groups', () => expect(groupCredits([])).toEqual([]));
});
