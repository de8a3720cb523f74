import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import { ApiError } from './api/http.ts';
import { getPrivacySettings, type PrivacySettings, putPrivacySettings } from './api/privacy.ts';
import { userContext } from './context.ts';
import './ll-privacy-publish.ts';
import { errorField, type PrivacyField, settingsFromForm } from './privacy-form.ts';
import { isAdmin } from './roles.ts';
import { base } from './styles.ts';

/**
 * The privacy notice (admins edit, viewers read): the controller's details the public notice and
 * the Art. 30 record are generated from, then the published notice, its snippet and the record.
 */
@localized()
@customElement('ll-privacy')
export class LlPrivacy extends LitElement {
  static override styles = [
    base,
    css`
      .stack {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1.25rem;
      }
      form {
        max-width: 40rem;
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      .field .error {
        padding: 0.3rem 0.6rem;
        font-size: 0.8125rem;
      }
    `,
  ];

  @consume({ context: userContext, subscribe: true })
  @state()
  private user?: AuthUser | null;
  @state() private error = '';
  @state() private errorOn: PrivacyField | null = null;
  @state() private busy = false;
  @state() private saved = false;
  /** Bumped after each save so the preview and snippet are fetched again. */
  @state() private version = 0;

  private settings = new Task(this, {
    task: (_a, { signal }) => getPrivacySettings(signal),
    args: () => [],
  });

  private get canEdit() {
    return isAdmin(this.user);
  }

  private async onSubmit(e: SubmitEvent) {
    e.preventDefault();
    this.busy = true;
    this.error = '';
    this.errorOn = null;
    this.saved = false;
    try {
      await putPrivacySettings(settingsFromForm(new FormData(e.target as HTMLFormElement)));
      this.saved = true;
      this.version++;
      this.settings.run();
    } catch (err) {
      // The server's validation message names the field ("/contactEmail: …"); show it there.
      if (err instanceof ApiError && err.status === 400) {
        this.error = err.message;
        this.errorOn = errorField(err.message);
      } else {
        this.error = msg('The settings could not be saved.', { id: 'privacy.save.error' });
      }
    } finally {
      this.busy = false;
    }
  }

  private input(
    name: PrivacyField,
    label: string,
    value: string | undefined,
    opts: { type?: string; required?: boolean; hint?: string; multiline?: boolean } = {},
  ) {
    const id = `p-${name}`;
    const err = this.errorOn === name ? this.error : '';
    const control = opts.multiline
      ? html`<textarea id=${id} name=${name} rows="3" maxlength="500" ?required=${opts.required}
          aria-invalid=${err ? 'true' : 'false'} .value=${value ?? ''}></textarea>`
      : html`<input id=${id} name=${name} type=${opts.type ?? 'text'} ?required=${opts.required}
          aria-invalid=${err ? 'true' : 'false'} .value=${value ?? ''} />`;
    return html`<div class="field">
      <label for=${id}>${label}</label>${control}
      ${opts.hint ? html`<span class="hint">${opts.hint}</span>` : ''}
      ${err ? html`<span class="error" role="alert">${err}</span>` : ''}
    </div>`;
  }

  private renderForm(s: PrivacySettings | null) {
    const edit = this.canEdit;
    return html`<section class="card" aria-labelledby="pc-h">
      <h2 id="pc-h">${msg('Controller', { id: 'privacy.controller' })}</h2>
      <p class="muted small">${msg('The notice your visitors read and your record of processing are generated from these details and from the live site and source settings.', { id: 'privacy.intro' })}</p>
      ${edit ? '' : html`<p class="muted small">${msg('Only owners and admins change these details.', { id: 'privacy.viewer' })}</p>`}
      <form @submit=${this.onSubmit}><fieldset ?disabled=${!edit || this.busy}>
        ${this.input('controllerName', msg('Organisation name', { id: 'privacy.f.name' }), s?.controllerName, { required: true })}
        ${this.input('controllerAddress', msg('Postal address', { id: 'privacy.f.address' }), s?.controllerAddress, { required: true, multiline: true })}
        ${this.input('contactEmail', msg('Privacy contact e-mail', { id: 'privacy.f.email' }), s?.contactEmail, { type: 'email', required: true })}
        ${this.input('dpoName', msg('Data protection officer (optional)', { id: 'privacy.f.dpo' }), s?.dpoName)}
        ${this.input('dpoEmail', msg('Data protection officer e-mail (optional)', { id: 'privacy.f.dpoemail' }), s?.dpoEmail, { type: 'email' })}
        ${this.input('authorityName', msg('Supervisory authority (optional)', { id: 'privacy.f.authority' }), s?.authorityName)}
        ${this.input('authorityUrl', msg('Supervisory authority website (optional)', { id: 'privacy.f.authorityurl' }), s?.authorityUrl, { type: 'url' })}
        ${this.input('publicBaseUrl', msg('Public address of this Leadlens server', { id: 'privacy.f.base' }), s?.publicBaseUrl ?? location.origin, { type: 'url', required: true, hint: msg('Visitors reach the notice and the opt-out page here.', { id: 'privacy.f.base.hint' }) })}
        <label class="check"><input type="checkbox" name="reverseDns" ?checked=${s?.reverseDns ?? false} />
          ${msg('Reverse DNS of networks is enabled (the notice mentions it)', { id: 'privacy.f.rdns' })}</label>
        ${this.error && !this.errorOn ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        ${this.saved ? html`<p class="ok" role="status">${msg('Saved. The notice is published.', { id: 'privacy.saved' })}</p>` : ''}
        ${edit ? html`<button class="primary" type="submit">${msg('Save', { id: 'privacy.save' })}</button>` : ''}
      </fieldset></form>
    </section>`;
  }

  override render() {
    return html`<div class="page-head"><h1>${msg('Privacy notice', { id: 'privacy.title' })}</h1></div>
      ${this.settings.render({
        pending: () =>
          this.settings.value
            ? this.renderBody(this.settings.value.settings)
            : html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error" role="alert">${msg('Could not load.', { id: 'optouts.loaderror' })}</p>`,
        complete: (state) => this.renderBody(state.settings),
      })}`;
  }

  private renderBody(s: PrivacySettings | null) {
    return html`<div class="stack">
      ${this.renderForm(s)}
      ${
        s
          ? html`<ll-privacy-publish .publicBaseUrl=${s.publicBaseUrl} .version=${this.version}></ll-privacy-publish>`
          : html`<p class="muted">${msg('The public notice appears once these details are saved.', { id: 'privacy.unpublished' })}</p>`
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-privacy': LlPrivacy;
  }
}
