import { describe, expect, test } from 'bun:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type Compiled, compileRules, type Facts, patternRegExp } from './compile.ts';
import { type Condition, Rules } from './model.ts';
import { factsOf } from './test-kit.ts';

const f = factsOf();
const one = (c: Condition): Compiled => compileRules({ match: 'all', conditions: [c] });

// Each condition once true and once false against the same facts (or a variation of them).
const CASES: Array<[string, Condition, Facts, boolean]> = [
  ['country in', { type: 'country', in: ['AT', 'DE'] }, f, true],
  ['country not in', { type: 'country', in: ['FR'] }, f, false],
  [
    'country unknown',
    { type: 'country', in: ['DE'] },
    factsOf({ company: { country: null } }),
    false,
  ],
  ['class in', { type: 'class', in: ['business'] }, f, true],
  ['class not in', { type: 'class', in: ['education', 'government'] }, f, false],
  ['industry contains, any case', { type: 'industry', contains: 'CHEMIC' }, f, true],
  ['industry does not contain', { type: 'industry', contains: 'bank' }, f, false],
  [
    'industry unknown',
    { type: 'industry', contains: 'chem' },
    factsOf({ company: { industry: null } }),
    false,
  ],
  ['employees in', { type: 'employees', in: ['10-49', '50-249'] }, f, true],
  ['employees not in', { type: 'employees', in: ['1000+'] }, f, false],
  ['has tag, any case', { type: 'tag', tag: 'hot' }, f, true],
  ['has not tag', { type: 'tag', tag: 'cold' }, f, false],
  ['status is', { type: 'status', is: 'new' }, f, true],
  ['status is not', { type: 'status', is: 'customer' }, f, false],
  ['page exact', { type: 'page', pattern: '/pricing' }, f, true],
  ['page wildcard', { type: 'page', pattern: '/demo*' }, f, true],
  ['page must match whole path', { type: 'page', pattern: '/pric' }, f, false],
  ['page not visited', { type: 'page', pattern: '/careers*' }, f, false],
  [
    'page regex chars are literal',
    { type: 'page', pattern: '/a.c' },
    factsOf({ visit: { paths: ['/abc'] } }),
    false,
  ],
  [
    'page ? and [ are literal',
    { type: 'page', pattern: '/faq?[x]' },
    factsOf({ visit: { paths: ['/faq?[x]'] } }),
    true,
  ],
  [
    'visits ≥ N in D days',
    { type: 'visits', atLeast: 3, days: 7 },
    factsOf({ visitsWithin: { 7: 3 } }),
    true,
  ],
  [
    'visits < N in D days',
    { type: 'visits', atLeast: 3, days: 7 },
    factsOf({ visitsWithin: { 7: 2 } }),
    false,
  ],
  ['time on site ≥ S', { type: 'timeOnSite', atLeastSeconds: 45 }, f, true],
  ['time on site < S', { type: 'timeOnSite', atLeastSeconds: 46 }, f, false],
  ['pageviews ≥ N', { type: 'pageviews', atLeast: 3 }, f, true],
  ['pageviews < N', { type: 'pageviews', atLeast: 4 }, f, false],
  ['first visit', { type: 'firstVisit' }, factsOf({ previousAt: null }), true],
  ['not first visit', { type: 'firstVisit' }, f, false],
  ['returning after ≥ N days', { type: 'returning', daysAway: 7 }, f, true],
  ['returning too soon', { type: 'returning', daysAway: 11 }, f, false],
  [
    'returning needs a previous visit',
    { type: 'returning', daysAway: 1 },
    factsOf({ previousAt: null }),
    false,
  ],
  ['score ≥ N', { type: 'score', atLeast: 40 }, f, true],
  ['score < N', { type: 'score', atLeast: 41 }, f, false],
];

