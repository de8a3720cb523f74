// The rule builder's editing model, without DOM: a trigger as the form holds it (numbers as the
// typed text), the conversion to and from the API's TriggerInput, and the client-side checks that
// mirror src/alerts/triggers/model.ts. Errors are keyed by the same JSON paths the server names
// in its 400 messages ('/rules/conditions/0/in'), so both land on the same row.
import { msg, str } from '@lit/localize';
import type {
  ActionInput,
  Condition,
  ConditionGroup,
  Rules,
  Trigger,
  TriggerInput,
} from './api/triggers.ts';

export type CondType = Condition['type'];
export type ActionType = ActionInput['type'];
export type Match = Rules['match'];
type Status = Extract<Condition, { type: 'status' }>['is'];
type ClassList = Extract<Condition, { type: 'class' }>['in'];

/** One condition row. `text`/`num`/`num2`/`list` hold what the row's inputs show. */
export interface CondDraft {
  key: number;
  type: CondType;
  text: string;
  num: string;
  num2: string;
  /** timeOnSite: the unit `num` is in. */
  unit: 's' | 'min';
  list: string[];
}
/** A nested group of conditions (one level deep, as the server allows). */
export interface GroupDraft {
  key: number;
  type: 'group';
  match: Match;
  conditions: CondDraft[];
}
export type RowDraft = CondDraft | GroupDraft;
/** One action row; `text` is the tag, status, URL or the comma-separated addresses. */
export interface ActionDraft {
  key: number;
  type: ActionType;
  text: string;
}
export interface TriggerDraft {
  name: string;
  enabled: boolean;
  siteId: number | null;
  frequency: 'visit' | 'day';
  match: Match;
  conditions: RowDraft[];
  actions: ActionDraft[];
}
/** Messages by JSON path ('/name', '/rules/conditions/1', '/actions/0/url'). */
export type DraftErrors = Record<string, string>;

/** Condition types in the order the type menu shows them: the company, then its behaviour. */
export const COND_TYPES: readonly CondType[] = [
  'page',
  'country',
  'class',
  'industry',
  'employees',
  'tag',
  'status',
  'visits',
  'pageviews',
  'timeOnSite',
  'firstVisit',
  'returning',
  'score',
];
export const ACTION_TYPES: readonly ActionType[] = ['email', 'webhook', 'slack', 'tag', 'status'];
/** The schema's caps (model.ts), mirrored for the client-side checks. */
export const MAX_CONDITIONS = 30;
export const MAX_ACTIONS = 10;

let seq = 0;
const nextKey = () => ++seq;

/** A blank row of a type, with sensible starting numbers. */
export function newCondition(type: CondType): CondDraft {
  const num = { visits: '3', pageviews: '3', timeOnSite: '2', returning: '14', score: '60' };
  return {
    key: nextKey(),
    type,
    text: type === 'status' ? 'qualified' : '',
    num: (num as Record<string, string>)[type] ?? '',
    num2: type === 'visits' ? '30' : '',
    unit: 'min',
    list: type === 'class' ? ['business'] : [],
  };
}

export const newGroup = (): GroupDraft => ({
  key: nextKey(),
  type: 'group',
  match: 'any',
  conditions: [newCondition('page')],
});

export const newAction = (type: ActionType): ActionDraft => ({
  key: nextKey(),
  type,
  text: type === 'status' ? 'qualified' : '',
});

/** The form of a new trigger: "visited a page" → "send an e-mail". */
export function emptyDraft(): TriggerDraft {
  return {
    name: '',
    enabled: true,
    siteId: null,
    frequency: 'visit',
    match: 'all',
    conditions: [newCondition('page')],
    actions: [newAction('email')],
  };
}

