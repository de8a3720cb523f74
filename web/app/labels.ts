import { msg } from '@lit/localize';
import type { Role } from '../../src/auth/model.ts';
import type { Status } from '../../src/leads/model.ts';

// Labels are functions, not constants: translation must happen at render time to follow a switch.

/** A network class as the API names it (plus 'unresolved' in the overview). */
export type NetworkClass =
  | 'business'
  | 'education'
  | 'government'
  | 'isp'
  | 'mobile'
  | 'hosting'
  | 'unknown'
  | 'unresolved';

/** The classes that identify an organisation (shown as leads); the rest is "other traffic". */
export const LEAD_CLASSES: readonly NetworkClass[] = ['business', 'education', 'government'];

/** Every class, leads first, in filter and chart order. */
export const CLASSES: readonly NetworkClass[] = [
  ...LEAD_CLASSES,
  'isp',
  'mobile',
  'hosting',
  'unknown',
];

/** The visible name of a network class. */
export function classLabel(c: string): string {
  switch (c) {
    case 'business':
      return msg('Business', { id: 'class.business' });
    case 'education':
      return msg('Education', { id: 'class.education' });
    case 'government':
      return msg('Government', { id: 'class.government' });
    case 'isp':
      return msg('ISP', { id: 'class.isp' });
    case 'mobile':
      return msg('Mobile', { id: 'class.mobile' });
    case 'hosting':
      return msg('Hosting', { id: 'class.hosting' });
    case 'unresolved':
      return msg('Unresolved', { id: 'class.unresolved' });
    default:
      return msg('Unknown', { id: 'class.unknown' });
  }
}

/** The sales statuses, in workflow order. */
export const STATUSES: readonly Status[] = ['new', 'qualified', 'customer', 'ignored'];

/** The visible name of a sales status. */
export function statusLabel(s: Status): string {
  switch (s) {
    case 'new':
      return msg('New', { id: 'status.new' });
    case 'qualified':
      return msg('Qualified', { id: 'status.qualified' });
    case 'customer':
      return msg('Customer', { id: 'status.customer' });
    default:
      return msg('Ignored', { id: 'status.ignored' });
  }
}

/** Roles, strongest first. */
export const ROLES: readonly Role[] = ['owner', 'admin', 'viewer'];

/** The visible name of a role. */
export function roleLabel(r: Role): string {
  switch (r) {
    case 'owner':
      return msg('Owner', { id: 'role.owner' });
    case 'admin':
      return msg('Admin', { id: 'role.admin' });
    default:
      return msg('Viewer', { id: 'role.viewer' });
  }
}

/** Inbox sort keys. */
export type SortKey = 'last' | 'score' | 'visits' | 'pageviews';
export const SORTS: readonly SortKey[] = ['last', 'score', 'visits', 'pageviews'];

/** The visible name of an inbox sort key (also the column header). */
export function sortLabel(s: SortKey): string {
  switch (s) {
    case 'score':
      return msg('Lead score', { id: 'sort.score' });
    case 'visits':
      return msg('Visits', { id: 'sort.visits' });
    case 'pageviews':
      return msg('Pageviews', { id: 'sort.pageviews' });
    default:
      return msg('Last visit', { id: 'sort.last' });
  }
}
