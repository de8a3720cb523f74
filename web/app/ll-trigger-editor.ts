import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import { ApiError } from './api/http.ts';
import type { Site } from './api/sites.ts';
import {
  createTrigger,
  deleteTrigger,
  getTrigger,
  type Trigger,
  updateTrigger,
} from './api/triggers.ts';
import { sitesContext, userContext } from './context.ts';
import './ll-copy-button.ts';
import './ll-trigger-actions.ts';
import {
  type DraftErrors,
  emptyDraft,
  fromDraft,
  splitServerError,
  type TriggerDraft,
  toDraft,
} from './ll-trigger-draft.ts';
import './ll-trigger-rules.ts';
import './ll-trigger-test.ts';
import type { RulesChange } from './ll-trigger-rules.ts';
import { isAdmin } from './roles.ts';
import { navigate } from './router.ts';
import { base } from './styles.ts';

/**
 * Creates or edits a trigger in the rule builder (when → then), and for a saved one: send a test,
 * its deliveries, the webhook secret (shown once after creating or rotating), recent firings.
 * Viewers get the same screen read-only, without a button the server would refuse.
 */
@localized()
@customElement('ll-trigger-editor')
export class LlTriggerEditor extends LitElement {
  static override styles = [
    base,
    css`
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
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
      }
      .back {
        display: inline-block;
        margin-bottom: 0.75rem;
        font-size: 0.875rem;
        text-decoration: none;
      }
      .two {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
        gap: 0 1rem;
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0 0 1.1rem;
        min-width: 0;
      }
      legend {
        font-size: 0.9rem;
        font-weight: 620;
        margin-bottom: 0.5rem;
      }
      .field-error {
        color: var(--ll-danger);
        font-size: 0.8125rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        justify-content: space-between;
      }
      .secret-box {
        margin-bottom: 1.25rem;
        padding: 0.8rem 0.9rem;
        background: var(--ll-accent-soft);
        border-radius: var(--ll-radius);
      }
      .secret-box code {
        display: block;
        margin: 0.4rem 0 0.6rem;
        overflow-wrap: anywhere;
        font-family: var(--ll-mono);
        font-size: 0.8125rem;
        user-select: all;
      }
    `,
  ];

  /** The trigger to edit; null creates one. */
  @property({ type: Number }) triggerId: number | null = null;
  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;
  @consume({ context: sitesContext, subscribe: true })
  @state()
  private sites?: Site[];
  @state() private draft: TriggerDraft | null = null;
  @state() private trigger: Trigger | null = null;
  @state() private errors: DraftErrors = {};
  @state() private formError = '';
  @state() private saved = false;
  @state() private dirty = false;
  @state() private busy = false;
  /** The webhook signing secret this page received; never fetched again, gone on leaving. */
  @state() private secret: string | null = null;
  @state() private confirmDelete = false;

  private load = new Task(this, {
    task: async ([id], { signal }) => {
      this.trigger = id === null ? null : await getTrigger(id, signal);
      this.draft = this.trigger ? toDraft(this.trigger) : emptyDraft();
      return this.trigger;
    },
    args: () => [this.triggerId] as const,
  });

  private get canEdit() {
    return isAdmin(this.user);
  }

  private change(patch: Partial<TriggerDraft>) {
    if (!this.draft) return;
    this.draft = { ...this.draft, ...patch };
    this.dirty = true;
    this.saved = false;
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    if (!this.draft || !this.canEdit) return;
    const { input, errors } = fromDraft(this.draft);
    this.errors = errors;
    this.formError = '';
    if (!input) {
      this.formError = msg('Check the marked fields.', { id: 'triggers.err.check' });
      return;
    }
    this.busy = true;
    try {
      const r = this.trigger
        ? await updateTrigger(this.trigger.id, input)
        : await createTrigger(input);
      if (r.secret) this.secret = r.secret;
      this.trigger = r.trigger;
      this.dirty = false;
      this.saved = true;
      if (this.triggerId !== r.trigger.id)
        navigate(`/triggers?id=${r.trigger.id}`, { replace: true });
    } catch (err) {
      this.serverError(err);
    } finally {
      this.busy = false;
    }
  }

  /** A 400 lands on the row its path names; anything else says what failed. */
  private serverError(err: unknown) {
    if (err instanceof ApiError && err.status === 400) {
      const [path, text] = splitServerError(err.message);
      if (/^\/(name|siteId|rules|actions)(\/|$)/.test(path)) {
        this.errors = { [path]: text };
        this.formError = msg('The server refused the marked field.', { id: 'triggers.err.server' });
      } else {
        this.formError = msg(str`The server refused this trigger: ${text}`, {
          id: 'triggers.err.refused',
        });
      }
    } else {
      this.formError = msg('The trigger could not be saved.', { id: 'triggers.err.save' });
    }
  }

  private async onDelete() {
    if (!this.trigger) return;
    if (!this.confirmDelete) {
      this.confirmDelete = true;
      return;
    }
    try {
      await deleteTrigger(this.trigger.id);
      navigate('/triggers');
    } catch {
      this.formError = msg('The trigger could not be deleted.', { id: 'triggers.err.delete' });
    }
  }