function condToDraft(c: Condition): CondDraft {
  const d = newCondition(c.type);
  switch (c.type) {
    case 'country':
    case 'employees':
      d.text = c.in.join(', ');
      break;
    case 'class':
      d.list = [...c.in];
      break;
    case 'industry':
      d.text = c.contains;
      break;
    case 'tag':
      d.text = c.tag;
      break;
    case 'status':
      d.text = c.is;
      break;
    case 'page':
      d.text = c.pattern;
      break;
    case 'visits':
      d.num = String(c.atLeast);
      d.num2 = String(c.days);
      break;
    case 'timeOnSite':
      d.unit = c.atLeastSeconds % 60 === 0 ? 'min' : 's';
      d.num = String(d.unit === 'min' ? c.atLeastSeconds / 60 : c.atLeastSeconds);
      break;
    case 'pageviews':
    case 'score':
      d.num = String(c.atLeast);
      break;
    case 'returning':
      d.num = String(c.daysAway);
      break;
  }
  return d;
}

/** The form for a saved trigger. */
export function toDraft(t: Trigger): TriggerDraft {
  return {
    name: t.name,
    enabled: t.enabled,
    siteId: t.siteId,
    frequency: t.frequency,
    match: t.rules.match,
    conditions: t.rules.conditions.map((c) =>
      c.type === 'group'
        ? {
            key: nextKey(),
            type: 'group',
            match: c.match,
            conditions: c.conditions.map(condToDraft),
          }
        : condToDraft(c),
    ),
    actions: t.actions.map((a) => ({
      key: nextKey(),
      type: a.type,
      text:
        a.type === 'tag'
          ? a.tag
          : a.type === 'status'
            ? a.status
            : a.type === 'email'
              ? a.to.join(', ')
              : a.url,
    })),
  };
}

const list = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter(Boolean);

