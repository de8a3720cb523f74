import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import { type CompanyProfile, getCompany, type Status, setStatus } from './api/companies.ts';
import { ApiError } from './api/http.ts';
import { badgeStyles, classBadge } from './badges.ts';
import { userContext } from './context.ts';
import { countryName } from './format.ts';
import { STATUSES, statusLabel } from './labels.ts';
import './ll-company-data.ts';
import './ll-company-facts.ts';
import './ll-company-notes.ts';
import './ll-empty-state.ts';
import './ll-score-breakdown.ts';
import './ll-visit-timeline.ts';
import { isAdmin } from './roles.ts';
import { domainHref } from './safe-href.ts';
import { base } from './styles.ts';

/** A company's profile: who they are, how we know, their visits, and the sales workflow. */
@localized()
@customElement('ll-company')
export class LlCompany extends LitElement {
  static override styles = [
    base,
    badgeStyles,
    css`
      .back {
        display: inline-block;
        margin-bottom: 0.75rem;
        font-size: 0.875rem;
        text-decoration: none;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem 2rem;
        align-items: flex-start;
        justify-content: space-between;
        margin-bottom: 1.25rem;
      }
      .title {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 0.75rem;
      }
      h1 {
        overflow-wrap: anywhere;
      }
      .sub {
        margin-top: 0.35rem;
        color: var(--ll-muted);
        overflow-wrap: anywhere;
      }
      .status {
        display: flex;
        flex-direction: column;
        gap: 0.3rem;
      }
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(18rem, 1fr);
        gap: 1.25rem;
        align-items: start;
      }
      .main,
      .side {
        display: grid;
        gap: 1.25rem;
        min-width: 0;
      }
      @media (max-width: 960px) {
        .grid {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  /** The company's id, from the route. */
  @property({ type: Number }) companyId = 0;
  @state() private statusError = '';
  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;

  /** Viewers read; status, tags and notes are for admins and owners (the server checks too). */
  private get canEdit() {
    return isAdmin(this.user);
  }

  private profile = new Task(this, {
    task: ([id], { signal }) => getCompany(id, signal),
    args: () => [this.companyId] as const,
  });

  private async onStatus(e: Event) {
    const status = (e.target as HTMLSelectElement).value as Status;
    this.statusError = '';
    try {
      await setStatus(this.companyId, status);
      this.profile.run();
    } catch {
      this.statusError = msg('The status could not be saved.', { id: 'company.status.error' });
    }
  }

  private renderProfile(p: CompanyProfile) {
    const c = p.company;
    const site = domainHref(c.domain);
    const place = [c.city, countryName(c.country)].filter(Boolean).join(', ');
    const website = site
      ? html`<a href=${site} target="_blank" rel="noopener noreferrer">${c.domain}</a>`
      : c.domain;
    const parts = [website, place, c.industry].filter((x) => x);
    return html`<div class="head">
        <div>
          <div class="title"><h1>${c.name}</h1>${classBadge(c.class)}</div>
          <div class="sub">${parts.map((x, i) => html`${i ? ' · ' : ''}${x}`)}</div>
        </div>
        <div class="status">
          <label for="status">${msg('Status', { id: 'filter.status' })}</label>
          <select id="status" ?disabled=${!this.canEdit} @change=${this.onStatus}>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${c.status === s}>${statusLabel(s)}</option>`)}
          </select>
          ${this.statusError ? html`<span class="error small" role="alert">${this.statusError}</span>` : null}
        </div>
      </div>
      <div class="grid">
        <div class="main">
          <ll-company-notes .readonly=${!this.canEdit} .companyId=${c.id} .tags=${c.tags} .notes=${p.notes} @company-changed=${() => this.profile.run()}></ll-company-notes>
          <ll-visit-timeline .companyId=${c.id}></ll-visit-timeline>
        </div>
        <div class="side">
          <ll-score-breakdown .score=${p.score} .stats=${p.stats}></ll-score-breakdown>
          <ll-company-facts .profile=${p}></ll-company-facts>
          <ll-company-data .companyId=${c.id} .companyName=${c.name} .canDelete=${this.canEdit}></ll-company-data>
        </div>
      </div>`;
  }

  override render() {
    return html`<a class="back" href="/">← ${msg('All companies', { id: 'company.back' })}</a>
      ${this.profile.render({
        initial: () => null,
        pending: () =>
          this.profile.value
            ? this.renderProfile(this.profile.value)
            : html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`,
        complete: (p) => this.renderProfile(p),
        error: (e) =>
          e instanceof ApiError && e.status === 404
            ? html`<ll-empty-state
                heading=${msg('Company not found', { id: 'company.notfound' })}
                text=${msg('It may have been removed by an opt-out or the retention period.', { id: 'company.notfound.text' })}
                ><a class="btn primary" href="/">${msg('Go to companies', { id: 'app.notfound.home' })}</a></ll-empty-state
              >`
            : html`<p class="error" role="alert">${msg('The company could not be loaded.', { id: 'company.error' })}</p>`,
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-company': LlCompany;
  }
}
