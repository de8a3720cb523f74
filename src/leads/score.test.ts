import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { type CompanyProfile, type InboxPage, patternToGlob, scoreOf, WEIGHTS } from './index.ts';
import { likeContains } from './sql.ts';
import { IP, type LeadsKit, leadsKit } from './test-kit.ts';

const DAY = 86_400_000;
const none = { daysSinceLast: null, visits: 0, pages: 0, engagedMs: 0, keyPages: 0 };

describe('scoreOf', () => {
  test('weights add up to 100', () => {
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  test.each([
    ['nothing', none, { total: 0, recency: 0, visits: 0, pages: 0, engagement: 0, keyPages: 0 }],
    [
      'one page today',
      { ...none, daysSinceLast: 0, visits: 1, pages: 1 },
      { total: 36, recency: 100, visits: 20, pages: 15, engagement: 0, keyPages: 0 },
    ],
    [
      'two weeks ago',
      { ...none, daysSinceLast: 14, visits: 1, pages: 1 },
      { total: 21, recency: 50, visits: 20, pages: 15, engagement: 0, keyPages: 0 },
    ],
    [
      'day 89 still counts',
      { ...none, daysSinceLast: 89 },
      { total: 0, recency: 1, visits: 0, pages: 0, engagement: 0, keyPages: 0 },
    ],
    [
      'day 90 is out',
      { ...none, daysSinceLast: 90 },
      { total: 0, recency: 0, visits: 0, pages: 0, engagement: 0, keyPages: 0 },
    ],
    [
      'a keen visitor',
      { daysSinceLast: 0, visits: 10, pages: 20, engagedMs: 30 * 60_000, keyPages: 3 },
      { total: 95, recency: 100, visits: 89, pages: 96, engagement: 96, keyPages: 94 },
    ],
    [
      'saturates at 100',
      { daysSinceLast: 0, visits: 1000, pages: 1000, engagedMs: 1e9, keyPages: 100 },
      { total: 100, recency: 100, visits: 100, pages: 100, engagement: 100, keyPages: 100 },
    ],
  ] as const)('%s', (_name, inputs, want) => {
    expect(scoreOf(inputs)).toEqual(want);
  });
});

describe('helpers', () => {
  test.each([
    ['/pricing', '/pricing'],
    ['/demo*', '/demo*'],
    ['/faq?id', '/faq[?]id'],
    ['/[x]', '/[[]x]'],
  ])('patternToGlob(%p) = %p', (pattern, glob) => {
    expect(patternToGlob(pattern)).toBe(glob);
  });

  test.each([
    ['pricing', '%pricing%'],
    [' 50% ', '%50\\%%'],
    ['a_b\\c', '%a\\_b\\\\c%'],
  ])('likeContains(%p) = %p', (text, like) => {
    expect(likeContains(text)).toBe(like);
  });

  test('cursors round-trip and refuse anything else', () => {
    const c = encodeCursor('score', [87, 1_700_000_000_000], 42);
    expect(decodeCursor(c, 'score', 2)).toEqual({ keys: [87, 1_700_000_000_000], id: 42 });
    expect(decodeCursor(c, 'last', 1)).toBeNull();
    expect(decodeCursor(c, 'score', 1)).toBeNull();
    for (const bad of ['', 'e30', '!!!', Buffer.from('["score",1.5,2,3]').toString('base64url')]) {
      expect(decodeCursor(bad, 'score', 2)).toBeNull();
    }
  });
});

describe('the score of a constructed case, through the API', () => {
  let k: LeadsKit;
  let id: number;
  const expectScore = async (want: Record<string, number>, from?: string) => {
    const p = await k.json<CompanyProfile>(`/companies/${id}`);
    expect(p.score).toEqual(want as CompanyProfile['score']);
    // The inbox serves the stored score; it must agree with the live breakdown.
    const row = (await k.json<InboxPage>(`/companies${from ? `?from=${from}` : ''}`)).items[0];
    expect(row.score).toBe(want.total);
  };
  beforeAll(async () => {
    k = await leadsKit();
    await k.call('PUT', `/sites/${k.h.siteId}/key-pages`, { patterns: ['/pricing', '/demo*'] });
    await k.view(IP.manufacturing, '/');
    await k.view(IP.manufacturing, '/pricing');
    await k.engage(IP.manufacturing, 60_000);
    k.wait(3 * DAY);
    await k.view(IP.manufacturing, '/demo/a');
    await k.view(IP.manufacturing, '/docs');
    id = k.companyId('Example Manufacturing GmbH');
  });
  afterAll(() => k.close());

  test('today: 2 visits, 4 pages, 1 minute, 2 key pages', async () => {
    // recency 100, visits 1−0.8² = 36, pages 1−0.85⁴ = 48, engagement 1−0.9¹ = 10, key 1−0.4² = 84
    // total (30·100 + 20·36 + 15·48 + 15·10 + 20·84) / 100 = 62.7
    await expectScore({
      total: 63,
      recency: 100,
      visits: 36,
      pages: 48,
      engagement: 10,
      keyPages: 84,
    });
  });

  test('two weeks later the recency part has halved', async () => {
    k.wait(14 * DAY);
    await expectScore({
      total: 48,
      recency: 50,
      visits: 36,
      pages: 48,
      engagement: 10,
      keyPages: 84,
    });
  });

  test('changing the key pages rescores', async () => {
    await k.call('PUT', `/sites/${k.h.siteId}/key-pages`, { patterns: ['/docs'] });
    await expectScore({
      total: 43,
      recency: 50,
      visits: 36,
      pages: 48,
      engagement: 10,
      keyPages: 60,
    });
  });

  test('90 days after the last visit it is 0', async () => {
    k.wait(90 * DAY);
    const from = new Date(k.h.now.t - 200 * DAY).toISOString().slice(0, 10);
    await expectScore(
      { total: 0, recency: 0, visits: 0, pages: 0, engagement: 0, keyPages: 0 },
      from,
    );
  });
});
