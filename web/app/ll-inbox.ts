import { consume } from '@lit/context';
import '@lit-labs/virtualizer';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import type { RangeChangedEvent } from '@lit-labs/virtualizer/events.js';
import { html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { type CompanyRow, listCompanies, markAllSeen } from './api/companies.ts';
import type { Site } from './api/sites.ts';
import { badgeStyles, classBadge, scoreBar } from './badges.ts';
import { sitesContext } from './context.ts';
import { countryName, fmtAgo, fmtDateTime, fmtNumber } from './format.ts';
import {
  hasFilters,
  type InboxFilters,
  NO_FILTERS,
  readFilters,
  toInboxQuery,
  writeFilters,
} from './inbox-query.ts';
import { type SortKey, sortLabel, statusLabel } from './labels.ts';
import './ll-empty-state.ts';
import './ll-export-menu.ts';
import './ll-inbox-filters.ts';
import { inboxStyles } from './ll-inbox.styles.ts';
import { LocationController, navigate } from './router.ts';
import { base } from './styles.ts';

const PAGE = 100;
/** Rows from the end of the loaded list at which the next page is fetched. */
const PREFETCH = 30;

/**
 * The home screen: companies that visited, a server-side page at a time (keyset cursor), in a
 * virtualised list that fetches the next page while the user scrolls — so 200 k companies cost
 * only the rows on screen.
 */
@localized()
@customElement('ll-inbox')
export class LlInbox extends LitElement {
  static override styles = [base, badgeStyles, inboxStyles];

  @consume({ context: sitesContext, subscribe: true })
  @state()
  private sites?: Site[];
  @state() private filters: InboxFilters = readFilters(location.search);
  @state() private items: CompanyRow[] = [];
  @state() private total = 0;
  @state() private capped = false;
  @state() private loadingMore = false;
  @state() private moreError = false;
  /** Bumped to refetch the first page with the same filters (after "mark all seen"). */
  @state() private reload = 0;
  private next: string | null = null;
  /** The query the loaded rows belong to: a late page of an older query is dropped. */
  private key = '';

  private firstPage = new Task(this, {
    task: async ([key], { signal }) => {
      const page = await listCompanies(toInboxQuery(this.filters, null, PAGE), signal);
      this.key = key;
      this.items = page.items;
      this.total = page.total;
      this.capped = page.totalCapped;
      this.next = page.nextCursor;
      this.moreError = false;
      return page;
    },
    args: () => [`${writeFilters(this.filters)}#${this.reload}`] as const,
  });

  // Back/Forward and in-app navigation: read the URL's state again.
  protected readonly urlWatch = new LocationController(this, () => {
    if (location.pathname === '/') this.filters = readFilters(location.search);
  });

  private setFilters(f: InboxFilters) {
    // replace: refining filters should not fill the Back button's history.
    navigate(`/${writeFilters(f)}`, { replace: true });
  }

  private async loadMore() {
    if (!this.next || this.loadingMore) return;
    const key = this.key;
    this.loadingMore = true;
    try {
      const page = await listCompanies(toInboxQuery(this.filters, this.next, PAGE));
      if (key !== this.key) return;
      this.items = [...this.items, ...page.items];
      this.next = page.nextCursor;
      this.moreError = false;
    } catch {
      this.moreError = true;
    } finally {
      this.loadingMore = false;
    }
  }

  private onRange(e: RangeChangedEvent) {
    if (e.last >= this.items.length - PREFETCH) void this.loadMore();
  }

  private async markSeen() {
    await markAllSeen();
    this.reload++;
  }

  private sortHeader(key: SortKey, cls: string) {
    const active = this.filters.sort === key;
    return html`<div class="c ${cls}" role="columnheader" aria-sort=${active ? 'descending' : 'none'}>
      <button type="button" class="link sort ${active ? 'on' : ''}" @click=${() => this.setFilters({ ...this.filters, sort: key })}>
        ${sortLabel(key)}${active ? html`<span aria-hidden="true"> ↓</span>` : null}
      </button>
    </div>`;
  }

  private renderRow = (c: CompanyRow, i: number) => {
    const place = [c.city, countryName(c.country)].filter(Boolean).join(', ');
    return html`<div class="r" role="row" aria-rowindex=${i + 2}>
      <div class="c name" role="cell">
        <a href="/companies/${c.id}">${c.name}</a>
        ${c.isNew ? html`<span class="new">${msg('New', { id: 'inbox.new' })}</span>` : null}
        <div class="sub">${[c.domain, place, c.industry].filter(Boolean).join(' · ')}</div>
      </div>
      <div class="c cls" role="cell">${classBadge(c.class)}</div>
      <div class="c score" role="cell">${scoreBar(c.score)}</div>
      <div class="c visits num" role="cell">${fmtNumber(c.visits)}<span class="m"> ${msg('visits', { id: 'inbox.visits.unit' })}</span></div>
      <div class="c pv num" role="cell">${fmtNumber(c.pageviews)}<span class="m"> ${msg('pages', { id: 'inbox.pages.unit' })}</span></div>
      <div class="c last" role="cell"><time datetime=${c.lastVisitAt} title=${fmtDateTime(c.lastVisitAt)}>${fmtAgo(c.lastVisitAt)}</time></div>
      <div class="c tags ${c.status === 'new' && !c.tags.length ? 'none' : ''}" role="cell">
        ${c.status !== 'new' ? html`<span class="chip status ${c.status}">${statusLabel(c.status)}</span>` : null}
        ${c.tags.map((t) => html`<span class="chip">${t}</span>`)}
      </div>
    </div>`;
  };

  private renderEmpty() {
    if (this.sites && this.sites.length === 0) {
      return html`<ll-empty-state
        heading=${msg('Add your website first', { id: 'inbox.nosites' })}
        text=${msg('Create a site, put its snippet on your pages, and the companies that visit will appear here.', { id: 'inbox.nosites.text' })}
        ><a class="btn primary" href="/sites?new=1">${msg('Add a site', { id: 'inbox.nosites.action' })}</a></ll-empty-state
      >`;
    }
    if (hasFilters(this.filters)) {
      return html`<ll-empty-state
        heading=${msg('No companies match these filters', { id: 'inbox.nomatch' })}
        text=${msg('Widen the date range or remove a filter.', { id: 'inbox.nomatch.text' })}
        ><button type="button" @click=${() => this.setFilters({ ...NO_FILTERS, sort: this.filters.sort })}>${msg('Clear filters', { id: 'filter.clear' })}</button></ll-empty-state
      >`;
    }
    return html`<ll-empty-state
      heading=${msg('No companies yet — install the snippet on your site', { id: 'inbox.empty' })}
      text=${msg('Companies appear here as soon as someone from a company network visits a page with the snippet. Visits from home and mobile networks are counted in the overview, not listed.', { id: 'inbox.empty.text' })}
      ><a class="btn primary" href="/sites">${msg('Go to Sites', { id: 'inbox.empty.action' })}</a></ll-empty-state
    >`;
  }

  private renderList() {
    const hasNew = this.items.some((c) => c.isNew);
    const n = `${fmtNumber(this.total)}${this.capped ? '+' : ''}`;
    const count =
      this.total === 1
        ? msg('1 company', { id: 'inbox.count.one' })
        : msg(str`${n} companies`, { id: 'inbox.count' });
    return html`<div class="summary">
        <span role="status">${count}</span>
        ${hasNew ? html`<button type="button" class="small" @click=${this.markSeen}>${msg('Mark all as seen', { id: 'inbox.markseen' })}</button>` : null}
      </div>
      <div class="table card" role="table" aria-label=${msg('Companies', { id: 'nav.companies' })} aria-rowcount=${this.total + 1}>
        <div class="r head" role="row" aria-rowindex="1">
          <div class="c name" role="columnheader">${msg('Company', { id: 'title.company' })}</div>
          <div class="c cls" role="columnheader">${msg('Network', { id: 'inbox.col.class' })}</div>
          ${this.sortHeader('score', 'score')} ${this.sortHeader('visits', 'visits num')}
          ${this.sortHeader('pageviews', 'pv num')} ${this.sortHeader('last', 'last')}
          <div class="c tags" role="columnheader">${msg('Status and tags', { id: 'inbox.col.tags' })}</div>
        </div>
        <lit-virtualizer role="rowgroup" .items=${this.items} .keyFunction=${(c: CompanyRow) => c.id} .renderItem=${this.renderRow} @rangeChanged=${this.onRange}></lit-virtualizer>
      </div>
      <p class="foot muted small" aria-live="polite">
        ${this.loadingMore ? msg('Loading more…', { id: 'inbox.loadingmore' }) : null}
        ${this.moreError ? html`${msg('Loading more failed.', { id: 'inbox.moreerror' })} <button type="button" class="link" @click=${this.loadMore}>${msg('Try again', { id: 'app.retry' })}</button>` : null}
        ${!this.next && !this.loadingMore && this.items.length > PAGE ? msg('End of the list.', { id: 'inbox.end' }) : null}
      </p>`;
  }

  override render() {
    const pending = this.firstPage.status === TaskStatus.PENDING;
    return html`<div class="page-head"><h1>${msg('Companies', { id: 'nav.companies' })}</h1>
        <ll-export-menu .filters=${this.filters}></ll-export-menu></div>
      <ll-inbox-filters .filters=${this.filters} @filters-change=${(e: CustomEvent<InboxFilters>) => this.setFilters(e.detail)}></ll-inbox-filters>
      <div class="results ${pending ? 'busy' : ''}" aria-busy=${pending}>
        ${
          this.firstPage.status === TaskStatus.ERROR
            ? html`<p class="error" role="alert">${msg('The companies could not be loaded.', { id: 'inbox.error' })} <button type="button" class="link" @click=${() => this.firstPage.run()}>${msg('Try again', { id: 'app.retry' })}</button></p>`
            : this.firstPage.status === TaskStatus.COMPLETE || this.items.length
              ? this.items.length
                ? this.renderList()
                : this.renderEmpty()
              : html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-inbox': LlInbox;
  }
}
