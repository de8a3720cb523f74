import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import { ApiError } from './api/http.ts';
import {
  createSite,
  deleteSite,
  getSite,
  type Site,
  type SiteInput,
  updateSite,
} from './api/sites.ts';
import { emit, SITES_CHANGED_EVENT, userContext } from './context.ts';
import './ll-key-pages.ts';
import './ll-site-install.ts';
import { isAdmin } from './roles.ts';
import { navigate } from './router.ts';
import { base } from './styles.ts';

/** Creates or edits a site: name, domains, privacy signals, retention; install and key pages. */
@localized()
@customElement('ll-site-editor')
export class LlSiteEditor extends LitElement {
  static override styles = [
    base,
    css`
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
        gap: 1.25rem;
        align-items: start;
      }
      .col {
        display: grid;
        gap: 1.25rem;
        min-width: 0;
      }
      @media (max-width: 960px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
        /* One column: settings, then install, then key pages. */
        .col {
          display: contents;
        }
        ll-key-pages {
          order: 3;
        }
      }
      .back {
        display: inline-block;
        margin-bottom: 0.75rem;
        font-size: 0.875rem;
        text-decoration: none;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        justify-content: space-between;
        margin-top: 0.5rem;
      }
      input[type='number'] {
        width: 8rem;
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0 0 0.9rem;
      }
      legend {
        font-size: 0.8125rem;
        font-weight: 560;
        color: var(--ll-muted);
        margin-bottom: 0.4rem;
      }
    `,
  ];

  /** The site to edit; null creates one. */
  @property({ type: Number }) siteId: number | null = null;
  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;
  @state() private site: Site | null = null;
  @state() private error = '';
  @state() private saved = false;
  @state() private busy = false;
  @state() private confirmDelete = false;

  // Loaded here rather than taken from the sites list: right after "Create", the list may not
  // have caught up yet.
  private load = new Task(this, {
    task: async ([id], { signal }) => {
      this.site = id === null ? null : await getSite(id, signal);
      return this.site;
    },
    args: () => [this.siteId] as const,
  });

  private get canEdit() {
    return isAdmin(this.user);
  }

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const body: SiteInput = {
      name: String(f.get('name')).trim(),
      // One per line or comma-separated: people paste both.
      domains: String(f.get('domains'))
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean),
      honorGpc: f.get('gpc') === 'on',
      honorDnt: f.get('dnt') === 'on',
      retentionDays: Number(f.get('retention')),
    };
    this.busy = true;
    this.error = '';
    this.saved = false;
    try {
      const site = this.site ? await updateSite(this.site.id, body) : await createSite(body);
      emit(this, SITES_CHANGED_EVENT);
      if (this.site) {
        this.site = site;
        this.saved = true;
      } else navigate(`/sites?site=${site.id}`, { replace: true });
    } catch (err) {
      this.error =
        err instanceof ApiError && err.status === 400
          ? msg('Check the name and the domains (host names like example.com, without https://).', {
              id: 'site.invalid',
            })
          : msg('The site could not be saved.', { id: 'site.error' });
    } finally {
      this.busy = false;
    }
  }

  private async onDelete() {
    if (!this.site) return;
    if (!this.confirmDelete) {
      this.confirmDelete = true;
      return;
    }
    try {
      await deleteSite(this.site.id);
      emit(this, SITES_CHANGED_EVENT);
      navigate('/sites');
    } catch {
      this.error = msg('The site could not be deleted.', { id: 'site.delete.error' });
    }
  }

  private renderForm() {
    const s = this.site;
    return html`<form class="card" @submit=${this.submit} @input=${() => (this.saved = false)}>
      <h2>${msg('Site settings', { id: 'site.settings' })}</h2>
      <div class="field">
        <label for="name">${msg('Name', { id: 'site.name' })}</label>
        <input id="name" name="name" required maxlength="200" .value=${s?.name ?? ''} placeholder="Example Inc." />
      </div>
      <div class="field">
        <label for="domains">${msg('Domains', { id: 'site.domains' })}</label>
        <textarea id="domains" name="domains" rows="3" required aria-describedby="domains-hint" .value=${s?.domains.join('\n') ?? ''} placeholder="example.com"></textarea>
        <span class="hint" id="domains-hint">${msg('One per line. Sub-domains are included: example.com covers www.example.com and shop.example.com.', { id: 'site.domains.hint' })}</span>
      </div>
      <fieldset>
        <legend>${msg('Privacy signals', { id: 'site.privacy' })}</legend>
        <label class="check"><input type="checkbox" name="gpc" ?checked=${s?.honorGpc ?? true} /> ${msg('Honour Global Privacy Control (GPC): visitors who send it are not recorded', { id: 'site.gpc' })}</label>
        <label class="check"><input type="checkbox" name="dnt" ?checked=${s?.honorDnt ?? false} /> ${msg('Honour Do Not Track (DNT)', { id: 'site.dnt' })}</label>
      </fieldset>
      <div class="field">
        <label for="retention">${msg('Keep visits for (days)', { id: 'site.retention' })}</label>
        <input id="retention" name="retention" type="number" min="1" max="3650" required .value=${String(s?.retentionDays ?? 395)} />
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      <div class="actions">
        <span class="row">
          <button class="primary" ?disabled=${this.busy || !this.canEdit}>${s ? msg('Save changes', { id: 'site.save' }) : msg('Create site', { id: 'site.create' })}</button>
          ${this.saved ? html`<span class="ok small" role="status">${msg('Saved', { id: 'site.saved' })}</span>` : null}
        </span>
        ${s && this.canEdit ? html`<button type="button" class="danger ${this.confirmDelete ? 'confirm' : ''}" @click=${this.onDelete} @blur=${() => (this.confirmDelete = false)}>${this.confirmDelete ? msg('Delete site and its visits?', { id: 'site.delete.confirm' }) : msg('Delete site', { id: 'site.delete' })}</button>` : null}
      </div>
    </form>`;
  }

  override render() {
    const back = html`<a class="back" href="/sites">← ${msg('All sites', { id: 'site.all' })}</a>`;
    if (this.load.status === TaskStatus.ERROR)
      return html`${back}<p class="error" role="alert">${msg('This site does not exist.', { id: 'site.missing' })}</p>`;
    if (this.siteId !== null && !this.site)
      return html`${back}<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`;
    const s = this.site;
    return html`${back}
      <div class="page-head"><h1>${s ? s.name : msg('Add a site', { id: 'inbox.nosites.action' })}</h1></div>
      <div class="grid">
        <div class="col">${this.renderForm()} ${s ? html`<ll-key-pages .siteId=${s.id}></ll-key-pages>` : null}</div>
        <div class="col">
          ${
            s
              ? html`<ll-site-install .site=${s}></ll-site-install>`
              : html`<div class="card"><h2>${msg('Next: install', { id: 'site.next' })}</h2><p class="muted">${msg('Once the site is created, its snippet appears here. Paste it into the <head> of every page.', { id: 'site.next.text' })}</p></div>`
          }
        </div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-site-editor': LlSiteEditor;
  }
}
