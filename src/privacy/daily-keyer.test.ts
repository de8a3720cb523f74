import { describe, expect, test } from 'bun:test';
import { DailyKeyer } from './daily-keyer.ts';

describe('DailyKeyer', () => {
  test('opaque keys; a new salt at UTC midnight, the old one kept for the grace period', () => {
    const day = 86_400_000;
    const now = { t: 20 * day + day - 1000 };
    const keyer = new DailyKeyer(() => now.t, 60_000);
    const [before] = keyer.keys('client|203.0.113.77');
    expect(before).not.toContain('203');
    expect(keyer.keys('client|203.0.113.77')).toEqual([before]);
    now.t += 2000; // past midnight
    const after = keyer.keys('client|203.0.113.77');
    expect(after).toHaveLength(2);
    expect(after[0]).not.toBe(before);
    expect(after[1]).toBe(before);
    now.t += 60_000;
    expect(keyer.keys('client|203.0.113.77')).toEqual([after[0]]);
  });
});
