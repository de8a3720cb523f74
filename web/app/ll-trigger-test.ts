import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from './api/http.ts';
import {
  listFirings,
  rotateTriggerSecret,
  type TestRun,
  type Trigger,
  testTrigger,
} from './api/triggers.ts';
import { fmtAgo, fmtDateTime } from './format.ts';
import { base } from './styles.ts';

type TestState = { run: TestRun } | { error: string } | null;

/**
 * The side of a saved trigger's editor: "Send test" and its result, the link to its deliveries,
 * a new webhook signing secret (fires `secret` with it: the editor shows it once), and the recent
 * firings. Viewers see the link and the firings only.
 */
@localized()
@customElement('ll-trigger-test')
export class LlTriggerTest extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 1.25rem;
        align-content: start;
      }
      ul.firings {
        list-style: none;
        margin: 0;
        padding: 0;
        font-size: 0.875rem;
      }
      ul.firings li {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        padding: 0.3rem 0;
        border-bottom: 1px solid var(--ll-border);
        overflow-wrap: anywhere;
      }
      ul.firings li:last-child {
        border-bottom: none;
      }
      .test-result {
        margin: 0.75rem 0 0;
      }
    `,
  ];

  @property({ attribute: false }) trigger!: Trigger;
  @property({ type: Boolean }) canEdit = false;
  /** The form has unsaved changes: a test would run the saved version. */
  @property({ type: Boolean }) dirty = false;
  @state() private busy = false;
  @state() private confirmRotate = false;
  @state() private test: TestState = null;

  private firings = new Task(this, {
    task: ([id], { signal }) => listFirings(id, signal),
    args: () => [this.trigger.id] as const,
  });

  private async onRotate() {
    if (!this.confirmRotate) {
      this.confirmRotate = true;
      return;
    }
    this.confirmRotate = false;
    try {
      const { secret } = await rotateTriggerSecret(this.trigger.id);
      if (secret) this.dispatchEvent(new CustomEvent('secret', { detail: secret }));
    } catch {
      this.test = { error: msg('A new secret could not be made.', { id: 'triggers.err.rotate' }) };
    }
  }

  private async onTest() {
    this.test = null;
    this.busy = true;
    try {
      this.test = { run: await testTrigger(this.trigger.id) };
    } catch (err) {
      this.test = {
        error:
          err instanceof ApiError && err.status === 404
            ? msg(
                'No recently active company matches these rules yet, so there is nobody to test with.',
                { id: 'triggers.test.nomatch' },
              )
            : msg('The test could not be run.', { id: 'triggers.test.error' }),
      };
    } finally {
      this.busy = false;
    }
  }

  private renderTest() {
    const t = this.trigger;
    const r = this.test;
    return html`<section class="card test">
      <h2>${msg('Test and deliveries', { id: 'triggers.test.title' })}</h2>
      ${
        this.canEdit
          ? html`<p class="muted small">${msg('Sends this trigger’s messages now, marked as a test, about the latest matching company. Tags and status are left alone.', { id: 'triggers.test.text' })}</p>
            <button type="button" class="send-test" ?disabled=${this.busy || this.dirty} @click=${this.onTest}>${msg('Send test', { id: 'triggers.test.send' })}</button>
            ${this.dirty ? html`<p class="hint">${msg('Save your changes first: the test runs the saved trigger.', { id: 'triggers.test.dirty' })}</p>` : null}`
          : null
      }
      ${
        r && 'run' in r
          ? html`<p class="test-result ok" role="status">${
              r.run.outboxIds.length
                ? msg(str`Test sent: ${r.run.outboxIds.length} message(s) queued.`, {
                    id: 'triggers.test.sent',
                  })
                : msg(
                    'Nothing to send: this trigger has no e-mail, webhook or Slack action, and a test changes no tags or status.',
                    { id: 'triggers.test.nothing' },
                  )
            } <a href="/companies/${r.run.companyId}">${msg('The company', { id: 'triggers.test.company' })}</a></p>`
          : null
      }
      ${r && 'error' in r ? html`<p class="test-result error" role="alert">${r.error}</p>` : null}
      <p class="test-result"><a class="deliveries" href="/triggers/deliveries?trigger=${t.id}">${msg('This trigger’s deliveries', { id: 'triggers.deliveries' })}</a></p>
      ${
        t.hasSecret && this.canEdit
          ? html`<p class="muted small">${msg('Webhooks are signed with a secret (header X-Leadlens-Signature). A new one replaces the old at once.', { id: 'triggers.secret.text' })}</p>
            <button type="button" class="rotate ${this.confirmRotate ? 'danger confirm' : ''}" @click=${this.onRotate} @blur=${() => (this.confirmRotate = false)}>${this.confirmRotate ? msg('Replace the secret now?', { id: 'triggers.rotate.confirm' }) : msg('New signing secret', { id: 'triggers.rotate' })}</button>`
          : null
      }
    </section>`;
  }

  private renderFirings() {
    return html`<section class="card">
      <h2>${msg('Recent firings', { id: 'triggers.firings' })}</h2>
      ${this.firings.render({
        pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('The firings could not be loaded.', { id: 'triggers.firings.error' })}</p>`,
        complete: (f) =>
          f?.items.length
            ? html`<ul class="firings">${f.items.slice(0, 10).map(
                (x) => html`<li><a href="/companies/${x.companyId}">${x.companyName}</a>
                  <span class="muted" title=${fmtDateTime(x.firedAt)}>${fmtAgo(x.firedAt)}</span></li>`,
              )}</ul>`
            : html`<p class="muted">${msg('It has not fired yet.', { id: 'triggers.firings.none' })}</p>`,
      })}
    </section>`;
  }

  override render() {
    return html`${this.renderTest()} ${this.renderFirings()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-trigger-test': LlTriggerTest;
  }
}
