import { createContext } from '@lit/context';
import type { AuthUser } from './api/auth.ts';
import type { Site } from './api/sites.ts';

/** The signed-in user (null before sign-in), provided by ll-app. */
export const userContext = createContext<AuthUser | null>(Symbol('ll-user'));

/**
 * Every site, provided by ll-app (undefined while loading). Screens that change sites dispatch
 * SITES_CHANGED_EVENT so the app reloads the list once for everyone.
 */
export const sitesContext = createContext<Site[] | undefined>(Symbol('ll-sites'));

/** Bubbles up (composed) from a screen that created, changed or deleted a site. */
export const SITES_CHANGED_EVENT = 'll-sites-changed';

/** Bubbles up (composed) from login, setup and invite screens with the signed-in AuthUser. */
export const SIGNED_IN_EVENT = 'll-signed-in';

/** Dispatches a bubbling, composed event from `el` (events flow up to ll-app). */
export function emit<T>(el: EventTarget, type: string, detail?: T): void {
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}
