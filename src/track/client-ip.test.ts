import { describe, expect, test } from 'bun:test';
import { clientIp, createCidrMatcher, normalizeHop } from './client-ip.ts';

describe('createCidrMatcher', () => {
  const m = createCidrMatcher([
    '127.0.0.0/8',
    '10.1.0.0/16',
    '2001:db8:1::/48',
    '192.0.2.1/32',
    '203.0.113.128/25',
  ]);
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.255.255.255', true],
    ['::ffff:127.0.0.1', true],
    ['128.0.0.1', false],
    ['10.1.255.1', true],
    ['10.2.0.1', false],
    ['2001:db8:1:ffff::1', true],
    ['2001:db8:2::1', false],
    ['192.0.2.1', true],
    ['192.0.2.2', false],
    ['203.0.113.127', false],
    ['203.0.113.128', true],
    ['garbage', false],
  ];
  for (const [ip, want] of cases) test(`${ip} → ${want}`, () => expect(m(ip)).toBe(want));
  test('empty list trusts nothing; /0 trusts a whole family', () => {
    expect(createCidrMatcher([])('127.0.0.1')).toBe(false);
    const all4 = createCidrMatcher(['0.0.0.0/0']);
    expect(all4('198.51.100.1')).toBe(true);
    expect(all4('2001:db8::1')).toBe(false);
  });
});

describe('normalizeHop', () => {
  const cases: [string, string | null][] = [
    [' 198.51.100.7 ', '198.51.100.7'],
    ['198.51.100.7:8080', '198.51.100.7'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['2001:db8::1', '2001:db8::1'],
    ['::ffff:203.0.113.5', '::ffff:203.0.113.5'],
    ['unknown', null],
    ['', null],
    ['[2001:db8::1', null],
    ['_hidden', null],
  ];
  for (const [raw, want] of cases)
    test(JSON.stringify(raw), () => expect(normalizeHop(raw)).toBe(want));
});

describe('clientIp', () => {
  const trusted = createCidrMatcher(['127.0.0.0/8', '10.0.0.0/8']);
  const none = createCidrMatcher([]);
  const cases: [string, string | null, string | null, (ip: string) => boolean, string | null][] = [
    ['untrusted peer: XFF ignored', '198.51.100.7', '203.0.113.77', trusted, '198.51.100.7'],
    [
      'no trusted proxies: XFF ignored even from loopback',
      '127.0.0.1',
      '203.0.113.77',
      none,
      '127.0.0.1',
    ],
    ['trusted peer, one hop', '127.0.0.1', '203.0.113.77', trusted, '203.0.113.77'],
    [
      'right-most untrusted wins over a spoofed left-most',
      '127.0.0.1',
      '6.6.6.6, 203.0.113.77',
      trusted,
      '203.0.113.77',
    ],
    [
      'trusted hops are skipped',
      '127.0.0.1',
      '203.0.113.77, 10.0.0.5, 10.0.0.6',
      trusted,
      '203.0.113.77',
    ],
    [
      'ports and brackets',
      '127.0.0.1',
      '[2001:db8::beef:77]:443, 10.0.0.5:80',
      trusted,
      '2001:db8::beef:77',
    ],
    ['mapped peer counts as IPv4', '::ffff:127.0.0.1', '203.0.113.77', trusted, '203.0.113.77'],
    ['empty entries are noise', '127.0.0.1', '203.0.113.77, , ', trusted, '203.0.113.77'],
    [
      '"unknown" hop: unresolved, never the spoofable left part',
      '127.0.0.1',
      '6.6.6.6, unknown',
      trusted,
      null,
    ],
    ['all hops trusted: the left-most', '127.0.0.1', '10.0.0.9, 10.0.0.5', trusted, '10.0.0.9'],
    ['trusted peer without XFF: the peer', '127.0.0.1', null, trusted, '127.0.0.1'],
    ['no peer at all', null, '203.0.113.77', trusted, null],
  ];
  for (const [name, peer, xff, t, want] of cases)
    test(name, () => expect(clientIp(peer, xff, t)).toBe(want));
});
