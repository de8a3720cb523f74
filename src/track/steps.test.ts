import { describe, expect, test } from 'bun:test';
import type { Site } from '../sites/index.ts';
import type { DropReason } from './drops.ts';
import { parseBeacon } from './model.ts';
import {
  botStep,
  deviceClass,
  pathOf,
  privacyStep,
  referrerOf,
  siteStep,
  utmOf,
} from './pipeline.ts';

const site: Site = {
  id: 1,
  key: 'k',
  name: 'Example',
  domains: ['example.com'],
  honorGpc: true,
  honorDnt: false,
  retentionDays: 395,
  enabled: true,
  createdAt: 0,
  lastBeaconAt: null,
  lastBeaconPath: null,
};
const headers = (h: Record<string, string>) => (n: string) => h[n] ?? null;
const UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15';

describe('botStep', () => {
  const cases: [Record<string, string>, DropReason | null][] = [
    [{ 'user-agent': UA }, null],
    [{ 'user-agent': 'Mozilla/5.0 (compatible; bingbot/2.0)' }, 'bot'],
    [{ 'user-agent': 'curl/8.5.0' }, 'bot'],
    [{ 'user-agent': 'python-requests/2.32' }, 'bot'],
    [{ 'user-agent': 'Mozilla/5.0 (X11) HeadlessChrome/126.0' }, 'bot'],
    [{ 'user-agent': 'Mozilla/5.0 Puppeteer' }, 'bot'],
    [{}, 'bot'],
    [{ 'user-agent': 'x'.repeat(2000) }, 'bot'],
    [{ 'user-agent': UA, purpose: 'prefetch' }, 'prefetch'],
    [{ 'user-agent': UA, 'sec-purpose': 'prefetch;prerender' }, 'prefetch'],
    [{ 'user-agent': UA, 'x-moz': 'prefetch' }, 'prefetch'],
  ];
  for (const [h, want] of cases)
    test(JSON.stringify(h).slice(0, 80), () => expect(botStep(headers(h))).toBe(want));
});

describe('siteStep', () => {
  const beacon = (u: string) =>
    parseBeacon(JSON.stringify({ s: 'k', u })) as Exclude<ReturnType<typeof parseBeacon>, string>;
  const cases: [string, Site | undefined, string][] = [
    ['https://example.com/', site, 'ok'],
    ['https://www.example.com/x', site, 'ok'],
    ['https://a.b.example.com/', site, 'ok'],
    ['https://example.com.evil.test/', site, 'host_mismatch'],
    ['https://badexample.com/', site, 'host_mismatch'],
    ['https://example.com/', undefined, 'unknown_site'],
    ['https://example.com/', { ...site, enabled: false }, 'site_disabled'],
  ];
  for (const [u, s, want] of cases) {
    test(`${u} ${s ? (s.enabled ? 'site' : 'disabled') : 'none'} → ${want}`, () => {
      const r = siteStep(beacon(u), s);
      expect(r.ok ? 'ok' : r.reason).toBe(want);
    });
  }
});

describe('privacyStep', () => {
  const cases: [Partial<Site>, Record<string, string>, DropReason | null][] = [
    [{}, { 'sec-gpc': '1' }, 'gpc'],
    [{ honorGpc: false }, { 'sec-gpc': '1' }, null],
    [{}, { dnt: '1' }, null],
    [{ honorDnt: true }, { dnt: '1' }, 'dnt'],
    [{ honorDnt: true }, { dnt: '0' }, null],
    [{}, {}, null],
  ];
  for (const [s, h, want] of cases) {
    test(`${JSON.stringify(s)} ${JSON.stringify(h)} → ${want}`, () =>
      expect(privacyStep({ ...site, ...s }, headers(h))).toBe(want));
  }
});

describe('what a visit keeps of a URL', () => {
  test('utm parameters, cleaned and capped', () => {
    const u = new URL(
      `https://example.com/?utm_source=news%0Aletter&utm_medium=email&utm_campaign=${'c'.repeat(300)}&gclid=x`,
    );
    expect(utmOf(u)).toEqual({
      source: 'news letter',
      medium: 'email',
      campaign: 'c'.repeat(200),
      term: null,
      content: null,
    });
  });
  const paths: [string, string][] = [
    ['https://example.com/pricing?utm_source=x', '/pricing'],
    ['https://example.com/caf%C3%A9', '/café'],
    ['https://example.com/app#/settings', '/app#/settings'],
    ['https://example.com/%E0%A4%A', '/%E0%A4%A'],
  ];
  for (const [u, want] of paths) test(`path of ${u}`, () => expect(pathOf(new URL(u))).toBe(want));
  const refs: [string | null, string | null][] = [
    ['https://www.google.com/search?q=private', 'https://www.google.com/search'],
    ['https://www.example.com/internal', null],
    [null, null],
  ];
  for (const [r, want] of refs)
    test(`referrer ${r}`, () => expect(referrerOf(r ? new URL(r) : null, site)).toBe(want));
  const widths: [number | null, string | null][] = [
    [null, null],
    [375, 'mobile'],
    [820, 'tablet'],
    [1440, 'desktop'],
  ];
  for (const [w, want] of widths) test(`device for ${w}`, () => expect(deviceClass(w)).toBe(want));
});

describe('parseBeacon', () => {
  test('text is cleaned: controls, lone surrogates', () => {
    const b = parseBeacon(
      JSON.stringify({ s: 'k', u: 'https://example.com/', t: 'A\u0000B\r\nC\ud800\u009b' }),
    );
    expect(typeof b === 'string' ? b : b.title).toBe('A B C\ufffd');
  });
  const bad: [unknown, string][] = [
    ['not json', 'body is not valid JSON'],
    [null, 'body must be a JSON object'],
    [{ s: 'k' }, 'u:'],
    [{ s: 'k k', u: 'https://example.com/' }, 's:'],
    [{ s: 'k', u: 'ftp://example.com/' }, 'u: must be an http(s) URL'],
    [{ s: 'k', u: 'https://example.com/', e: 'click' }, 'e:'],
    [{ s: 'k', u: 'https://example.com/', m: 1.5 }, 'm:'],
    [{ s: 'k', u: 'https://example.com/', r: 'not a url' }, 'r: must be a URL'],
  ];
  for (const [body, msg] of bad) {
    test(`refuses ${JSON.stringify(body)}`, () => {
      const r = parseBeacon(typeof body === 'string' ? body : JSON.stringify(body));
      expect(typeof r).toBe('string');
      expect(r as string).toStartWith(msg);
    });
  }
});
