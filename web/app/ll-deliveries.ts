import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import {
  type DeliveryLogItem,
  type DeliveryState,
  listDeliveries,
  retryDelivery,
} from './api/deliveries.ts';
import { userContext } from './context.ts';
import { fmtAgo, fmtDateTime } from './format.ts';
import { isAdmin } from './roles.ts';
import { LocationController, navigate } from './router.ts';
import { base } from './styles.ts';

const PAGE = 50;
const STATES: readonly DeliveryState[] = ['pending', 'sent', 'failed'];

/** The tabs shared by the triggers list and the delivery log. */
export const tabStyles = css`
  .tabs {
    display: flex;
    gap: 0.25rem;
    margin: -0.5rem 0 1rem;
    border-bottom: 1px solid var(--ll-border);
  }
  .tabs a {
    padding: 0.45rem 0.75rem;
    font-size: 0.9rem;
    font-weight: 550;
    color: var(--ll-muted);
    text-decoration: none;
    border-bottom: 2px solid transparent;
    margin-bottom: -1px;
    white-space: nowrap;
  }
  .tabs a[aria-current='page'] {
    color: var(--ll-accent);
    border-bottom-color: var(--ll-accent);
  }
`;

/** Links between the triggers and their delivery log. */
export function alertTabs(current: 'triggers' | 'deliveries') {
  const tab = (href: string, name: typeof current, label: string) =>
    html`<a href=${href} aria-current=${current === name ? 'page' : 'false'}>${label}</a>`;
  return html`<nav class="tabs" aria-label=${msg('Alerts', { id: 'triggers.tabs' })}>
    ${tab('/triggers', 'triggers', msg('Triggers', { id: 'triggers.title' }))}
    ${tab('/triggers/deliveries', 'deliveries', msg('Delivery log', { id: 'deliveries.title' }))}
  </nav>`;
}

/** The filter in the address bar: `?state=failed&trigger=3`. */
function readFilter(): { state: DeliveryState | undefined; trigger: number | undefined } {
  const p = new URLSearchParams(location.search);
  const s = p.get('state') as DeliveryState | null;
  const t = Number(p.get('trigger'));
  return {
    state: s && STATES.includes(s) ? s : undefined,
    trigger: Number.isInteger(t) && t > 0 ? t : undefined,
  };
}

function stateLabel(s: DeliveryState): string {
  if (s === 'sent') return msg('Sent', { id: 'deliveries.state.sent' });
  if (s === 'failed') return msg('Failed', { id: 'deliveries.state.failed' });
  return msg('Pending', { id: 'deliveries.state.pending' });
}

function kindLabel(k: DeliveryLogItem['kind']): string {
  if (k === 'email') return msg('E-mail', { id: 'deliveries.kind.email' });
  if (k === 'slack') return 'Slack';
  return msg('Webhook', { id: 'deliveries.kind.webhook' });
}

/**
 * The delivery log: every e-mail, webhook and Slack message triggers and digests sent or tried,
 * newest first, with the last error; admins retry failed ones. Older pages load on demand.
 */
@localized()
@customElement('ll-deliveries')
export class LlDeliveries extends LitElement {
  static override styles = [
    base,
    tabStyles,
    css`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin-bottom: 1rem;
      }
      td,
      th {
        white-space: nowrap;
      }
      td.err {
        white-space: normal;
        min-width: 14rem;
        max-width: 28rem;
        overflow-wrap: anywhere;
      }
      td.target {
        max-width: 16rem;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .state {
        font-weight: 600;
      }
      .state.sent {
        color: var(--ll-success);
      }
      .state.failed {
        color: var(--ll-danger);
      }
      .state.pending {
        color: var(--ll-warn);
      }
      .more {
        margin-top: 1rem;
      }
    `,
  ];

  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;
  @state() private filter = readFilter();
  @state() private items: DeliveryLogItem[] = [];
  @state() private cursor: string | null = null;
  @state() private error = '';
  @state() private busy = false;

  private first = new Task(this, {
    task: async ([state, trigger], { signal }) => {
      const page = await listDeliveries({ state, trigger, limit: PAGE }, signal);
      this.items = page.items;
      this.cursor = page.nextCursor;
      return page;
    },
    args: () => [this.filter.state, this.filter.trigger] as const,
  });

  // Back/Forward and in-app navigation: read the URL's state again.
  protected readonly urlWatch = new LocationController(this, () => {
    if (location.pathname === '/triggers/deliveries') this.filter = readFilter();
  });

  private setFilter(state: DeliveryState | undefined, trigger: number | undefined) {
    const p = new URLSearchParams();
    if (state) p.set('state', state);
    if (trigger) p.set('trigger', String(trigger));
    const q = p.toString();
    navigate(`/triggers/deliveries${q ? `?${q}` : ''}`, { replace: true });
  }

