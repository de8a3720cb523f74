import { describe, expect, test } from 'bun:test';
import { buildNotice, buildNoticeSnippet } from './notice.ts';
import {
  NOTICE_FORMATS,
  NOTICE_LANGS,
  type NoticeInput,
  type NoticeSite,
  pickLanguage,
} from './notice-model.ts';
import { escapeMarkdown, wrap } from './notice-render.ts';
import { PrivacySettingsError, validatePrivacySettings } from './notice-settings.ts';

const settings = {
  controllerName: 'Example Manufacturing GmbH',
  controllerAddress: 'Hafenstraße 1\n20457 Hamburg',
  contactEmail: 'privacy@example.com',
  publicBaseUrl: 'https://stats.example.com',
  reverseDns: false,
};
const site = (over: Partial<NoticeSite> = {}): NoticeSite => ({
  name: 'Example',
  honorGpc: true,
  honorDnt: false,
  retentionDays: 123,
  ...over,
});
const sources = [
  {
    name: 'asn',
    format: 'ip-location-db',
    licence: 'CC BY 4.0',
    attribution: null,
    attributionUrl: null,
  },
  { name: 'crm', format: 'companies', licence: null, attribution: null, attributionUrl: null },
];
const input = (over: Partial<NoticeInput> = {}, s: Partial<typeof settings> = {}): NoticeInput => ({
  settings: { ...settings, ...s },
  sites: [site()],
  sources,
  ...over,
});

describe('buildNotice', () => {
  const cases = NOTICE_LANGS.flatMap((lang) => NOTICE_FORMATS.map((format) => ({ lang, format })));
  test.each(cases)(
    '$lang/$format: controller, opt-out URL, retention, 6(1)(f), sources',
    ({ lang, format }) => {
      const out = buildNotice(input(), lang, format);
      expect(out).toContain('Example Manufacturing GmbH');
      expect(out).toContain('https://stats.example.com/opt-out');
      expect(out).toContain('123');
      expect(out).toContain('6(1)(f)');
      expect(out).toContain('DB-IP');
      expect(out).toContain('crm');
      expect(out).toContain('privacy@example.com');
    },
  );

  test.each(cases)('$lang/$format: GPC and reverse DNS change the text', ({ lang, format }) => {
    const base = buildNotice(input(), lang, format);
    const noGpc = buildNotice(input({ sites: [site({ honorGpc: false })] }), lang, format);
    const rdns = buildNotice(input({}, { reverseDns: true }), lang, format);
    expect(noGpc).not.toBe(base);
    expect(rdns).not.toBe(base);
    // Reverse DNS is named only when it is on.
    expect(base).not.toContain('DNS');
    expect(rdns).toContain('DNS');
    expect(buildNotice(input({ sites: [site({ retentionDays: 77 })] }), lang, format)).toContain(
      '77',
    );
  });

  test.each(NOTICE_LANGS)('%s: txt is wrapped at 80 columns', (lang) => {
    const out = buildNotice(input({}, { reverseDns: true }), lang, 'txt');
    for (const line of out.split('\n')) {
      // Only an unbreakable word (a URL) may run past the margin.
      if (line.length > 80) expect(line.trim()).not.toContain(' ');
    }
  });

  test('sites that differ: retention per site, GPC and DNT name the sites that honour them', () => {
    const out = buildNotice(
      input({
        sites: [
          site({ name: 'Shop', retentionDays: 30 }),
          site({ name: 'Blog', honorGpc: false, honorDnt: true, retentionDays: 400 }),
        ],
      }),
      'en',
      'txt',
    );
    expect(out).toContain('Shop: 30 days');
    expect(out).toContain('Blog: 400 days');
    expect(out).toMatch(/honour Global Privacy Control \(GPC\)[^.]*: Shop\./);
    expect(out).toContain('(DNT) signal is honoured on: Blog.');
  });

  test('many sites with different retention: the longest', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      site({ name: `S${i}`, retentionDays: 10 + i }),
    );
    expect(buildNotice(input({ sites: many }), 'en', 'txt')).toContain('at most 21 days');
  });

  const nasty = 'Evil <script>alert(1)</script> *bold* _x_ [link](http://e.vil) & Co';
  test('html escapes settings values; only http(s) links', () => {
    const out = buildNotice(
      input({}, {
        controllerName: nasty,
        authorityName: 'DPA "x"',
        authorityUrl: 'javascript:alert(1)',
      } as never),
      'en',
      'html',
    );
    expect(out).not.toContain('<script>');
    expect(out).toContain('Evil &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('<a href="https://stats.example.com/opt-out"');
    const snippet = buildNoticeSnippet(input({}, { controllerName: nasty }), 'fr');
    expect(snippet.startsWith('<section class="leadlens-privacy-notice" lang="fr">')).toBe(true);
    expect(snippet).not.toContain('<script>');
  });

  test('markdown escapes settings values', () => {
    const out = buildNotice(input({}, { controllerName: nasty }), 'en', 'md');
    expect(out).toContain(
      'Evil &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\_x\\_ \\[link\\](http://e.vil) &amp; Co',
    );
    expect(out).not.toContain('<script>');
    expect(out).toContain('(<https://stats.example.com/opt-out>)');
  });
});

describe('render helpers', () => {
  test.each([
    ['a*b_c', 'a\\*b\\_c'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['1. item', '1\\. item'],
    ['x > y', 'x &gt; y'],
    ['6(1)(f)', '6(1)(f)'],
  ])('escapeMarkdown(%p)', (raw, want) => expect(escapeMarkdown(raw)).toBe(want));

  test('wrap keeps a hanging indent', () => {
    expect(wrap('aaa bbb ccc', 8, '  ', '- ')).toBe('- aaa\n  bbb\n  ccc');
  });
});

describe('settings validation and language', () => {
  test.each([
    [{ ...settings, contactEmail: 'not an email' }, '/contactEmail'],
    [{ ...settings, publicBaseUrl: 'ftp://x.example' }, '/publicBaseUrl'],
    [{ ...settings, publicBaseUrl: 'https://user:pw@x.example' }, '/publicBaseUrl'],
    [{ ...settings, authorityUrl: 'javascript:alert(1)' }, '/authorityUrl'],
    [{ ...settings, controllerName: 'x'.repeat(201) }, '/controllerName'],
    [{ ...settings, controllerName: '' }, '/controllerName'],
    [{ ...settings, extra: 1 }, 'settings'],
  ])('refuses %#', (raw, path) => {
    expect(() => validatePrivacySettings(raw)).toThrow(PrivacySettingsError);
    try {
      validatePrivacySettings(raw);
    } catch (e) {
      if (path !== 'settings') expect((e as Error).message).toStartWith(path);
    }
  });

  test('trims, drops cleared optional fields, defaults reverseDns to off', () => {
    const { reverseDns: _, ...rest } = settings;
    expect(validatePrivacySettings({ ...rest, controllerName: ' ACME ', dpoName: '' })).toEqual({
      ...settings,
      controllerName: 'ACME',
    });
  });

  test.each([
    ['de-CH,de;q=0.9,en;q=0.8', 'de'],
    ['en-US,fr;q=1.0', 'en'],
    ['es,nl;q=0.5,fr;q=0.7', 'fr'],
    ['', 'en'],
    [null, 'en'],
  ])('pickLanguage(%p) = %p', (h, want) => expect(pickLanguage(h)).toBe(want as never));
});