describe('conditions', () => {
  test.each(CASES)('%s', (_name, condition, facts, expected) => {
    expect(one(condition).test(facts)).toBe(expected);
  });

  test('every condition type has a true and a false case', () => {
    const seen = new Map<string, Set<boolean>>();
    for (const [, c, , want] of CASES) {
      seen.set(c.type, (seen.get(c.type) ?? new Set()).add(want));
    }
    expect(seen.size).toBe(13);
    for (const [type, outcomes] of seen) expect(`${type}:${outcomes.size}`).toBe(`${type}:2`);
  });
});

describe('all / any / groups', () => {
  const yes: Condition = { type: 'country', in: ['DE'] };
  const no: Condition = { type: 'country', in: ['FR'] };
  const TABLE: Array<[string, Rules, boolean]> = [
    ['all: every one true', { match: 'all', conditions: [yes, yes] }, true],
    ['all: one false', { match: 'all', conditions: [yes, no] }, false],
    ['any: one true', { match: 'any', conditions: [no, yes] }, true],
    ['any: none true', { match: 'any', conditions: [no, no] }, false],
    [
      'A and (B or C)',
      { match: 'all', conditions: [yes, { type: 'group', match: 'any', conditions: [no, yes] }] },
      true,
    ],
    [
      'A and (B and C), C false',
      { match: 'all', conditions: [yes, { type: 'group', match: 'all', conditions: [yes, no] }] },
      false,
    ],
    [
      'A or (B and C)',
      { match: 'any', conditions: [no, { type: 'group', match: 'all', conditions: [yes, yes] }] },
      true,
    ],
  ];
  test.each(TABLE)('%s', (_n, rules, want) => {
    expect(compileRules(rules).test(f)).toBe(want);
  });
});

test('needs: only what the rules ask for is loaded', () => {
  expect(one({ type: 'country', in: ['DE'] }).needs).toEqual({
    score: false,
    previous: false,
    visitDays: [],
  });
  const c = compileRules({
    match: 'any',
    conditions: [
      { type: 'score', atLeast: 60 },
      { type: 'visits', atLeast: 2, days: 7 },
      {
        type: 'group',
        match: 'all',
        conditions: [{ type: 'firstVisit' }, { type: 'visits', atLeast: 5, days: 30 }],
      },
    ],
  });
  expect(c.needs).toEqual({ score: true, previous: true, visitDays: [7, 30] });
});

test('patternRegExp agrees with key pages: * is the only wildcard', () => {
  expect(patternRegExp('/product/*').test('/product/x/y')).toBe(true);
  expect(patternRegExp('/product/*').test('/products')).toBe(false);
  expect(patternRegExp('*').test('/anything')).toBe(true);
});

describe('schema refuses what it does not know', () => {
  const check = TypeCompiler.Compile(Rules);
  const BAD: Array<[string, unknown]> = [
    [
      'unknown field in a condition',
      { match: 'all', conditions: [{ type: 'pageviews', atLeast: 2, atleast: 3 }] },
    ],
    ['unknown condition type', { match: 'all', conditions: [{ type: 'ip', in: ['1.2.3.4'] }] }],
    ['empty condition list', { match: 'all', conditions: [] }],
    ['bad match', { match: 'some', conditions: [{ type: 'firstVisit' }] }],
    ['lower-case country', { match: 'all', conditions: [{ type: 'country', in: ['de'] }] }],
    ['negative count', { match: 'all', conditions: [{ type: 'pageviews', atLeast: -1 }] }],
    [
      'groups nest one level only',
      {
        match: 'all',
        conditions: [
          {
            type: 'group',
            match: 'any',
            conditions: [{ type: 'group', match: 'all', conditions: [{ type: 'firstVisit' }] }],
          },
        ],
      },
    ],
    ['unknown top-level field', { match: 'all', conditions: [{ type: 'firstVisit' }], extra: 1 }],
  ];
  test.each(BAD)('%s', (_n, rules) => {
    expect(check.Check(rules)).toBe(false);
  });
  test('a valid rule set passes', () => {
    expect(
      check.Check({
        match: 'any',
        conditions: [{ type: 'firstVisit' }, { type: 'score', atLeast: 60 }],
      }),
    ).toBe(true);
  });
});
