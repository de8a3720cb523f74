import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { listTags } from './api/companies.ts';
import { hasFilters, type InboxFilters, MORE_KEYS, NO_FILTERS } from './inbox-query.ts';
import {
  CLASSES,
  classLabel,
  SORTS,
  type SortKey,
  STATUSES,
  sortLabel,
  statusLabel,
} from './labels.ts';
import type { DateRange } from './ll-date-range.ts';
import './ll-date-range.ts';
import './ll-site-select.ts';
import { base } from './styles.ts';

/** The inbox toolbar: search, date range, site, sort, and more filters. Fires `filters-change`. */
@localized()
@customElement('ll-inbox-filters')
export class LlInboxFilters extends LitElement {
  static override styles = [
    base,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      .search {
        flex: 1 1 16rem;
        min-width: 0;
      }
      .search input {
        width: 100%;
      }
      .more {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0 0.75rem;
        margin-top: 0.75rem;
        padding: 0.9rem 1rem 0.1rem;
        background: var(--ll-surface);
        border: 1px solid var(--ll-border);
        border-radius: var(--ll-radius);
      }
      .count {
        background: var(--ll-accent);
        color: #fff;
        border-radius: 999px;
        font-size: 0.7rem;
        padding: 0 0.4rem;
      }
    `,
  ];

  @property({ attribute: false }) filters: InboxFilters = NO_FILTERS;
  @state() private open = false;
  /** Tags in use, suggested in the tag filter; fetched when the panel opens. */
  private tags = new Task(this, {
    task: async ([open], { signal }) => (open ? listTags(signal) : []),
    args: () => [this.open] as const,
  });
  private debounce = 0;

  private set(patch: Partial<InboxFilters>) {
    this.dispatchEvent(
      new CustomEvent<InboxFilters>('filters-change', { detail: { ...this.filters, ...patch } }),
    );
  }

  private onSearch(e: Event) {
    const q = (e.target as HTMLInputElement).value;
    clearTimeout(this.debounce);
    // Typing fires a query per pause, not per key.
    this.debounce = window.setTimeout(() => this.set({ q: q.trim() }), 250);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.debounce);
  }

  private text(
    key: keyof InboxFilters,
    label: string,
    placeholder = '',
    extra: { maxlength?: number; list?: string } = {},
  ) {
    const id = `f-${key}`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        .value=${this.filters[key]}
        placeholder=${placeholder}
        list=${ifDefined(extra.list)}
        maxlength=${extra.maxlength ?? 200}
        @change=${(e: Event) => this.set({ [key]: (e.target as HTMLInputElement).value.trim() })}
      />
    </div>`;
  }

  private renderMore() {
    const f = this.filters;
    return html`<div class="more" id="more-filters">
      ${this.text('country', msg('Country (ISO code)', { id: 'filter.country' }), 'DE', { maxlength: 2 })}
      <div class="field">
        <label for="f-class">${msg('Network class', { id: 'filter.class' })}</label>
        <select id="f-class" @change=${(e: Event) => this.set({ class: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${!f.class}>${msg('Any', { id: 'filter.any' })}</option>
          ${CLASSES.map((c) => html`<option value=${c} ?selected=${f.class === c}>${classLabel(c)}</option>`)}
        </select>
      </div>
      ${this.text('industry', msg('Industry', { id: 'filter.industry' }))}
      ${this.text('employees', msg('Employees', { id: 'filter.employees' }), '51-200')}
      ${this.text('tag', msg('Tag', { id: 'filter.tag' }), '', { list: 'tag-list' })}
      <datalist id="tag-list">${(this.tags.value ?? []).map((t) => html`<option value=${t.tag}></option>`)}</datalist>
      <div class="field">
        <label for="f-status">${msg('Status', { id: 'filter.status' })}</label>
        <select id="f-status" @change=${(e: Event) => this.set({ status: (e.target as HTMLSelectElement).value })}>
          <option value="" ?selected=${!f.status}>${msg('Any', { id: 'filter.any' })}</option>
          ${STATUSES.map((s) => html`<option value=${s} ?selected=${f.status === s}>${statusLabel(s)}</option>`)}
        </select>
      </div>
      ${this.text('page', msg('Visited page contains', { id: 'filter.page' }), '/pricing')}
      <div class="field">
        <label for="f-minVisits">${msg('Minimum visits', { id: 'filter.minvisits' })}</label>
        <input id="f-minVisits" type="number" min="1" max="1000000" inputmode="numeric" .value=${f.minVisits}
          @change=${(e: Event) => this.set({ minVisits: (e.target as HTMLInputElement).value })} />
      </div>
    </div>`;
  }

  override render() {
    const f = this.filters;
    const more = MORE_KEYS.filter((k) => f[k] !== '').length;
    return html`<div class="bar">
        <div class="search">
          <label for="q" class="sr-only">${msg('Search companies', { id: 'filter.search' })}</label>
          <input id="q" type="search" .value=${f.q} placeholder=${msg('Search by name or domain', { id: 'filter.search.placeholder' })} @input=${this.onSearch} />
        </div>
        <ll-date-range .from=${f.from} .to=${f.to} @range-change=${(e: CustomEvent<DateRange>) => this.set(e.detail)}></ll-date-range>
        <ll-site-select .value=${f.site ? Number(f.site) : null} @site-change=${(e: CustomEvent<number | null>) => this.set({ site: e.detail ? String(e.detail) : '' })}></ll-site-select>
        <label for="sort" class="sr-only">${msg('Sort by', { id: 'filter.sort' })}</label>
        <select id="sort" @change=${(e: Event) => this.set({ sort: (e.target as HTMLSelectElement).value as SortKey })}>
          ${SORTS.map((s) => html`<option value=${s} ?selected=${f.sort === s}>${msg(str`Sort: ${sortLabel(s)}`, { id: 'filter.sort.option' })}</option>`)}
        </select>
        <button type="button" aria-expanded=${this.open} aria-controls="more-filters" @click=${() => (this.open = !this.open)}>
          ${msg('More filters', { id: 'filter.more' })} ${more ? html`<span class="count">${more}</span>` : null}
        </button>
        ${hasFilters(f) ? html`<button type="button" class="link" @click=${() => this.set({ ...NO_FILTERS, sort: f.sort })}>${msg('Clear filters', { id: 'filter.clear' })}</button>` : null}
      </div>
      ${this.open ? this.renderMore() : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-inbox-filters': LlInboxFilters;
  }
}
