import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listVisits, type Visit } from './api/companies.ts';
import { countryName, fmtDateTime, fmtDuration, fmtNumber, fmtTime } from './format.ts';
import { base } from './styles.ts';

/** The host of a referrer URL, or the text as given (shown as text, never as a link). */
function refHost(r: string): string {
  try {
    return new URL(r).host || r;
  } catch {
    return r;
  }
}

/** A company's visits, newest first, each with its pages and time on page; older ones on demand. */
@localized()
@customElement('ll-visit-timeline')
export class LlVisitTimeline extends LitElement {
  static override styles = [
    base,
    css`
      ol.visits {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .visit {
        position: relative;
        padding: 0 0 1.25rem 1.4rem;
        border-left: 2px solid var(--ll-border);
        margin-left: 0.4rem;
      }
      .visit:last-child {
        padding-bottom: 0.25rem;
      }
      .visit::before {
        content: '';
        position: absolute;
        left: -0.45rem;
        top: 0.2rem;
        width: 0.8rem;
        height: 0.8rem;
        border-radius: 50%;
        background: var(--ll-surface);
        border: 2px solid var(--ll-accent);
      }
      .when {
        font-weight: 600;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 0.9rem;
        font-size: 0.8125rem;
        color: var(--ll-muted);
        margin: 0.2rem 0 0.5rem;
      }
      .utm {
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem;
        margin-bottom: 0.5rem;
      }
      ol.pages {
        list-style: none;
        margin: 0;
        padding: 0;
        border: 1px solid var(--ll-border);
        border-radius: var(--ll-radius);
        overflow: hidden;
      }
      .page {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        gap: 0.75rem;
        padding: 0.45rem 0.7rem;
        font-size: 0.875rem;
        border-top: 1px solid var(--ll-border);
        align-items: baseline;
      }
      .page:first-child {
        border-top: none;
      }
      .page time {
        color: var(--ll-muted);
        font-variant-numeric: tabular-nums;
        font-size: 0.8125rem;
      }
      .path {
        font-family: var(--ll-mono);
        font-size: 0.8125rem;
        overflow-wrap: anywhere;
      }
      .ptitle {
        display: block;
        color: var(--ll-muted);
        font-size: 0.8125rem;
        overflow-wrap: anywhere;
      }
      .dur {
        font-variant-numeric: tabular-nums;
        color: var(--ll-muted);
        font-size: 0.8125rem;
      }
      .more {
        margin-top: 0.75rem;
      }
    `,
  ];

  @property({ type: Number }) companyId = 0;
  @state() private older: Visit[] = [];
  @state() private cursor: string | null = null;
  @state() private loadingOlder = false;

  private first = new Task(this, {
    task: async ([id], { signal }) => {
      const page = await listVisits(id, null, signal);
      this.older = [];
      this.cursor = page.nextCursor;
      return page.items;
    },
    args: () => [this.companyId] as const,
  });

  private async loadOlder() {
    if (!this.cursor) return;
    this.loadingOlder = true;
    try {
      const page = await listVisits(this.companyId, this.cursor);
      this.older = [...this.older, ...page.items];
      this.cursor = page.nextCursor;
    } finally {
      this.loadingOlder = false;
    }
  }

  private renderVisit(v: Visit) {
    const utm = Object.entries(v.utm).filter(([, val]) => val);
    return html`<li class="visit">
      <div class="when">${fmtDateTime(v.startedAt)}</div>
      <div class="meta">
        <span>${v.siteName}</span>
        <span>${v.pageviews === 1 ? msg('1 page', { id: 'visit.pages.one' }) : msg(str`${fmtNumber(v.pageviews)} pages`, { id: 'visit.pages' })}</span>
        <span>${msg(str`${fmtDuration(v.engagedMs)} engaged`, { id: 'visit.engaged' })}</span>
        <span>${v.referrer ? msg(str`From ${refHost(v.referrer)}`, { id: 'visit.referrer' }) : msg('Direct or unknown referrer', { id: 'visit.direct' })}</span>
        ${v.country ? html`<span>${countryName(v.country)}</span>` : null}
        ${v.device ? html`<span>${v.device}</span>` : null}
      </div>
      ${utm.length ? html`<div class="utm">${utm.map(([k, val]) => html`<span class="chip">utm_${k}: ${val}</span>`)}</div>` : null}
      <ol class="pages">
        ${v.pages.map(
          (p) => html`<li class="page">
            <time datetime=${p.at}>${fmtTime(p.at)}</time>
            <span><span class="path">${p.path}</span>${p.title ? html`<span class="ptitle">${p.title}</span>` : null}</span>
            <span class="dur" title=${msg('Time on page', { id: 'visit.timeonpage' })}>${fmtDuration(p.engagedMs)}</span>
          </li>`,
        )}
      </ol>
    </li>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="visits-h">
      <h2 id="visits-h">${msg('Visits', { id: 'sort.visits' })}</h2>
      ${this.first.render({
        pending: () =>
          html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error" role="alert">${msg('The visits could not be loaded.', { id: 'visit.error' })}</p>`,
        complete: (items) =>
          items.length
            ? html`<ol class="visits">${[...items, ...this.older].map((v) => this.renderVisit(v))}</ol>
                ${this.cursor ? html`<button type="button" class="more" ?disabled=${this.loadingOlder} @click=${this.loadOlder}>${msg('Show older visits', { id: 'visit.older' })}</button>` : null}`
            : html`<p class="muted">${msg('No visits in the retention period.', { id: 'visit.none' })}</p>`,
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-visit-timeline': LlVisitTimeline;
  }
}
