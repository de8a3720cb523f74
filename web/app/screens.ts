import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import type { AuthUser } from './api/auth.ts';
import './ll-api-tokens.ts';
import './ll-company.ts';
import './ll-deliveries.ts';
import './ll-empty-state.ts';
import './ll-inbox.ts';
import './ll-invite-accept.ts';
import './ll-live.ts';
import './ll-login.ts';
import './ll-optouts.ts';
import './ll-overview.ts';
import './ll-privacy.ts';
import './ll-settings.ts';
import './ll-setup.ts';
import './ll-sites.ts';
import './ll-triggers.ts';
import type { Route } from './router.ts';

/** The screen element for a route (ll-app keeps only the shell). */
export function renderScreen(route: Route, user: AuthUser | null): TemplateResult {
  switch (route.name) {
    case 'inbox':
      return html`<ll-inbox></ll-inbox>`;
    case 'company':
      return html`<ll-company .companyId=${route.id}></ll-company>`;
    case 'sites':
      return html`<ll-sites></ll-sites>`;
    case 'live':
      return html`<ll-live></ll-live>`;
    case 'overview':
      return html`<ll-overview></ll-overview>`;
    case 'settings':
      return html`<ll-settings></ll-settings>`;
    case 'optouts':
      return html`<ll-optouts></ll-optouts>`;
    case 'privacy':
      return html`<ll-privacy></ll-privacy>`;
    case 'api-tokens':
      return html`<ll-api-tokens></ll-api-tokens>`;
    case 'triggers':
      return html`<ll-triggers></ll-triggers>`;
    case 'deliveries':
      return html`<ll-deliveries></ll-deliveries>`;
    case 'login':
      return html`<ll-login .signedIn=${user !== null}></ll-login>`;
    case 'setup':
      return html`<ll-setup></ll-setup>`;
    case 'invite':
      return html`<ll-invite-accept></ll-invite-accept>`;
    default:
      return html`<ll-empty-state
        heading=${msg('Page not found', { id: 'app.notfound' })}
        text=${msg('This address does not lead anywhere in Leadlens.', { id: 'app.notfound.text' })}
        ><a class="btn primary" href="/">${msg('Go to companies', { id: 'app.notfound.home' })}</a></ll-empty-state
      >`;
  }
}

/** The document title of a route's screen. */
export function screenTitle(route: Route): string {
  switch (route.name) {
    case 'inbox':
      return msg('Companies', { id: 'nav.companies' });
    case 'company':
      return msg('Company', { id: 'title.company' });
    case 'sites':
      return msg('Sites', { id: 'nav.sites' });
    case 'live':
      return msg('Live', { id: 'nav.live' });
    case 'overview':
      return msg('Overview', { id: 'nav.overview' });
    case 'settings':
      return msg('Settings', { id: 'nav.settings' });
    case 'optouts':
      return msg('Opt-outs', { id: 'optouts.title' });
    case 'privacy':
      return msg('Privacy notice', { id: 'privacy.title' });
    case 'api-tokens':
      return msg('API tokens', { id: 'tokens.title' });
    case 'triggers':
      return msg('Triggers', { id: 'triggers.title' });
    case 'deliveries':
      return msg('Delivery log', { id: 'deliveries.title' });
    case 'login':
      return msg('Sign in', { id: 'login.title' });
    case 'setup':
      return msg('Set up', { id: 'title.setup' });
    case 'invite':
      return msg('Join', { id: 'title.invite' });
    default:
      return msg('Page not found', { id: 'app.notfound' });
  }
}
