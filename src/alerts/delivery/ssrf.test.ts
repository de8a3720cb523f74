import { describe, expect, test } from 'bun:test';
import {
  addressBlockReason,
  checkTargetUrl,
  createAllowList,
  type Resolver,
  resolveTarget,
  TargetError,
} from './ssrf.ts';

describe('addressBlockReason', () => {
  const cases: [string, string | null][] = [
    // public
    ['93.184.216.34', null],
    ['8.8.8.8', null],
    ['1.1.1.1', null],
    ['2606:4700:4700::1111', null],
    ['2a00:1450:4001:82b::200e', null],
    ['172.15.255.255', null],
    ['172.32.0.0', null],
    ['100.63.255.255', null],
    ['100.128.0.0', null],
    ['169.253.255.255', null],
    ['223.255.255.255', null],
    // IPv4 special ranges
    ['0.0.0.0', 'this-network'],
    ['0.1.2.3', 'this-network'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    // IPv6
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001::1', 'reserved'],
    ['100::1', 'reserved'],
    ['::2', 'reserved'],
    ['4000::1', 'reserved'],
    // IPv4 carried in IPv6: judged by the IPv4 address
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', null],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::808:808', null],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::', 'private'],
    ['2002:808:808::1', null],
    ['::127.0.0.1', 'reserved'],
    // not addresses
    ['localhost', 'invalid'],
    ['', 'invalid'],
    ['1.2.3', 'invalid'],
  ];
  for (const [ip, want] of cases) {
    test(`${ip || '(empty)'} → ${want}`, () => expect(addressBlockReason(ip)).toBe(want));
  }
});

describe('checkTargetUrl', () => {
  const allow = createAllowList(['hooks.internal', '10.1.0.0/16', '::1/128']);
  const cases: [string, boolean, RegExp | null][] = [
    ['https://hooks.example.com/x?y=1', true, null],
    ['http://hooks.example.com:8080/x', true, null],
    ['https://93.184.216.34/hook', true, null],
    ['ftp://hooks.example.com/', false, /only http and https/],
    ['file:///etc/passwd', false, /only http and https/],
    ['javascript:alert(1)', false, /only http and https/],
    ['not a url', false, /not a valid URL/],
    ['https://user:pw@hooks.example.com/', false, /credentials/],
    ['http://127.0.0.1/', false, /loopback address is not allowed/],
    ['http://localhost:3000/', false, /localhost is not allowed/],
    ['http://api.localhost/', false, /localhost/],
    ['http://localhost./', false, /localhost/],
    ['http://LOCALHOST:80/', false, /localhost/],
    ['http://169.254.169.254/latest/meta-data/', false, /link-local/],
    ['http://[::1]/', true, null], // allow-listed ::1/128
    ['http://[::ffff:127.0.0.1]/', false, /loopback/],
    ['http://[::ffff:7f00:1]:8080/', false, /loopback/],
    ['http://[64:ff9b::a9fe:a9fe]/', false, /link-local/],
    ['http://2130706433/', false, /loopback/], // 127.0.0.1 as one number
    ['http://0x7f.1/', false, /loopback/],
    ['http://127.1/', false, /loopback/],
    ['http://0/', false, /this-network/],
    ['http://10.1.2.3/', true, null], // allow-listed CIDR
    ['http://10.2.0.1/', false, /private/],
    ['http://hooks.internal/x', true, null], // allow-listed name (resolved later)
    [`https://example.com/${'a'.repeat(2000)}`, false, /not a valid URL/],
  ];
  for (const [url, ok, msg] of cases) {
    test(`${url.slice(0, 60)} → ${ok ? 'ok' : 'refused'}`, () => {
      const r = checkTargetUrl(url, allow);
      expect(r.ok).toBe(ok);
      if (!r.ok && msg) {
        expect(r.error).toMatch(msg);
        // The reason names the kind of address, never the address itself.
        expect(r.error).not.toMatch(/\d+\.\d+\.\d+\.\d+|::/);
      }
    });
  }
  test('without an allow-list nothing local passes', () => {
    expect(checkTargetUrl('http://[::1]/').ok).toBe(false);
    expect(checkTargetUrl('http://10.1.2.3/').ok).toBe(false);
    expect(checkTargetUrl('https://hooks.example.com/').ok).toBe(true);
  });
});

describe('resolveTarget', () => {
  const dns =
    (answers: Record<string, string[]>, calls: string[] = []): Resolver =>
    async (host) => {
      calls.push(host);
      const list = answers[host];
      if (!list)
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
  const answers = {
    'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'mixed.example': ['93.184.216.34', '10.0.0.5'],
    'meta.example': ['169.254.169.254'],
    'mapped.example': ['::ffff:127.0.0.1'],
    'hooks.internal': ['10.9.9.9'],
    'lab.example': ['10.1.0.7'],
  };
  const allow = createAllowList(['hooks.internal', '10.1.0.0/16']);

  test('a public host resolves once and pins its first address', async () => {
    const calls: string[] = [];
    const t = await resolveTarget('https://public.example/h', allow, dns(answers, calls));
    expect(t.address).toBe('93.184.216.34');
    expect(t.family).toBe(4);
    expect(t.host).toBe('public.example');
    expect(calls).toEqual(['public.example']);
  });

  const refused: [string, RegExp][] = [
    ['http://mixed.example/', /resolves to a private address/],
    ['http://meta.example/', /link-local/],
    ['http://mapped.example/', /loopback/],
  ];
  for (const [url, msg] of refused) {
    test(`refuses ${url} (any bad address is enough)`, async () => {
      const err = await resolveTarget(url, allow, dns(answers)).catch((e) => e);
      expect(err).toBeInstanceOf(TargetError);
      expect(err.permanent).toBe(true);
      expect(err.message).toMatch(msg);
      expect(err.message).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
    });
  }

  test('an allow-listed name or address passes', async () => {
    expect((await resolveTarget('http://hooks.internal/', allow, dns(answers))).address).toBe(
      '10.9.9.9',
    );
    expect((await resolveTarget('http://lab.example/', allow, dns(answers))).address).toBe(
      '10.1.0.7',
    );
  });

  test('an unknown host is a retryable failure; a literal needs no DNS', async () => {
    const calls: string[] = [];
    const err = await resolveTarget('http://nx.example/', allow, dns(answers, calls)).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(TargetError);
    expect(err.permanent).toBe(false);
    expect(err.message).toBe('host name not found');
    const t = await resolveTarget('http://[2606:4700::1]:8443/x', allow, dns(answers, calls));
    expect(t).toMatchObject({ address: '2606:4700::1', family: 6, literal: true });
    expect(calls).toEqual(['nx.example']);
  });
});
