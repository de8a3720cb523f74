import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { me } from './api/auth.ts';
import type { Site } from './api/sites.ts';
import { type LiveEvent, liveUrl } from './api/stats.ts';
import { badgeStyles, classBadge } from './badges.ts';
import { sitesContext } from './context.ts';
import { countryName, fmtAgo, fmtDateTime } from './format.ts';
import './ll-empty-state.ts';
import './ll-site-select.ts';
import { base } from './styles.ts';

/** A company is "on the site now" for this long after its last page (as the server's feed). */
const PRESENT_MS = 5 * 60_000;

/** Events as the stream sends them: 'snapshot' carries a list, 'visit' one event. */
function eventsOf(data: unknown): LiveEvent[] {
  if (Array.isArray(data)) return data as LiveEvent[];
  const o = data as { items?: unknown; companies?: unknown; events?: unknown } | null;
  const list = o?.items ?? o?.companies ?? o?.events;
  return Array.isArray(list) ? (list as LiveEvent[]) : [];
}

/** Companies on a site right now, from server-sent events: updates without a reload. */
@localized()
@customElement('ll-live')
export class LlLive extends LitElement {
  static override styles = [
    base,
    badgeStyles,
    css`
      .conn {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        font-size: 0.8125rem;
        color: var(--ll-muted);
      }
      .conn i {
        width: 0.55rem;
        height: 0.55rem;
        border-radius: 50%;
        background: #98a2b3;
      }
      .conn.open i {
        background: #17b26a;
        box-shadow: 0 0 0 3px rgb(23 178 106 / 20%);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.25rem 1rem;
        padding: 0.8rem 1.1rem;
        border-bottom: 1px solid var(--ll-border);
        align-items: center;
      }
      li:last-child {
        border-bottom: none;
      }
      li.fresh {
        animation: flash 2.5s ease-out;
      }
      @keyframes flash {
        from {
          background: var(--ll-accent-soft);
        }
        to {
          background: transparent;
        }
      }
      .name {
        font-weight: 600;
        color: var(--ll-text);
        text-decoration: none;
      }
      .name:hover {
        color: var(--ll-accent);
      }
      @media (max-width: 600px) {
        li {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .meta {
        font-size: 0.8125rem;
        color: var(--ll-muted);
        overflow-wrap: anywhere;
      }
      .card.list {
        padding: 0;
      }
      .count {
        margin-bottom: 0.5rem;
        font-size: 0.875rem;
        color: var(--ll-muted);
      }
    `,
  ];

  @consume({ context: sitesContext, subscribe: true })
  @state()
  private sites?: Site[];
  @state() private site: number | null = null;
  @state() private byCompany = new Map<number, LiveEvent>();
  @state() private conn: 'connecting' | 'open' | 'closed' = 'connecting';
  @state() private announce = '';
  @state() private now = Date.now();
  private fresh = new Set<number>();
  private source: EventSource | null = null;
  private timers: number[] = [];

  override connectedCallback() {
    super.connectedCallback();
    this.connect();
    // Ticks "2 minutes ago" and lets departed companies drop off.
    this.timers.push(window.setInterval(() => (this.now = Date.now()), 15_000));
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.source?.close();
    this.source = null;
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  private connect() {
    this.source?.close();
    this.conn = 'connecting';
    this.byCompany = new Map();
    const es = new EventSource(liveUrl(this.site ?? undefined));
    this.source = es;
    es.addEventListener('open', () => (this.conn = 'open'));
    es.addEventListener('snapshot', (e) => {
      const map = new Map<number, LiveEvent>();
      for (const ev of eventsOf(JSON.parse((e as MessageEvent).data))) map.set(ev.companyId, ev);
      this.byCompany = map;
      this.conn = 'open';
    });
    es.addEventListener('visit', (e) => {
      const ev = JSON.parse((e as MessageEvent).data) as LiveEvent;
      const map = new Map(this.byCompany);
      map.set(ev.companyId, ev);
      this.byCompany = map;
      this.fresh.add(ev.companyId);
      this.now = Date.now();
      this.announce = msg(str`${ev.name} is viewing ${ev.path}`, { id: 'live.announce' });
    });
    es.addEventListener('error', () => {
      if (es.readyState !== EventSource.CLOSED) return; // the browser reconnects by itself
      this.conn = 'closed';
      // A closed stream is often an expired session: me() shows the login screen on 401.
      me()
        .then(() =>
          this.timers.push(window.setTimeout(() => this.source === es && this.connect(), 5000)),
        )
        .catch(() => {});
    });
  }

  private onSite(e: CustomEvent<number | null>) {
    this.site = e.detail;
    this.connect();
  }

  /** The site's name when there are several (with one, it says nothing). */
  private siteName(id: number): string {
    if (!this.sites || this.sites.length < 2) return '';
    return this.sites.find((s) => s.id === id)?.name ?? '';
  }

  private renderItem(ev: LiveEvent) {
    const fresh = this.fresh.delete(ev.companyId);
    return html`<li class=${fresh ? 'fresh' : ''}>
      <div>
        <a class="name" href="/companies/${ev.companyId}">${ev.name}</a>
        <div class="meta">
          ${[this.siteName(ev.siteId), countryName(ev.country)].filter(Boolean).map((x) => html`${x} · `)}<span class="mono">${ev.path}</span>
        </div>
      </div>
      <div class="row">
        ${classBadge(ev.class)}
        <time class="meta" datetime=${ev.at} title=${fmtDateTime(ev.at)}>${fmtAgo(ev.at, this.now)}</time>
      </div>
    </li>`;
  }

  override render() {
    const present = [...this.byCompany.values()]
      .filter((ev) => this.now - Date.parse(ev.at) < PRESENT_MS)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    const connText =
      this.conn === 'open'
        ? msg('Live', { id: 'nav.live' })
        : this.conn === 'connecting'
          ? msg('Connecting…', { id: 'live.connecting' })
          : msg('Disconnected — retrying', { id: 'live.closed' });
    return html`<div class="page-head">
        <h1>${msg('On your site now', { id: 'live.title' })}</h1>
        <div class="row">
          <span class="conn ${this.conn}"><i aria-hidden="true"></i>${connText}</span>
          <ll-site-select .value=${this.site} @site-change=${this.onSite}></ll-site-select>
        </div>
      </div>
      <p class="sr-only" aria-live="polite">${this.announce}</p>
      ${
        present.length
          ? html`<p class="count">${present.length === 1 ? msg('1 company in the last 5 minutes', { id: 'live.count.one' }) : msg(str`${present.length} companies in the last 5 minutes`, { id: 'live.count' })}</p>
              <div class="card list"><ul>${repeat(
                present,
                (ev) => ev.companyId,
                (ev) => this.renderItem(ev),
              )}</ul></div>`
          : html`<div class="card"><ll-empty-state
              heading=${msg('No companies on the site right now', { id: 'live.empty' })}
              text=${msg('This page updates by itself: when someone from a company network opens a page, they appear here within a second.', { id: 'live.empty.text' })}
            ></ll-empty-state></div>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-live': LlLive;
  }
}
