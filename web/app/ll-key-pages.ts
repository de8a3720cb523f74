import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getKeyPages, setKeyPages } from './api/sites.ts';
import { base } from './styles.ts';

/** The pages that mark buying intent on a site (pricing, demo…): they raise the lead score. */
@localized()
@customElement('ll-key-pages')
export class LlKeyPages extends LitElement {
  static override styles = [base];

  @property({ type: Number }) siteId = 0;
  @state() private saved = false;
  @state() private error = '';

  private current = new Task(this, {
    task: ([id], { signal }) => getKeyPages(id, signal),
    args: () => [this.siteId] as const,
  });

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const raw = String(new FormData(e.target as HTMLFormElement).get('patterns') ?? '');
    const patterns = raw
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    this.error = '';
    try {
      await setKeyPages(this.siteId, patterns);
      this.saved = true;
    } catch {
      this.error = msg('Check the patterns: up to 50, each starting with /.', {
        id: 'keypages.error',
      });
    }
  }

  override render() {
    return html`<form class="card" @submit=${this.submit} @input=${() => (this.saved = false)}>
      <h2>${msg('Key pages', { id: 'score.keypages' })}</h2>
      <p class="muted small">${msg('Visits to these pages raise the lead score. One path per line; * matches anything, e.g. /pricing, /demo*, /product/*.', { id: 'keypages.text' })}</p>
      ${this.current.render({
        pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('The key pages could not be loaded.', { id: 'keypages.loaderror' })}</p>`,
        complete: (k) => html`<div class="field">
            <label for="patterns" class="sr-only">${msg('Key pages', { id: 'score.keypages' })}</label>
            <textarea id="patterns" name="patterns" rows="4" placeholder="/pricing&#10;/demo*" .value=${k.patterns.join('\n')}></textarea>
          </div>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
          <div class="row">
            <button class="primary small">${msg('Save key pages', { id: 'keypages.save' })}</button>
            ${this.saved ? html`<span class="ok small" role="status">${msg('Saved', { id: 'site.saved' })}</span>` : null}
          </div>`,
      })}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-key-pages': LlKeyPages;
  }
}
