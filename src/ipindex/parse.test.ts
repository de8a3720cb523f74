import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ipv6ToString, parseIp, wordsToBigInt } from './convert.ts';
import { parseAddress, parseIPv4, parseIPv6 } from './parse.ts';

describe('parseIPv4', () => {
  const cases: [string, number][] = [
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['198.51.100.7', 0xc6336407],
    ['1.2.3.4', 0x01020304],
    ['10.0.0.1', 0x0a000001],
    ['', -1],
    ['1.2.3', -1],
    ['1.2.3.4.5', -1],
    ['256.1.1.1', -1],
    ['1.2.3.1000', -1],
    ['01.2.3.4', -1],
    ['1..3.4', -1],
    ['1.2.3.', -1],
    ['.1.2.3', -1],
    ['1.2.3.4 ', -1],
    ['a.b.c.d', -1],
    ['-1.2.3.4', -1],
    ['0.0.0.00', -1],
  ];
  for (const [input, want] of cases) {
    test(JSON.stringify(input), () => assert.equal(parseIPv4(input), want));
  }
});

describe('parseIPv6', () => {
  const cases: [string, string | null][] = [
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8::ff00:42:8329'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['::ffff:198.51.100.7', '::ffff:c633:6407'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['fe80::1%eth0', 'fe80::1'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    [':', null],
    [':::', null],
    ['1:::2', null],
    ['1::2::3', null],
    ['1:2:3:4:5:6:7:8:9', null],
    ['1:2:3:4:5:6:7', null],
    ['1:2:3:4:5:6:7:8::', null],
    ['12345::', null],
    ['g::', null],
    ['1:', null],
    [':1', null],
    ['::1.2.3', null],
    ['1:2:3:4:5:6:7:1.2.3.4', null],
    ['::256.0.0.1', null],
    ['1.2.3.4', null],
    ['', null],
  ];
  for (const [input, want] of cases) {
    test(JSON.stringify(input), () => {
      const w = new Uint32Array(4);
      const ok = parseIPv6(input, w);
      assert.equal(ok ? ipv6ToString(wordsToBigInt(w)) : null, want);
    });
  }
});

describe('parseAddress', () => {
  const cases: [string, 0 | 4 | 6][] = [
    ['198.51.100.7', 4],
    ['::ffff:198.51.100.7', 4],
    ['::FFFF:c633:6407', 4],
    ['2001:db8::1', 6],
    ['::198.51.100.7', 6],
    ['nonsense', 0],
  ];
  for (const [input, fam] of cases) {
    test(input, () => {
      const w = new Uint32Array(4);
      assert.equal(parseAddress(input, w), fam);
      if (fam === 4) assert.equal(w[3], 0xc6336407);
    });
  }
});

test('parseIp keeps the literal family (imports do not map ::ffff:)', () => {
  assert.deepEqual(parseIp('198.51.100.0'), { family: 4, value: 3325256704n });
  assert.equal(parseIp('::ffff:1.2.3.4')?.family, 6);
  assert.equal(parseIp('x'), null);
});
