import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import { type DigestSettings, getDigest, saveDigest } from './api/digest.ts';
import type { Site } from './api/sites.ts';
import { sitesContext, userContext } from './context.ts';
import { base } from './styles.ts';

type Frequency = DigestSettings['frequency'];

/**
 * The signed-in user's own digest e-mail: off, daily or weekly, for one site or all. Every role
 * has it (it is about their inbox, not the instance).
 */
@localized()
@customElement('ll-digest-settings')
export class LlDigestSettings extends LitElement {
  static override styles = [
    base,
    css`
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
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1.25rem;
      }
      .field select {
        max-width: 20rem;
      }
    `,
  ];

  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;
  @consume({ context: sitesContext, subscribe: true })
  @state()
  private sites?: Site[];
  @state() private value: DigestSettings | null = null;
  @state() private saved = false;
  @state() private busy = false;
  @state() private error = '';

  private load = new Task(this, {
    task: async (_a, { signal }) => {
      this.value = await getDigest(signal);
      return this.value;
    },
    args: () => [],
  });

  private set(patch: Partial<DigestSettings>) {
    if (this.value) this.value = { ...this.value, ...patch };
    this.saved = false;
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    if (!this.value) return;
    this.busy = true;
    this.error = '';
    try {
      this.value = await saveDigest(this.value);
      this.saved = true;
    } catch {
      this.error = msg('Your digest choice could not be saved.', { id: 'digest.error' });
    } finally {
      this.busy = false;
    }
  }

  private label(f: Frequency) {
    if (f === 'daily') return msg('Daily', { id: 'digest.daily' });
    if (f === 'weekly') return msg('Weekly, on Mondays', { id: 'digest.weekly' });
    return msg('Off', { id: 'triggers.off' });
  }

  private renderForm(v: DigestSettings) {
    return html`<form @submit=${this.save}>
      <fieldset>
        <legend>${msg('Send me a digest', { id: 'digest.frequency' })}</legend>
        <div class="choices">
          ${(['off', 'daily', 'weekly'] as const).map(
            (
              f,
            ) => html`<label class="check"><input type="radio" name="frequency" value=${f} .checked=${v.frequency === f}
              @change=${() => this.set({ frequency: f })} /> ${this.label(f)}</label>`,
          )}
        </div>
      </fieldset>
      <div class="field">
        <label for="digest-site">${msg('Site', { id: 'site.label' })}</label>
        <select id="digest-site" ?disabled=${v.frequency === 'off'} @change=${(e: Event) => {
          const s = (e.target as HTMLSelectElement).value;
          this.set({ siteId: s ? Number(s) : null });
        }}>
          <option value="" ?selected=${v.siteId === null}>${msg('All sites', { id: 'site.all' })}</option>
          ${(this.sites ?? []).map((s) => html`<option value=${s.id} ?selected=${v.siteId === s.id}>${s.name}</option>`)}
        </select>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      <div class="row">
        <button class="primary" ?disabled=${this.busy}>${msg('Save', { id: 'smtp.save' })}</button>
        ${this.saved ? html`<span class="ok small" role="status">${msg('Saved', { id: 'site.saved' })}</span>` : null}
      </div>
    </form>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="digest-h">
      <h2 id="digest-h">${msg('E-mail digest', { id: 'digest.title' })}</h2>
      <p class="muted">${
        this.user
          ? msg(
              str`New companies and hot returning ones, in one e-mail to ${this.user.email} around 07:00 UTC. Nothing is sent when there is nothing new.`,
              { id: 'digest.intro' },
            )
          : ''
      }</p>
      ${this.load.render({
        pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('Your digest choice could not be loaded.', { id: 'digest.loaderror' })}</p>`,
        complete: () => (this.value ? this.renderForm(this.value) : null),
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-digest-settings': LlDigestSettings;
  }
}
