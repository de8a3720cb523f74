import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import type { Site } from './api/sites.ts';
import { sitesContext, userContext } from './context.ts';
import { fmtAgo, fmtDateTime } from './format.ts';
import './ll-empty-state.ts';
import './ll-site-editor.ts';
import { isAdmin } from './roles.ts';
import { LocationController } from './router.ts';
import { base } from './styles.ts';

/** Which site the address bar opens in the editor: `?new=1`, `?site=ID`, or none (the list). */
function editing(): number | 'new' | null {
  const p = new URLSearchParams(location.search);
  if (p.get('new')) return 'new';
  const id = Number(p.get('site'));
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** The sites: each one's install state at a glance; opens the editor with its snippet. */
@localized()
@customElement('ll-sites')
export class LlSites extends LitElement {
  static override styles = [
    base,
    css`
      .list {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 22rem), 1fr));
        gap: 1rem;
      }
      .site {
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
      }
      .site h2 {
        margin: 0;
      }
      .domains {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
      }
      .state {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        font-size: 0.875rem;
      }
      .dot {
        flex: none;
        width: 0.55rem;
        height: 0.55rem;
        border-radius: 50%;
        background: #f79009;
      }
      .dot.on {
        background: #17b26a;
      }
      .site .btn {
        align-self: flex-start;
        margin-top: 0.4rem;
      }
    `,
  ];

  @consume({ context: sitesContext, subscribe: true })
  @state()
  private sites?: Site[];
  @state() private open = editing();
  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;

  private get canEdit() {
    return isAdmin(this.user);
  }

  // Back/Forward and in-app navigation: read the URL's state again.
  protected readonly urlWatch = new LocationController(this, () => {
    if (location.pathname === '/sites') this.open = editing();
  });

  private renderSite(s: Site) {
    const seen = s.lastBeaconAt !== null;
    return html`<article class="card site">
      <h2>${s.name}</h2>
      <div class="domains">${s.domains.map((d) => html`<span class="chip">${d}</span>`)}</div>
      <div class="state">
        <span class="dot ${seen ? 'on' : ''}" aria-hidden="true"></span>
        ${
          seen
            ? html`<span title=${fmtDateTime(s.lastBeaconAt!)}>${msg(str`Receiving data — last beacon ${fmtAgo(s.lastBeaconAt!)}`, { id: 'sites.seen' })}${s.lastBeaconPath ? html` <span class="mono">${s.lastBeaconPath}</span>` : null}</span>`
            : html`<span>${msg('Waiting for the first beacon: add the snippet to your pages.', { id: 'sites.waiting' })}</span>`
        }
      </div>
      <a class="btn" href="/sites?site=${s.id}">${msg('Settings and snippet', { id: 'sites.open' })}</a>
    </article>`;
  }

  override render() {
    if (this.open !== null) {
      return html`<ll-site-editor .siteId=${this.open === 'new' ? null : this.open}></ll-site-editor>`;
    }
    return html`<div class="page-head">
        <h1>${msg('Sites', { id: 'nav.sites' })}</h1>
        ${this.canEdit ? html`<a class="btn primary" href="/sites?new=1">${msg('Add a site', { id: 'inbox.nosites.action' })}</a>` : null}
      </div>
      ${
        !this.sites
          ? html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`
          : this.sites.length
            ? html`<div class="list">${this.sites.map((s) => this.renderSite(s))}</div>`
            : html`<div class="card"><ll-empty-state
                heading=${msg('No sites yet', { id: 'sites.empty' })}
                text=${msg('Add your website to get its tracking snippet. Leadlens then shows which companies visit it.', { id: 'sites.empty.text' })}
                ><a class="btn primary" href="/sites?new=1">${msg('Add a site', { id: 'inbox.nosites.action' })}</a></ll-empty-state
              ></div>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-sites': LlSites;
  }
}
