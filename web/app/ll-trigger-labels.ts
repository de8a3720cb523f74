// The words of the rule builder: the names of condition and action types, and a trigger's rules
// and actions in one line each for the list. Translated at call time, so a language switch applies.
import { msg, str } from '@lit/localize';
import type { ActionInput, Condition, Rules } from './api/triggers.ts';
import { fmtDuration } from './format.ts';
import { classLabel, statusLabel } from './labels.ts';

type CondType = Condition['type'];
type ActionType = ActionInput['type'];
type Match = Rules['match'];
/** The visible name of a condition type (the row's type menu and the list's summary). */
export function condLabel(t: CondType | 'group'): string {
  switch (t) {
    case 'page':
      return msg('Visited page', { id: 'triggers.cond.page' });
    case 'country':
      return msg('Country', { id: 'triggers.cond.country' });
    case 'class':
      return msg('Network class', { id: 'triggers.cond.class' });
    case 'industry':
      return msg('Industry contains', { id: 'triggers.cond.industry' });
    case 'employees':
      return msg('Employees', { id: 'triggers.cond.employees' });
    case 'tag':
      return msg('Has tag', { id: 'triggers.cond.tag' });
    case 'status':
      return msg('Status is', { id: 'triggers.cond.status' });
    case 'visits':
      return msg('Visits in a period', { id: 'triggers.cond.visits' });
    case 'pageviews':
      return msg('Pageviews in the visit', { id: 'triggers.cond.pageviews' });
    case 'timeOnSite':
      return msg('Time on site', { id: 'triggers.cond.timeOnSite' });
    case 'firstVisit':
      return msg('First visit', { id: 'triggers.cond.firstVisit' });
    case 'returning':
      return msg('Returning after', { id: 'triggers.cond.returning' });
    case 'score':
      return msg('Lead score at least', { id: 'triggers.cond.score' });
    default:
      return msg('Group', { id: 'triggers.cond.group' });
  }
}

/** The visible name of an action type. */
export function actionLabel(t: ActionType): string {
  switch (t) {
    case 'email':
      return msg('Send an e-mail', { id: 'triggers.action.email' });
    case 'webhook':
      return msg('Call a webhook', { id: 'triggers.action.webhook' });
    case 'slack':
      return msg('Post to Slack', { id: 'triggers.action.slack' });
    case 'tag':
      return msg('Add a tag', { id: 'triggers.action.tag' });
    default:
      return msg('Set the status', { id: 'triggers.action.status' });
  }
}

function condValue(c: Condition): string {
  switch (c.type) {
    case 'country':
    case 'employees':
      return c.in.join(', ');
    case 'class':
      return c.in.map(classLabel).join(', ');
    case 'industry':
      return c.contains;
    case 'tag':
      return c.tag;
    case 'status':
      return statusLabel(c.is);
    case 'page':
      return c.pattern;
    case 'visits':
      return msg(str`${c.atLeast} in ${c.days} days`, { id: 'triggers.sum.visits' });
    case 'timeOnSite':
      return `≥ ${fmtDuration(c.atLeastSeconds * 1000)}`;
    case 'pageviews':
    case 'score':
      return `≥ ${c.atLeast}`;
    case 'returning':
      return msg(str`${c.daysAway} days away`, { id: 'triggers.sum.returning' });
    default:
      return '';
  }
}

const joinWord = (m: Match) =>
  m === 'all' ? msg(' and ', { id: 'triggers.sum.and' }) : msg(' or ', { id: 'triggers.sum.or' });

/** The rules in one line: "Visited page: /pricing* and Country: DE, AT". */
export function rulesSummary(r: Rules): string {
  const one = (c: Condition) => {
    const v = condValue(c);
    return v ? `${condLabel(c.type)}: ${v}` : condLabel(c.type);
  };
  return r.conditions
    .map((c) =>
      c.type === 'group' ? `(${c.conditions.map(one).join(joinWord(c.match))})` : one(c),
    )
    .join(joinWord(r.match));
}

/** The actions in one line: "Call a webhook: hooks.example.com · Add a tag: hot". */
export function actionsSummary(actions: readonly ActionInput[]): string {
  return actions
    .map((a) => {
      const v =
        a.type === 'tag'
          ? a.tag
          : a.type === 'status'
            ? statusLabel(a.status)
            : a.type === 'email'
              ? a.to.join(', ')
              : URL.canParse(a.url)
                ? new URL(a.url).host
                : a.url;
      return `${actionLabel(a.type)}: ${v}`;
    })
    .join(' · ');
}
