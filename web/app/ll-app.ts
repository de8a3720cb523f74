import { provide } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { type AuthUser, logout, me } from './api/auth.ts';
import { ApiError, UNAUTHORIZED_EVENT } from './api/http.ts';
import { listSites, type Site } from './api/sites.ts';
import { SIGNED_IN_EVENT, SITES_CHANGED_EVENT, sitesContext, userContext } from './context.ts';
import './ll-footer.ts';
import './ll-nav.ts';
import { interceptLinks, matchRoute, NAVIGATE_EVENT, navigate, PUBLIC_ROUTES } from './router.ts';
import { renderScreen, screenTitle } from './screens.ts';
import { base } from './styles.ts';

/** What a sign-in screen reports: who signed in and where to go next. */
export interface SignedIn {
  user: AuthUser;
  next?: string;
}

/**
 * The application shell: routing by `location.pathname`, the session (401 → login), the nav,
 * and the user and sites every screen reads through context.
 */
@localized()
@customElement('ll-app')
export class LlApp extends LitElement {
  static override styles = [
    base,
    css`
      main {
        max-width: 1440px;
        margin: 0 auto;
        padding: 1.5rem clamp(0.75rem, 3vw, 2rem) 3rem;
        outline: none;
      }
      .skip {
        position: absolute;
        left: -999px;
        top: 0.5rem;
        z-index: 10;
        background: var(--ll-surface);
        padding: 0.5rem 0.75rem;
        border-radius: var(--ll-radius);
      }
      .skip:focus {
        left: 0.5rem;
      }
      .center {
        display: grid;
        place-items: center;
        min-height: 60vh;
        color: var(--ll-muted);
      }
    `,
  ];

  @state() private route = matchRoute(location.pathname);

  @provide({ context: userContext })
  @state()
  user: AuthUser | null = null;

  @provide({ context: sitesContext })
  @state()
  sites: Site[] | undefined = undefined;

  /** False until /api/auth/me answered once: avoids flashing the login screen. */
  @state() private checked = false;
  @state() private sitesVersion = 0;
  private cleanups: (() => void)[] = [];
  private navigated = false;
  private path = location.pathname;

  private session = new Task(this, {
    // Public screens need no session: asking would only log a 401 in the console.
    task: async ([isPublic], { signal }) => {
      if (isPublic || this.user) return this.user;
      try {
        this.user = await me(signal);
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) throw e;
        this.user = null;
      }
      this.checked = true;
      this.guard();
      return this.user;
    },
    args: () => [PUBLIC_ROUTES.has(this.route.name)] as const,
  });

  /**
   * Loads the sites for every screen once per sign-in and after SITES_CHANGED_EVENT. Not private:
   * nothing reads the field, the controller works by being registered (a linter would drop it).
   */
  readonly sitesLoader = new Task(this, {
    task: async ([userId], { signal }) => {
      this.sites = userId ? await listSites(signal) : undefined;
      return this.sites;
    },
    args: () => [this.user?.id, this.sitesVersion] as const,
  });

  override connectedCallback() {
    super.connectedCallback();
    const onRoute = () => {
      // A new screen, not a new query on the same one (inbox filters): only then move focus.
      if (matchRoute(location.pathname).name !== this.route.name || location.pathname !== this.path)
        this.navigated = true;
      this.path = location.pathname;
      this.route = matchRoute(location.pathname);
      this.guard();
    };
    const onUnauthorized = () => {
      this.user = null;
      this.guard();
    };
    const onSignedIn = (e: Event) => {
      const { user, next } = (e as CustomEvent<SignedIn>).detail;
      this.user = user;
      this.checked = true;
      this.sitesVersion++;
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/');
    };
    const onSitesChanged = () => this.sitesVersion++;
    window.addEventListener('popstate', onRoute);
    window.addEventListener(NAVIGATE_EVENT, onRoute);
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    this.addEventListener(SIGNED_IN_EVENT, onSignedIn);
    this.addEventListener(SITES_CHANGED_EVENT, onSitesChanged);
    this.cleanups.push(
      interceptLinks(window),
      () => window.removeEventListener('popstate', onRoute),
      () => window.removeEventListener(NAVIGATE_EVENT, onRoute),
      () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized),
      () => this.removeEventListener(SIGNED_IN_EVENT, onSignedIn),
      () => this.removeEventListener(SITES_CHANGED_EVENT, onSitesChanged),
    );
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    for (const c of this.cleanups.splice(0)) c();
  }

  /** Signed out on a private screen → the login screen, remembering where the user was. */
  private guard() {
    if (!this.checked || this.user || PUBLIC_ROUTES.has(this.route.name)) return;
    const next = location.pathname + location.search;
    navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, {
      replace: true,
    });
  }

  private async signOut() {
    await logout().catch(() => {}); // an expired session is signed out already
    this.user = null;
    this.sites = undefined;
    navigate('/login');
  }

  protected override updated() {
    document.title = `${screenTitle(this.route)} · Leadlens`;
    // After a navigation, focus the new screen so keyboard and screen-reader users start there.
    if (this.navigated) {
      this.navigated = false;
      this.renderRoot.querySelector('main')?.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  }

  override render() {
    const isPublic = PUBLIC_ROUTES.has(this.route.name);
    if (!isPublic && !this.user) {
      if (this.session.status === TaskStatus.ERROR) {
        return html`<main><p class="error" role="alert">${msg('The server could not be reached. Reload the page to try again.', { id: 'app.offline' })}</p></main>`;
      }
      return html`<div class="center" role="status">${msg('Loading…', { id: 'app.loading' })}</div>`;
    }
    return html`<a class="skip" href="#main">${msg('Skip to content', { id: 'app.skip' })}</a>
      ${
        this.user && !isPublic
          ? html`<ll-nav
              .route=${this.route}
              .user=${this.user}
              @sign-out=${this.signOut}
            ></ll-nav>`
          : nothing
      }
      <main id="main" tabindex="-1">${renderScreen(this.route, this.user)}</main>
      ${this.user && !isPublic ? html`<ll-footer></ll-footer>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-app': LlApp;
  }
}
