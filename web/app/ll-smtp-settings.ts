import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError } from './api/http.ts';
import {
  getSmtp,
  type SmtpSettingsInput,
  type SmtpSettingsView,
  type SmtpTestResult,
  type SmtpTls,
  saveSmtp,
  testSmtp,
} from './api/smtp.ts';
import { base } from './styles.ts';

// Mirrors of src/alerts/delivery/model.ts (the browser bundle must not import Elysia's `t`).
const HOST = /^[A-Za-z0-9.:_[\]-]{1,253}$/;
const FROM = /^([^<>\r\n]{0,100}<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;
const DEFAULT_PORT: Record<SmtpTls, number> = { none: 25, starttls: 587, tls: 465 };

/**
 * The e-mail (SMTP) settings card for admins: server, security, sign-in, sender; "Send test
 * e-mail". The password is write-only: the server says only whether one is set, an empty field
 * keeps it, "Remove password" deletes it.
 */
@localized()
@customElement('ll-smtp-settings')
export class LlSmtpSettings extends LitElement {
  static override styles = [
    base,
    css`
      .two {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 13rem), 1fr));
        gap: 0 1rem;
      }
      .field-error {
        color: var(--ll-danger);
        font-size: 0.8125rem;
      }
      .result {
        margin: 0.75rem 0 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @state() private view: SmtpSettingsView | null = null;
  @state() private tls: SmtpTls = 'starttls';
  @state() private removePassword = false;
  @state() private errors: Record<string, string> = {};
  @state() private error = '';
  @state() private saved = false;
  @state() private dirty = false;
  @state() private busy = false;
  @state() private result: SmtpTestResult | null = null;

  private load = new Task(this, {
    task: async (_a, { signal }) => {
      this.view = await getSmtp(signal);
      this.tls = this.view.tls ?? 'starttls';
      return this.view;
    },
    args: () => [],
  });

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const port = Number(get('port'));
    const password = String(f.get('password') ?? '');
    const errors: Record<string, string> = {};
    if (!HOST.test(get('host')))
      errors.host = msg('A host name like smtp.example.com.', { id: 'smtp.err.host' });
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      errors.port = msg('A port from 1 to 65535.', { id: 'smtp.err.port' });
    if (get('from').length < 3 || get('from').length > 320 || !FROM.test(get('from')))
      errors.from = msg('An address like alerts@example.com or Leadlens <alerts@example.com>.', {
        id: 'smtp.err.from',
      });
    if (password.length > 500)
      errors.password = msg('At most 500 characters.', { id: 'smtp.err.password' });
    this.errors = errors;
    this.error = '';
    this.saved = false;
    if (Object.keys(errors).length) return;
    const body: SmtpSettingsInput = {
      host: get('host'),
      port,
      tls: this.tls,
      user: get('user') || null,
      from: get('from'),
    };
    // Absent keeps the stored password, null removes it, text replaces it.
    if (password) body.password = password;
    else if (this.removePassword) body.password = null;
    this.busy = true;
    try {
      this.view = await saveSmtp(body);
      (form.elements.namedItem('password') as HTMLInputElement).value = '';
      this.removePassword = false;
      this.saved = true;
      this.dirty = false;
      this.result = null;
    } catch (err) {
      this.error =
        err instanceof ApiError && err.status === 400
          ? msg(str`The settings were refused: ${err.message}`, { id: 'smtp.err.refused' })
          : msg('The settings could not be saved.', { id: 'smtp.err.save' });
    } finally {
      this.busy = false;
    }
  }

  private async sendTest() {
    this.busy = true;
    this.result = null;
    this.error = '';
    try {
      this.result = await testSmtp();
    } catch {
      this.error = msg('The test could not be run.', { id: 'triggers.test.error' });
    } finally {
      this.busy = false;
    }
  }

  private onTls(e: Event) {
    const next = (e.target as HTMLSelectElement).value as SmtpTls;
    const port = this.renderRoot.querySelector<HTMLInputElement>('#smtp-port');
    // The usual port follows the security choice, unless someone typed another one.
    if (port && (port.value === '' || Number(port.value) === DEFAULT_PORT[this.tls]))
      port.value = String(DEFAULT_PORT[next]);
    this.tls = next;
  }

  private renderForm(v: SmtpSettingsView) {
    const err = (k: string) =>
      this.errors[k] ? html`<span class="field-error" role="alert">${this.errors[k]}</span>` : null;
    const passwordHint = this.removePassword
      ? msg('The password will be removed when you save.', { id: 'smtp.password.removing' })
      : v.passwordSet
        ? msg('A password is set. Leave the field empty to keep it.', { id: 'smtp.password.set' })
        : '';
    return html`<form novalidate @submit=${this.save} @input=${() => {
      this.saved = false;
      this.dirty = true;
    }}>
      <div class="two">
        <div class="field">
          <label for="smtp-host">${msg('Server', { id: 'smtp.host' })}</label>
          <input id="smtp-host" name="host" required maxlength="253" autocomplete="off" .value=${v.host ?? ''} placeholder="smtp.example.com" />
          ${err('host')}
        </div>
        <div class="field">
          <label for="smtp-tls">${msg('Security', { id: 'smtp.tls' })}</label>
          <select id="smtp-tls" name="tls" @change=${this.onTls}>
            <option value="starttls" ?selected=${this.tls === 'starttls'}>${msg('STARTTLS (usually port 587)', { id: 'smtp.tls.starttls' })}</option>
            <option value="tls" ?selected=${this.tls === 'tls'}>${msg('TLS (usually port 465)', { id: 'smtp.tls.tls' })}</option>
            <option value="none" ?selected=${this.tls === 'none'}>${msg('None (local relay only)', { id: 'smtp.tls.none' })}</option>
          </select>
        </div>
        <div class="field">
          <label for="smtp-port">${msg('Port', { id: 'smtp.port' })}</label>
          <input id="smtp-port" name="port" type="number" inputmode="numeric" min="1" max="65535" required .value=${String(v.port ?? DEFAULT_PORT[this.tls])} />
          ${err('port')}
        </div>
        <div class="field">
          <label for="smtp-from">${msg('Sender', { id: 'smtp.from' })}</label>
          <input id="smtp-from" name="from" required maxlength="320" .value=${v.from ?? ''} placeholder="Leadlens <alerts@example.com>" />
          ${err('from')}
        </div>
        <div class="field">
          <label for="smtp-user">${msg('User name', { id: 'smtp.user' })}</label>
          <input id="smtp-user" name="user" maxlength="320" autocomplete="off" .value=${v.user ?? ''} />
        </div>
        <div class="field">
          <label for="smtp-password">${msg('Password', { id: 'smtp.password' })}</label>
          <input id="smtp-password" name="password" type="password" autocomplete="new-password" maxlength="500"
            placeholder=${v.passwordSet && !this.removePassword ? msg('unchanged', { id: 'smtp.password.unchanged' }) : ''} />
          ${passwordHint ? html`<span class="hint">${passwordHint}</span>` : null}
          ${err('password')}
          ${
            v.passwordSet
              ? html`<span><button type="button" class="small link remove-password" @click=${() => {
                  this.removePassword = !this.removePassword;
                  this.dirty = true;
                  this.saved = false;
                }}>${this.removePassword ? msg('Keep the password', { id: 'smtp.password.keep' }) : msg('Remove password', { id: 'smtp.password.remove' })}</button></span>`
              : null
          }
        </div>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      <div class="row">
        <button class="primary save" ?disabled=${this.busy}>${msg('Save', { id: 'smtp.save' })}</button>
        <button type="button" class="send-test" ?disabled=${this.busy || !v.configured || this.dirty} @click=${this.sendTest}>${msg('Send test e-mail', { id: 'smtp.test' })}</button>
        ${this.saved ? html`<span class="ok small" role="status">${msg('Saved', { id: 'site.saved' })}</span>` : null}
      </div>
      ${
        this.result
          ? this.result.ok
            ? html`<p class="result ok" role="status">${msg(str`Test e-mail sent to ${this.result.to}.`, { id: 'smtp.test.ok' })}</p>`
            : html`<p class="result error" role="alert">${msg(str`Not sent: ${this.result.error ?? ''}`, { id: 'smtp.test.failed' })}</p>`
          : null
      }
    </form>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="smtp-h">
      <h2 id="smtp-h">${msg('E-mail (SMTP)', { id: 'smtp.title' })}</h2>
      <p class="muted">${msg('The mail server Leadlens sends alert e-mails and digests through.', { id: 'smtp.intro' })}</p>
      ${this.load.render({
        pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('The e-mail settings could not be loaded.', { id: 'smtp.loaderror' })}</p>`,
        complete: () => (this.view ? this.renderForm(this.view) : null),
      })}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-smtp-settings': LlSmtpSettings;
  }
}
