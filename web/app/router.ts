import type { ReactiveController, ReactiveControllerHost } from 'lit';
// Client-side routing over the history API. No DOM access at module level: src/ui imports the path
// list from here so the server serves index.html for exactly the paths the app knows.

/** The exact paths the UI answers (plus `/companies/:id`). */
export const UI_PATHS = [
  '/',
  '/sites',
  '/live',
  '/overview',
  '/settings',
  '/settings/optouts',
  '/settings/privacy',
  '/settings/api-tokens',
  '/triggers',
  '/triggers/deliveries',
  '/login',
  '/setup',
  '/invite',
] as const;

/** A screen and its parameters. */
export type Route =
  | { name: 'inbox' | 'sites' | 'live' | 'overview' | 'settings' | 'optouts' | 'privacy' }
  | { name: 'api-tokens' }
  | { name: 'triggers' | 'deliveries' }
  | { name: 'login' | 'setup' | 'invite' }
  | { name: 'company'; id: number }
  | { name: 'not-found' };

/** Screens reachable without a session. */
export const PUBLIC_ROUTES: ReadonlySet<Route['name']> = new Set(['login', 'setup', 'invite']);

const COMPANY = /^\/companies\/([1-9]\d{0,15})\/?$/;

/**
 * The screen for a path.
 * @example matchRoute('/companies/42') // { name: 'company', id: 42 }
 */
export function matchRoute(pathname: string): Route {
  const m = COMPANY.exec(pathname);
  if (m) return { name: 'company', id: Number(m[1]) };
  switch (pathname.replace(/(.)\/$/, '$1')) {
    case '/':
      return { name: 'inbox' };
    case '/sites':
      return { name: 'sites' };
    case '/live':
      return { name: 'live' };
    case '/overview':
      return { name: 'overview' };
    case '/settings':
      return { name: 'settings' };
    case '/settings/optouts':
      return { name: 'optouts' };
    case '/settings/api-tokens':
      return { name: 'api-tokens' };
    case '/settings/privacy':
      return { name: 'privacy' };
    case '/triggers':
      return { name: 'triggers' };
    case '/triggers/deliveries':
      return { name: 'deliveries' };
    case '/login':
      return { name: 'login' };
    case '/setup':
      return { name: 'setup' };
    case '/invite':
      return { name: 'invite' };
    default:
      return { name: 'not-found' };
  }
}

/** The event ll-app listens to after a programmatic navigation (pushState fires no popstate). */
export const NAVIGATE_EVENT = 'll-navigate';

/**
 * Goes to a same-origin URL without a reload. `replace` for changes that should not add a Back
 * step (filters typed into the inbox).
 */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, location.href);
  if (url.origin !== location.origin) throw new Error('navigate: cross-origin URL');
  const target = url.pathname + url.search + url.hash;
  if (target === location.pathname + location.search + location.hash) return;
  if (opts.replace) history.replaceState(null, '', target);
  else history.pushState(null, '', target);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/**
 * Turns clicks on same-origin links to UI paths into history navigations; everything else (new
 * tab, modified clicks, downloads, API links, other sites) keeps the browser's behaviour.
 */
export function interceptLinks(root: EventTarget): () => void {
  const onClick = (e: Event) => {
    const me = e as MouseEvent;
    if (me.defaultPrevented || me.button !== 0 || me.metaKey || me.ctrlKey || me.shiftKey) return;
    if (me.altKey) return;
    // composedPath crosses shadow roots, where nearly every link of the app lives.
    const a = me.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!a?.href || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href);
    if (url.origin !== location.origin || matchRoute(url.pathname).name === 'not-found') return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}

/**
 * Calls `onChange` after every history change (Back/Forward and `navigate`) while the host is in
 * the document: screens that keep their state in the URL read it again.
 * @example new LocationController(this, () => { if (location.pathname === '/sites') this.open = editing(); });
 */
export class LocationController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.onChange);
    window.addEventListener(NAVIGATE_EVENT, this.onChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onChange);
    window.removeEventListener(NAVIGATE_EVENT, this.onChange);
  }
}
