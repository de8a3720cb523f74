// The rule builder's model without a browser: the client-side checks agree with the server's
// schema (a draft the client accepts, the server's compiled TriggerInput accepts, and the other
// way round for the cases listed), a saved trigger survives the round trip through the form, and
// server error paths land on the right row.
import { describe, expect, test } from 'bun:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TriggerInput } from '../../src/alerts/triggers/model.ts';
import type { Trigger } from './api/triggers.ts';
import {
  type CondDraft,
  emptyDraft,
  errorsUnder,
  fromDraft,
  newAction,
  newCondition,
  newGroup,
  splitServerError,
  type TriggerDraft,
  toDraft,
} from './ll-trigger-draft.ts';
import { actionsSummary, rulesSummary } from './ll-trigger-labels.ts';

const server = TypeCompiler.Compile(TriggerInput);

function cond(type: CondDraft['type'], patch: Partial<CondDraft> = {}): CondDraft {
  return { ...newCondition(type), ...patch };
}

function draft(patch: Partial<TriggerDraft> = {}): TriggerDraft {
  return {
    ...emptyDraft(),
    name: 'Pricing from DE',
    conditions: [cond('page', { text: '/pricing*' })],
    actions: [{ ...newAction('tag'), text: 'hot' }],
    ...patch,
  };
}

describe('fromDraft: the client-side checks mirror the schema', () => {
  // [case, draft, the error paths the client reports ([] = accepted)]
  const cases: [string, TriggerDraft, string[]][] = [
    ['a plain page → tag trigger', draft(), []],
    ['blank name', draft({ name: '   ' }), ['/name']],
    ['no conditions', draft({ conditions: [] }), ['/rules/conditions']],
    ['no actions', draft({ actions: [] }), ['/actions']],
    ['countries upper-cased', draft({ conditions: [cond('country', { text: 'de, at' })] }), []],
    [
      'a three-letter country',
      draft({ conditions: [cond('country', { text: 'DEU' })] }),
      ['/rules/conditions/0/in'],
    ],
    [
      'empty class choice',
      draft({ conditions: [cond('class', { list: [] })] }),
      ['/rules/conditions/0/in'],
    ],
    [
      'visits: 0 is too few',
      draft({ conditions: [cond('visits', { num: '0' })] }),
      ['/rules/conditions/0/atLeast'],
    ],
    [
      'visits: 400 days is too long',
      draft({ conditions: [cond('visits', { num2: '400' })] }),
      ['/rules/conditions/0/days'],
    ],
    [
      'visits: a fraction',
      draft({ conditions: [cond('visits', { num: '2.5' })] }),
      ['/rules/conditions/0/atLeast'],
    ],
    [
      'time on site in minutes',
      draft({ conditions: [cond('timeOnSite', { num: '1440', unit: 'min' })] }),
      [],
    ],
    [
      'time on site over a day',
      draft({ conditions: [cond('timeOnSite', { num: '1441', unit: 'min' })] }),
      ['/rules/conditions/0/atLeastSeconds'],
    ],
    ['score 0 is allowed', draft({ conditions: [cond('score', { num: '0' })] }), []],
    [
      'score 101',
      draft({ conditions: [cond('score', { num: '101' })] }),
      ['/rules/conditions/0/atLeast'],
    ],
    [
      'returning, empty number',
      draft({ conditions: [cond('returning', { num: '' })] }),
      ['/rules/conditions/0/daysAway'],
    ],
    ['first visit needs nothing', draft({ conditions: [cond('firstVisit')] }), []],
    [
      'a tag of 51 characters',
      draft({ conditions: [cond('tag', { text: 'x'.repeat(51) })] }),
      ['/rules/conditions/0/tag'],
    ],
    ['employees bands', draft({ conditions: [cond('employees', { text: '500-999, 1000+' })] }), []],
    [
      'a group inside',
      draft({ conditions: [cond('firstVisit'), newGroup()] }),
      ['/rules/conditions/1/conditions/0/pattern'],
    ],
    [
      'an empty group',
      draft({ conditions: [{ ...newGroup(), conditions: [] }] }),
      ['/rules/conditions/0/conditions'],
    ],
    [
      'too many conditions',
      draft({ conditions: Array.from({ length: 31 }, () => cond('firstVisit')) }),
      ['/rules/conditions'],
    ],
    [
      'e-mail recipients',
      draft({ actions: [{ ...newAction('email'), text: 'a@example.com; b@example.org' }] }),
      [],
    ],
    [
      'a bad recipient',
      draft({ actions: [{ ...newAction('email'), text: 'a@example.com, nobody' }] }),
      ['/actions/0/to'],
    ],
    [
      'a webhook',
      draft({ actions: [{ ...newAction('webhook'), text: 'https://hooks.example.com/in' }] }),
      [],
    ],
    [
      'a webhook without scheme',
      draft({ actions: [{ ...newAction('webhook'), text: 'hooks.example.com/in' }] }),
      ['/actions/0/url'],
    ],
    [
      'an ftp Slack URL',
      draft({ actions: [{ ...newAction('slack'), text: 'ftp://x.example.com/' }] }),
      ['/actions/0/url'],
    ],
  ];
  for (const [name, d, want] of cases) {
    test(name, () => {
      const { input, errors } = fromDraft(d);
      expect(Object.keys(errors).sort()).toEqual(want);
      // Whatever the client lets through, the server's schema takes too.
      if (want.length === 0) expect(server.Check(input)).toBe(true);
      else expect(input).toBeNull();
    });
  }

  test('numbers and lists are converted', () => {
    const { input } = fromDraft(
      draft({
        match: 'any',
        conditions: [
          cond('country', { text: ' de,AT ' }),
          cond('timeOnSite', { num: '2', unit: 'min' }),
          cond('visits', { num: '3', num2: '30' }),
        ],
      }),
    );
    expect(input?.rules).toEqual({
      match: 'any',
      conditions: [
        { type: 'country', in: ['DE', 'AT'] },
        { type: 'timeOnSite', atLeastSeconds: 120 },
        { type: 'visits', atLeast: 3, days: 30 },
      ],
    });
  });
});