  private async more() {
    if (!this.cursor) return;
    this.busy = true;
    this.error = '';
    try {
      const page = await listDeliveries({ ...this.filter, cursor: this.cursor, limit: PAGE });
      this.items = [...this.items, ...page.items];
      this.cursor = page.nextCursor;
    } catch {
      this.error = msg('The deliveries could not be loaded.', { id: 'deliveries.loaderror' });
    } finally {
      this.busy = false;
    }
  }

  private async retry(d: DeliveryLogItem) {
    this.error = '';
    try {
      await retryDelivery(d.id);
      this.items = this.items.map((x) =>
        x.id === d.id ? { ...x, state: 'pending', nextAttemptAt: Date.now() } : x,
      );
    } catch {
      this.error = msg('The delivery could not be retried.', { id: 'deliveries.retry.error' });
    }
  }

  private row(d: DeliveryLogItem, admin: boolean) {
    return html`<tr>
      <td title=${fmtDateTime(d.createdAt)}>${fmtAgo(d.createdAt)}</td>
      <td>${d.triggerId && d.triggerName ? html`<a href="/triggers?id=${d.triggerId}">${d.triggerName}</a>` : html`<span class="muted">${msg('Digest or deleted trigger', { id: 'deliveries.notrigger' })}</span>`}</td>
      <td>${kindLabel(d.kind)}</td>
      <td class="target" title=${d.target}>${d.target}</td>
      <td><span class="state ${d.state}">${stateLabel(d.state)}</span></td>
      <td class="num">${d.attempts}</td>
      <td>${d.state === 'pending' && d.nextAttemptAt ? html`<span title=${fmtDateTime(d.nextAttemptAt)}>${fmtDateTime(d.nextAttemptAt)}</span>` : ''}</td>
      <td class="err">${d.lastError ?? ''}</td>
      <td class="num">${admin && d.state === 'failed' ? html`<button type="button" class="small retry" @click=${() => this.retry(d)}>${msg('Retry', { id: 'deliveries.retry' })}</button>` : null}</td>
    </tr>`;
  }

  override render() {
    const admin = isAdmin(this.user);
    const f = this.filter;
    const triggerName =
      this.items.find((d) => d.triggerId === f.trigger)?.triggerName ?? `#${f.trigger}`;
    return html`<div class="page-head"><h1>${msg('Delivery log', { id: 'deliveries.title' })}</h1></div>
      ${alertTabs('deliveries')}
      <div class="filters">
        <label for="d-state">${msg('State', { id: 'deliveries.state' })}</label>
        <select id="d-state" @change=${(e: Event) => this.setFilter(((e.target as HTMLSelectElement).value || undefined) as DeliveryState | undefined, f.trigger)}>
          <option value="" ?selected=${!f.state}>${msg('All', { id: 'deliveries.state.all' })}</option>
          ${STATES.map((s) => html`<option value=${s} ?selected=${f.state === s}>${stateLabel(s)}</option>`)}
        </select>
        ${
          f.trigger
            ? html`<span class="chip">${msg(str`Trigger: ${triggerName}`, { id: 'deliveries.trigger' })}</span>
              <button type="button" class="small link" @click=${() => this.setFilter(f.state, undefined)}>${msg('All triggers', { id: 'triggers.all' })}</button>`
            : null
        }
        <button type="button" class="small refresh" @click=${() => this.first.run()}>${msg('Refresh', { id: 'deliveries.refresh' })}</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      ${this.first.render({
        pending: () =>
          html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('The deliveries could not be loaded.', { id: 'deliveries.loaderror' })}</p>`,
        complete: () =>
          this.items.length
            ? html`<div class="card"><div class="table-wrap"><table>
                <thead><tr>
                  <th scope="col">${msg('When', { id: 'deliveries.col.when' })}</th>
                  <th scope="col">${msg('Trigger', { id: 'deliveries.col.trigger' })}</th>
                  <th scope="col">${msg('Kind', { id: 'deliveries.col.kind' })}</th>
                  <th scope="col">${msg('Target', { id: 'deliveries.col.target' })}</th>
                  <th scope="col">${msg('State', { id: 'deliveries.state' })}</th>
                  <th scope="col" class="num">${msg('Attempts', { id: 'deliveries.col.attempts' })}</th>
                  <th scope="col">${msg('Next attempt', { id: 'deliveries.col.next' })}</th>
                  <th scope="col">${msg('Last error', { id: 'deliveries.col.error' })}</th>
                  <th scope="col"><span class="sr-only">${msg('Actions', { id: 'users.actions' })}</span></th>
                </tr></thead>
                <tbody>${this.items.map((d) => this.row(d, admin))}</tbody>
              </table></div>
              ${this.cursor ? html`<button type="button" class="more" ?disabled=${this.busy} @click=${this.more}>${msg('Load more', { id: 'deliveries.more' })}</button>` : null}
              </div>`
            : html`<p class="muted card">${msg('Nothing delivered yet.', { id: 'deliveries.none' })}</p>`,
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-deliveries': LlDeliveries;
  }
}
