import { patternToGlob } from '../../leads/index.ts';
import type { Condition, ConditionGroup, Rules } from './model.ts';

const DAY_MS = 86_400_000;

/**
 * Everything a rule may look at, loaded once per (company, visit) by facts.ts. Plain data, so
 * matching is a pure function and the table-driven tests build facts by hand.
 */
export interface Facts {
  now: number;
  siteId: number;
  company: {
    id: number;
    name: string;
    domain: string | null;
    country: string | null;
    city: string | null;
    industry: string | null;
    employees: string | null;
    class: string;
    status: string;
    tags: string[];
  };
  visit: {
    id: number;
    startedAt: number;
    pageviews: number;
    engagedMs: number;
    /** This visit's pages in order (capped by the loader). */
    paths: string[];
  };
  /** Visits of the company (all sites) started within the last N days, for each N a rule asks. */
  visitsWithin: Record<number, number>;
  /** The company's last activity before this visit started; null: this is its first visit. */
  previousAt: number | null;
  /** The live lead score 0–100, when a rule asks for it (null when not loaded). */
  score: number | null;
}

/** Which of the costlier facts the compiled rules need (the loader skips the others). */
export interface Needs {
  score: boolean;
  previous: boolean;
  visitDays: number[];
}

export interface Compiled {
  test: (f: Facts) => boolean;
  needs: Needs;
}

/**
 * A key-page pattern (`*` matches anything, the rest is literal) as an anchored RegExp, by way
 * of the same GLOB form the leads module stores, so a trigger's "page" and a key page agree.
 * @example patternRegExp('/demo*').test('/demo/book') // true
 */
export function patternRegExp(pattern: string): RegExp {
  const glob = patternToGlob(pattern.trim());
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '.*';
    else if (c === '[' && glob[i + 2] === ']') {
      // patternToGlob's only character classes are the escaped `[?]` and `[[]`.
      re += escapeRe(glob[i + 1]);
      i += 2;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 's');
}

const escapeRe = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

type Test = (f: Facts) => boolean;

function leaf(c: Condition, needs: Needs): Test {
  switch (c.type) {
    case 'country': {
      const set = new Set(c.in);
      return (f) => f.company.country !== null && set.has(f.company.country.toUpperCase());
    }
    case 'class': {
      const set = new Set<string>(c.in);
      return (f) => set.has(f.company.class);
    }
    case 'industry': {
      const needle = c.contains.trim().toLowerCase();
      return (f) => (f.company.industry ?? '').toLowerCase().includes(needle);
    }
    case 'employees': {
      const set = new Set(c.in.map((s) => s.trim()));
      return (f) => f.company.employees !== null && set.has(f.company.employees.trim());
    }
    case 'tag': {
      // Tags are case-insensitive in the database (COLLATE NOCASE): "Hot" is "hot".
      const tag = c.tag.trim().toLowerCase();
      return (f) => f.company.tags.some((t) => t.toLowerCase() === tag);
    }
    case 'status':
      return (f) => f.company.status === c.is;
    case 'page': {
      const re = patternRegExp(c.pattern);
      return (f) => f.visit.paths.some((p) => re.test(p));
    }
    case 'visits':
      if (!needs.visitDays.includes(c.days)) needs.visitDays.push(c.days);
      return (f) => (f.visitsWithin[c.days] ?? 0) >= c.atLeast;
    case 'timeOnSite':
      return (f) => f.visit.engagedMs >= c.atLeastSeconds * 1000;
    case 'pageviews':
      return (f) => f.visit.pageviews >= c.atLeast;
    case 'firstVisit':
      needs.previous = true;
      return (f) => f.previousAt === null;
    case 'returning':
      needs.previous = true;
      return (f) =>
        f.previousAt !== null && f.visit.startedAt - f.previousAt >= c.daysAway * DAY_MS;
    case 'score':
      needs.score = true;
      return (f) => f.score !== null && f.score >= c.atLeast;
  }
}

function combine(match: 'all' | 'any', tests: Test[]): Test {
  return match === 'all' ? (f) => tests.every((t) => t(f)) : (f) => tests.some((t) => t(f));
}

/**
 * Compiles validated rules once (at save or load) into a test matched per visit without parsing
 * or allocating, and notes which facts it needs.
 * @example compileRules({ match: 'all', conditions: [{ type: 'country', in: ['DE'] }] }).test(facts)
 */
export function compileRules(rules: Rules): Compiled {
  const needs: Needs = { score: false, previous: false, visitDays: [] };
  const one = (c: Condition | ConditionGroup): Test =>
    c.type === 'group'
      ? combine(
          c.match,
          c.conditions.map((x) => leaf(x, needs)),
        )
      : leaf(c, needs);
  return { test: combine(rules.match, rules.conditions.map(one)), needs };
}

/** The union of several triggers' needs (one facts load serves them all). */
export function mergeNeeds(list: Needs[]): Needs {
  const out: Needs = { score: false, previous: false, visitDays: [] };
  for (const n of list) {
    out.score ||= n.score;
    out.previous ||= n.previous;
    for (const d of n.visitDays) if (!out.visitDays.includes(d)) out.visitDays.push(d);
  }
  return out;
}
