import { describe, expect, test } from 'bun:test';
import { domainHref, safeHref } from './safe-href.ts';

describe('safeHref', () => {
  const cases: [
    string,
    string | null | undefined,
    { assumeHttps?: boolean },
    string | undefined,
  ][] = [
    ['https URL', 'https://example.com/a?b=1', {}, 'https://example.com/a?b=1'],
    ['http URL', 'http://example.com', {}, 'http://example.com/'],
    ['upper-case scheme', 'HTTPS://Example.com', {}, 'https://example.com/'],
    ['surrounding spaces', '  https://example.com  ', {}, 'https://example.com/'],
    ['javascript:', 'javascript:alert(1)', {}, undefined],
    ['javascript: with spaces and case', ' JavaScript:alert(1)', {}, undefined],
    ['javascript: with tab inside', 'java\tscript:alert(1)', {}, undefined],
    ['javascript: even with assumeHttps', 'javascript:alert(1)', { assumeHttps: true }, undefined],
    ['data:', 'data:text/html,<script>alert(1)</script>', {}, undefined],
    ['vbscript:', 'vbscript:msgbox(1)', {}, undefined],
    ['file:', 'file:///etc/passwd', {}, undefined],
    ['mailto:', 'mailto:a@example.com', {}, undefined],
    ['relative path', '/companies/1', {}, undefined],
    ['protocol-relative', '//evil.test/x', {}, undefined],
    ['no scheme without assumeHttps', 'linkedin.com/company/x', {}, undefined],
    [
      'no scheme with assumeHttps',
      'linkedin.com/company/x',
      { assumeHttps: true },
      'https://linkedin.com/company/x',
    ],
    ['credentials', 'https://bank.example@evil.test/', {}, undefined],
    ['empty', '', {}, undefined],
    ['null', null, {}, undefined],
    ['undefined', undefined, {}, undefined],
    ['garbage', 'ht tp://x', {}, undefined],
  ];
  for (const [name, input, opts, want] of cases) {
    test(name, () => expect(safeHref(input, opts)).toBe(want));
  }
});

describe('domainHref', () => {
  const cases: [string | null, string | undefined][] = [
    ['canaryco.example', 'https://canaryco.example/'],
    ['Sub.Example.COM', 'https://sub.example.com/'],
    ['example.com/path', undefined],
    ['evil.test@x', undefined],
    ['javascript:alert(1)', undefined],
    ['"><svg onload=alert(1)>', undefined],
    ['localhost', undefined],
    [null, undefined],
  ];
  for (const [input, want] of cases) {
    test(String(input), () => expect(domainHref(input)).toBe(want));
  }
});