  private renderForm(d: TriggerDraft) {
    const ro = !this.canEdit;
    const err = (path: string) =>
      this.errors[path]
        ? html`<span class="field-error" role="alert">${this.errors[path]}</span>`
        : null;
    return html`<form class="card" novalidate @submit=${this.save}>
      <div class="field">
        <label for="t-name">${msg('Name', { id: 'site.name' })}</label>
        <input id="t-name" maxlength="200" .value=${d.name} ?disabled=${ro} placeholder=${msg('e.g. Pricing page from Germany', { id: 'triggers.name.placeholder' })}
          @input=${(e: Event) => this.change({ name: (e.target as HTMLInputElement).value })} />
        ${err('/name')}
      </div>
      <div class="two">
        <div class="field">
          <label for="t-site">${msg('Site', { id: 'site.label' })}</label>
          <select id="t-site" ?disabled=${ro} @change=${(e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            this.change({ siteId: v ? Number(v) : null });
          }}>
            <option value="" ?selected=${d.siteId === null}>${msg('All sites', { id: 'site.all' })}</option>
            ${(this.sites ?? []).map((s) => html`<option value=${s.id} ?selected=${d.siteId === s.id}>${s.name}</option>`)}
          </select>
          ${err('/siteId')}
        </div>
        <div class="field">
          <label for="t-freq">${msg('How often', { id: 'triggers.frequency' })}</label>
          <select id="t-freq" ?disabled=${ro} @change=${(e: Event) => this.change({ frequency: (e.target as HTMLSelectElement).value as 'visit' | 'day' })}>
            <option value="visit" ?selected=${d.frequency === 'visit'}>${msg('Once per visit', { id: 'triggers.frequency.visit' })}</option>
            <option value="day" ?selected=${d.frequency === 'day'}>${msg('At most once a day per company', { id: 'triggers.frequency.day' })}</option>
          </select>
        </div>
      </div>
      <label class="check"><input type="checkbox" id="t-enabled" .checked=${d.enabled} ?disabled=${ro}
        @change=${(e: Event) => this.change({ enabled: (e.target as HTMLInputElement).checked })} /> ${msg('Enabled', { id: 'triggers.enabled' })}</label>
      <fieldset>
        <legend>${msg('When', { id: 'triggers.when' })}</legend>
        <ll-trigger-rules .match=${d.match} .rows=${d.conditions} .errors=${this.errors} ?readonly=${ro}
          @rules-change=${(e: CustomEvent<RulesChange>) => this.change({ match: e.detail.match, conditions: e.detail.rows })}></ll-trigger-rules>
      </fieldset>
      <fieldset>
        <legend>${msg('Then', { id: 'triggers.then' })}</legend>
        <ll-trigger-actions .actions=${d.actions} .errors=${this.errors} ?readonly=${ro}
          @actions-change=${(e: CustomEvent<TriggerDraft['actions']>) => this.change({ actions: e.detail })}></ll-trigger-actions>
      </fieldset>
      ${this.formError ? html`<p class="error" role="alert">${this.formError}</p>` : null}
      ${
        ro
          ? null
          : html`<div class="actions">
            <span class="row">
              <button class="primary save" ?disabled=${this.busy}>${this.trigger ? msg('Save changes', { id: 'site.save' }) : msg('Create trigger', { id: 'triggers.create' })}</button>
              ${this.saved ? html`<span class="ok small" role="status">${msg('Saved', { id: 'site.saved' })}</span>` : null}
            </span>
            ${
              this.trigger
                ? html`<button type="button" class="danger delete ${this.confirmDelete ? 'confirm' : ''}" @click=${this.onDelete} @blur=${() => (this.confirmDelete = false)}>${this.confirmDelete ? msg('Delete this trigger?', { id: 'triggers.delete.confirm' }) : msg('Delete trigger', { id: 'triggers.delete' })}</button>`
                : null
            }
          </div>`
      }
    </form>`;
  }

  override render() {
    const back = html`<a class="back" href="/triggers">← ${msg('All triggers', { id: 'triggers.all' })}</a>`;
    if (this.load.status === TaskStatus.ERROR)
      return html`${back}<p class="error" role="alert">${msg('This trigger does not exist.', { id: 'triggers.missing' })}</p>`;
    const d = this.draft;
    if (!d || (this.triggerId !== null && !this.trigger))
      return html`${back}<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`;
    const t = this.trigger;
    return html`${back}
      <div class="page-head"><h1>${t ? t.name : msg('New trigger', { id: 'triggers.new' })}</h1></div>
      ${
        this.secret
          ? html`<div class="secret-box" role="status">
              ${msg('Copy the webhook signing secret now: it is shown only this once. Your receiver checks X-Leadlens-Signature with it.', { id: 'triggers.secret' })}
              <code>${this.secret}</code>
              <ll-copy-button .text=${this.secret} label=${msg('Copy secret', { id: 'triggers.secret.copy' })}></ll-copy-button>
            </div>`
          : null
      }
      <div class="grid">
        ${this.renderForm(d)}
        ${
          t
            ? html`<ll-trigger-test class="col" .trigger=${t} ?canEdit=${this.canEdit} ?dirty=${this.dirty}
          @secret=${(e: CustomEvent<string>) => (this.secret = e.detail)}></ll-trigger-test>`
            : null
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-trigger-editor': LlTriggerEditor;
  }
}