describe('toDraft → fromDraft round trip', () => {
  const saved: Trigger = {
    id: 7,
    name: 'Hot returning',
    enabled: false,
    siteId: 2,
    frequency: 'day',
    rules: {
      match: 'all',
      conditions: [
        { type: 'class', in: ['business', 'government'] },
        { type: 'timeOnSite', atLeastSeconds: 90 },
        {
          type: 'group',
          match: 'any',
          conditions: [
            { type: 'returning', daysAway: 14 },
            { type: 'score', atLeast: 60 },
            { type: 'status', is: 'qualified' },
          ],
        },
      ],
    },
    actions: [
      { type: 'email', to: ['a@example.com', 'b@example.com'] },
      { type: 'webhook', url: 'https://hooks.example.com/x' },
      { type: 'status', status: 'customer' },
    ],
    hasSecret: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  test('the same input comes back', () => {
    const { input, errors } = fromDraft(toDraft(saved));
    expect(errors).toEqual({});
    const { id: _i, hasSecret: _h, createdAt: _c, updatedAt: _u, ...want } = saved;
    expect(input).toEqual(want);
  });
  test('90 seconds stays in seconds, 120 becomes 2 minutes', () => {
    const d = toDraft(saved).conditions[1] as CondDraft;
    expect([d.num, d.unit]).toEqual(['90', 's']);
    const two = toDraft({
      ...saved,
      rules: { match: 'all', conditions: [{ type: 'timeOnSite', atLeastSeconds: 120 }] },
    }).conditions[0] as CondDraft;
    expect([two.num, two.unit]).toEqual(['2', 'min']);
  });
  test('one line each for the list', () => {
    expect(rulesSummary(saved.rules)).toBe(
      'Network class: Business, Government and Time on site: ≥ 1m 30s and (Returning after: 14 days away or Lead score at least: ≥ 60 or Status is: Qualified)',
    );
    expect(actionsSummary(saved.actions)).toBe(
      'Send an e-mail: a@example.com, b@example.com · Call a webhook: hooks.example.com · Set the status: Customer',
    );
  });
});

describe('server errors land on their row', () => {
  const cases: [string, [string, string]][] = [
    [
      '/actions/0/url: a loopback address is not allowed',
      ['/actions/0/url', 'a loopback address is not allowed'],
    ],
    ['/rules/conditions/1: Expected union value', ['/rules/conditions/1', 'Expected union value']],
    ['this trigger has no webhook', ['', 'this trigger has no webhook']],
  ];
  for (const [message, want] of cases)
    test(message, () => expect(splitServerError(message)).toEqual(want));

  test('a row collects its own errors and those below it, not its neighbours’', () => {
    const errors = {
      '/rules/conditions/1/in': 'A',
      '/rules/conditions/1': 'B',
      '/rules/conditions/10/in': 'C',
      '/actions/0/url': 'D',
    };
    expect(errorsUnder(errors, '/rules/conditions/1')).toBe('A B');
    expect(errorsUnder(errors, '/actions/0')).toBe('D');
    expect(errorsUnder(errors, '/actions/1')).toBe('');
  });
});
