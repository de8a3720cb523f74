import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { AuthUser } from './api/auth.ts';
import type { Site } from './api/sites.ts';
import { listFirings, listTriggers, type Trigger, updateTrigger } from './api/triggers.ts';
import { sitesContext, userContext } from './context.ts';
import { fmtAgo, fmtDateTime } from './format.ts';
import { alertTabs, tabStyles } from './ll-deliveries.ts';
import './ll-empty-state.ts';
import './ll-trigger-editor.ts';
import { inputOf } from './ll-trigger-draft.ts';
import { actionsSummary, rulesSummary } from './ll-trigger-labels.ts';
import { isAdmin } from './roles.ts';
import { LocationController } from './router.ts';
import { base } from './styles.ts';

/** Which trigger the address bar opens in the editor: `?new=1`, `?id=ID`, or none (the list). */
function editing(): number | 'new' | null {
  const p = new URLSearchParams(location.search);
  if (p.get('new')) return 'new';
  const id = Number(p.get('id'));
  return Number.isInteger(id) && id > 0 ? id : null;
}

interface Row {
  trigger: Trigger;
  lastFired: string | null;
}

/** Triggers: what fires on which visits and what it does, with an on/off switch for admins. */
@localized()
@customElement('ll-triggers')
export class LlTriggers extends LitElement {
  static override styles = [
    base,
    tabStyles,
    css`
      .list {
        display: grid;
        gap: 0.75rem;
      }
      .trigger {
        display: grid;
        gap: 0.35rem;
      }
      .trigger.off {
        opacity: 0.7;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: baseline;
        gap: 0.25rem 1rem;
      }
      .head h2 {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .head a {
        text-decoration: none;
      }
      .summary {
        font-size: 0.875rem;
        overflow-wrap: anywhere;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        font-size: 0.8125rem;
        color: var(--ll-muted);
      }
      .check {
        margin: 0;
      }
    `,
  ];

  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;
  @consume({ context: sitesContext, subscribe: true })
  @state()
  private sites?: Site[];
  @state() private open = editing();
  @state() private error = '';

  // Last fired: one small request per trigger; a trigger list is tens of rows, not thousands.
  private rows = new Task(this, {
    task: async ([open], { signal }): Promise<Row[]> => {
      if (open !== null) return [];
      const triggers = await listTriggers(signal);
      return Promise.all(
        triggers.map(async (trigger) => ({
          trigger,
          lastFired: (await listFirings(trigger.id, signal)).items[0]?.firedAt ?? null,
        })),
      );
    },
    args: () => [this.open] as const,
  });

  private get canEdit() {
    return isAdmin(this.user);
  }

  // Back/Forward and in-app navigation: read the URL's state again.
  protected readonly urlWatch = new LocationController(this, () => {
    if (location.pathname === '/triggers') this.open = editing();
  });

  private async toggle(row: Row, enabled: boolean) {
    this.error = '';
    try {
      // In place, not a reload: the list must not blink for one switch.
      row.trigger = (
        await updateTrigger(row.trigger.id, { ...inputOf(row.trigger), enabled })
      ).trigger;
    } catch {
      this.error = msg('The trigger could not be switched.', { id: 'triggers.err.toggle' });
    }
    this.requestUpdate();
  }

  private siteName(id: number | null) {
    if (id === null) return msg('All sites', { id: 'site.all' });
    return this.sites?.find((s) => s.id === id)?.name ?? `#${id}`;
  }

  private renderRow(row: Row) {
    const { trigger: t, lastFired } = row;
    const onOff = t.enabled ? msg('On', { id: 'triggers.on' }) : msg('Off', { id: 'triggers.off' });
    return html`<article class="card trigger ${t.enabled ? '' : 'off'}">
      <div class="head">
        <h2><a href="/triggers?id=${t.id}">${t.name}</a></h2>
        ${
          this.canEdit
            ? html`<label class="check"><input type="checkbox" class="toggle" .checked=${live(t.enabled)}
                @change=${(e: Event) => this.toggle(row, (e.target as HTMLInputElement).checked)} /> ${msg('Enabled', { id: 'triggers.enabled' })}</label>`
            : html`<span class="chip">${onOff}</span>`
        }
      </div>
      <div class="summary">${rulesSummary(t.rules)}</div>
      <div class="summary">→ ${actionsSummary(t.actions)}</div>
      <div class="meta">
        <span>${this.siteName(t.siteId)}</span>
        <span title=${lastFired ? fmtDateTime(lastFired) : ''}>${msg('Last fired:', { id: 'triggers.lastfired' })} ${lastFired ? fmtAgo(lastFired) : msg('Never', { id: 'users.never' })}</span>
      </div>
    </article>`;
  }

  override render() {
    if (this.open !== null) {
      return html`<ll-trigger-editor .triggerId=${this.open === 'new' ? null : this.open}></ll-trigger-editor>`;
    }
    const add = this.canEdit
      ? html`<a class="btn primary new" href="/triggers?new=1">${msg('New trigger', { id: 'triggers.new' })}</a>`
      : null;
    return html`<div class="page-head"><h1>${msg('Triggers', { id: 'triggers.title' })}</h1>${add}</div>
      ${alertTabs('triggers')}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      ${this.rows.render({
        pending: () =>
          html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('The triggers could not be loaded.', { id: 'triggers.loaderror' })}</p>`,
        complete: (rows) =>
          rows.length
            ? html`<div class="list">${rows.map((r) => this.renderRow(r))}</div>`
            : html`<div class="card"><ll-empty-state
                heading=${msg('No triggers yet', { id: 'triggers.empty' })}
                text=${msg('A trigger watches visits and acts when a company matches: an e-mail to sales, a webhook to your CRM, a tag.', { id: 'triggers.empty.text' })}
                >${add}</ll-empty-state></div>`,
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-triggers': LlTriggers;
  }
}