// A plain shape check: the server's format check is the judge, this one catches typos early.
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Checks the draft as the server would and builds its TriggerInput (null when any check failed). */
export function fromDraft(d: TriggerDraft): { input: TriggerInput | null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const req = () => msg('Required.', { id: 'triggers.err.required' });
  const tooLong = (max: number) =>
    msg(str`At most ${max} characters.`, { id: 'triggers.err.toolong' });
  const text = (path: string, v: string, max: number): string => {
    const s = v.trim();
    if (!s) errors[path] = req();
    else if (s.length > max) errors[path] = tooLong(max);
    return s;
  };
  const int = (path: string, v: string, min: number, max: number): number => {
    const n = Number(v.trim());
    if (!v.trim() || !Number.isInteger(n) || n < min || n > max)
      errors[path] = msg(str`A whole number from ${min} to ${max}.`, { id: 'triggers.err.int' });
    return n;
  };

  const cond = (c: CondDraft, p: string): Condition => {
    switch (c.type) {
      case 'country': {
        const codes = list(c.text.toUpperCase());
        if (!codes.length || codes.length > 250 || codes.some((x) => !/^[A-Z]{2}$/.test(x)))
          errors[`${p}/in`] = msg('Two-letter country codes, separated by commas: DE, AT, CH.', {
            id: 'triggers.err.country',
          });
        return { type: 'country', in: codes };
      }
      case 'class':
        if (!c.list.length)
          errors[`${p}/in`] = msg('Choose at least one.', { id: 'triggers.err.pick' });
        return { type: 'class', in: c.list as ClassList };
      case 'industry':
        return { type: 'industry', contains: text(`${p}/contains`, c.text, 200) };
      case 'employees': {
        const bands = c.text
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        if (!bands.length || bands.length > 20 || bands.some((b) => b.length > 32))
          errors[`${p}/in`] = msg('Up to 20 sizes as your data names them, separated by commas.', {
            id: 'triggers.err.employees',
          });
        return { type: 'employees', in: bands };
      }
      case 'tag':
        return { type: 'tag', tag: text(`${p}/tag`, c.text, 50) };
      case 'status':
        return { type: 'status', is: c.text as Status };
      case 'page':
        return { type: 'page', pattern: text(`${p}/pattern`, c.text, 500) };
      case 'visits':
        return {
          type: 'visits',
          atLeast: int(`${p}/atLeast`, c.num, 1, 10_000),
          days: int(`${p}/days`, c.num2, 1, 365),
        };
      case 'timeOnSite': {
        const f = c.unit === 'min' ? 60 : 1;
        const n = int(`${p}/atLeastSeconds`, c.num, 1, Math.floor(86_400 / f));
        return { type: 'timeOnSite', atLeastSeconds: n * f };
      }
      case 'pageviews':
        return { type: 'pageviews', atLeast: int(`${p}/atLeast`, c.num, 1, 10_000) };
      case 'firstVisit':
        return { type: 'firstVisit' };
      case 'returning':
        return { type: 'returning', daysAway: int(`${p}/daysAway`, c.num, 1, 3650) };
      case 'score':
        return { type: 'score', atLeast: int(`${p}/atLeast`, c.num, 0, 100) };
    }
  };

  const none = msg('Add at least one condition.', { id: 'triggers.err.noconditions' });
  const tooMany = msg(str`At most ${MAX_CONDITIONS} conditions.`, { id: 'triggers.err.toomany' });
  const count = (path: string, n: number) => {
    if (n === 0) errors[path] = none;
    else if (n > MAX_CONDITIONS) errors[path] = tooMany;
  };
  count('/rules/conditions', d.conditions.length);
  const conditions = d.conditions.map((r, i): Condition | ConditionGroup => {
    const p = `/rules/conditions/${i}`;
    if (r.type !== 'group') return cond(r, p);
    count(`${p}/conditions`, r.conditions.length);
    return {
      type: 'group',
      match: r.match,
      conditions: r.conditions.map((c, j) => cond(c, `${p}/conditions/${j}`)),
    };
  });

  if (!d.actions.length)
    errors['/actions'] = msg('Add at least one action.', { id: 'triggers.err.noactions' });
  const actions = d.actions.map((a, i): ActionInput => {
    const p = `/actions/${i}`;
    switch (a.type) {
      case 'tag':
        return { type: 'tag', tag: text(`${p}/tag`, a.text, 50) };
      case 'status':
        return { type: 'status', status: a.text as Status };
      case 'email': {
        const to = list(a.text);
        const bad = to.find((x) => x.length > 254 || !EMAIL.test(x));
        if (!to.length || to.length > 50)
          errors[`${p}/to`] = msg('One to 50 e-mail addresses, separated by commas.', {
            id: 'triggers.err.emails',
          });
        else if (bad)
          errors[`${p}/to`] = msg(str`Not an e-mail address: ${bad}`, { id: 'triggers.err.email' });
        return { type: 'email', to };
      }
      default: {
        const url = a.text.trim();
        if (!/^https?:\/\//i.test(url) || !URL.canParse(url) || url.length < 8 || url.length > 2000)
          errors[`${p}/url`] = msg('An address starting with https:// (or http://).', {
            id: 'triggers.err.url',
          });
        return { type: a.type, url };
      }
    }
  });

  const name = text('/name', d.name, 200);
  const input: TriggerInput = {
    name,
    enabled: d.enabled,
    siteId: d.siteId,
    frequency: d.frequency,
    rules: { match: d.match, conditions },
    actions,
  };
  return { input: Object.keys(errors).length ? null : input, errors };
}

/**
 * A server 400 message split into the JSON path it names and the rest.
 * @example splitServerError('/actions/0/url: a loopback address is not allowed') // ['/actions/0/url', 'a loopback …']
 */
export function splitServerError(message: string): [string, string] {
  const m = /^(\/[\w/]*): (.+)$/s.exec(message);
  return m ? [m[1], m[2]] : ['', message];
}

/** The errors that belong to a row at `path` (its own path or below), as one line. */
export function errorsUnder(errors: DraftErrors, path: string): string {
  return Object.entries(errors)
    .filter(([k]) => k === path || k.startsWith(`${path}/`))
    .map(([, v]) => v)
    .join(' ');
}

/** A saved trigger as PUT input (the enabled toggle sends it back whole, flipped). */
export const inputOf = (t: Trigger): TriggerInput => ({
  name: t.name,
  enabled: t.enabled,
  siteId: t.siteId,
  frequency: t.frequency,
  rules: t.rules,
  actions: t.actions,
});
