import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import { userContext } from './context.ts';
import './ll-digest-settings.ts';
import './ll-smtp-settings.ts';
import { isAdmin } from './roles.ts';
import './ll-sources.ts';
import './ll-users.ts';
import { base } from './styles.ts';

/** Settings: users and invites (admins), a link to opt-outs (admins) and the privacy notice, e-mail (SMTP, admins), the user's own digest, the loaded data sources, and the data's credits. */
@localized()
@customElement('ll-settings')
export class LlSettings extends LitElement {
  static override styles = [
    base,
    css`
      .stack {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1.25rem;
      }
    `,
  ];

  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;

  override render() {
    const admin = isAdmin(this.user);
    return html`<div class="page-head"><h1>${msg('Settings', { id: 'nav.settings' })}</h1></div>
      <div class="stack">
        ${
          admin
            ? html`<ll-users .me=${this.user!}></ll-users>`
            : html`<section class="card"><h2>${msg('Users', { id: 'users.title' })}</h2><p class="muted">${msg('Only owners and admins manage users.', { id: 'users.viewer' })}</p></section>`
        }
        ${
          admin
            ? html`<section class="card"><h2>${msg('Opt-outs', { id: 'optouts.title' })}</h2>
              <p class="muted">${msg('Organisations that asked not to be shown, and requests to review.', { id: 'optouts.settings' })}</p>
              <a class="btn" href="/settings/optouts">${msg('Manage opt-outs', { id: 'optouts.manage' })}</a></section>`
            : ''
        }
        ${
          admin
            ? html`<section class="card"><h2>${msg('API tokens', { id: 'tokens.title' })}</h2>
              <p class="muted">${msg('Let a CRM or a script read leads through the API, with a token you can revoke.', { id: 'tokens.settings' })}</p>
              <a class="btn" href="/settings/api-tokens">${msg('Manage API tokens', { id: 'tokens.manage' })}</a></section>`
            : ''
        }
        <section class="card"><h2>${msg('Privacy notice', { id: 'privacy.title' })}</h2>
          <p class="muted">${msg('The notice for your visitors and your record of processing, generated from your details.', { id: 'privacy.settings' })}</p>
          <a class="btn" href="/settings/privacy">${
            admin
              ? msg('Edit the privacy notice', { id: 'privacy.manage' })
              : msg('View the privacy notice', { id: 'privacy.view' })
          }</a></section>
        ${admin ? html`<ll-smtp-settings></ll-smtp-settings>` : ''}
        <ll-digest-settings></ll-digest-settings>
        <ll-sources></ll-sources>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-settings': LlSettings;
  }
}
