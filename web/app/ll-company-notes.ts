import { localized, msg, str } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { addNote, addTag, deleteNote, type Note, removeTag } from './api/companies.ts';
import { fmtDateTime } from './format.ts';
import { base } from './styles.ts';

/** Tags and notes on a company. Fires `company-changed` after a change so the profile reloads. */
@localized()
@customElement('ll-company-notes')
export class LlCompanyNotes extends LitElement {
  static override styles = [
    base,
    css`
      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
        margin-bottom: 0.75rem;
      }
      .tag {
        display: inline-flex;
        align-items: center;
        gap: 0.15rem;
        padding: 0.1rem 0.15rem 0.1rem 0.6rem;
        border-radius: 999px;
        background: var(--ll-accent-soft);
        color: #3538cd;
        font-size: 0.8125rem;
        font-weight: 550;
      }
      .tag button {
        min-height: 1.5rem;
        width: 1.5rem;
        padding: 0;
        border: none;
        background: none;
        border-radius: 50%;
        color: inherit;
      }
      .tag button:hover {
        background: rgb(67 56 202 / 12%);
      }
      form.inline {
        display: flex;
        gap: 0.4rem;
      }
      form.inline input {
        width: 11rem;
      }
      hr {
        border: none;
        border-top: 1px solid var(--ll-border);
        margin: 1.1rem 0;
      }
      ul {
        list-style: none;
        margin: 0 0 1rem;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      li {
        background: #fffcf0;
        border: 1px solid #f5e7b5;
        border-radius: var(--ll-radius);
        padding: 0.6rem 0.8rem;
      }
      .text {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin-bottom: 0.3rem;
      }
      .meta {
        display: flex;
        justify-content: space-between;
        align-items: center;
        font-size: 0.75rem;
        color: var(--ll-muted);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        margin-top: 0.5rem;
      }
    `,
  ];

  @property({ type: Number }) companyId = 0;
  @property({ attribute: false }) tags: string[] = [];
  @property({ attribute: false }) notes: Note[] = [];
  /** For viewers: shows tags and notes without the controls that change them. */
  @property({ type: Boolean }) readonly = false;
  @state() private error = '';

  /** Runs a change, then asks the profile to reload; a failure shows one message. */
  private async change(run: () => Promise<unknown>) {
    this.error = '';
    try {
      await run();
      this.dispatchEvent(new Event('company-changed'));
      return true;
    } catch {
      this.error = msg('The change could not be saved. Try again.', { id: 'notes.error' });
      return false;
    }
  }

  private async onAddTag(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const tag = String(new FormData(form).get('tag') ?? '').trim();
    if (tag && (await this.change(() => addTag(this.companyId, tag)))) form.reset();
  }

  private async onAddNote(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const text = String(new FormData(form).get('note') ?? '').trim();
    if (text && (await this.change(() => addNote(this.companyId, text)))) form.reset();
  }

  private renderTags() {
    const ro = this.readonly;
    return html`<div class="tags">
      ${this.tags.map(
        (t) =>
          html`<span class="tag">${t}${ro ? null : html`<button type="button" aria-label=${msg(str`Remove tag ${t}`, { id: 'notes.tag.remove' })} @click=${() => this.change(() => removeTag(this.companyId, t))}>×</button>`}</span>`,
      )}
      ${
        ro
          ? null
          : html`<form class="inline" @submit=${this.onAddTag}>
              <label for="tag" class="sr-only">${msg('New tag', { id: 'notes.tag.new' })}</label>
              <input id="tag" name="tag" maxlength="50" required placeholder=${msg('Add a tag', { id: 'notes.tag.placeholder' })} />
              <button type="submit" class="small">${msg('Add', { id: 'notes.tag.add' })}</button>
            </form>`
      }
    </div>`;
  }

  private renderNote(n: Note) {
    return html`<li>
      <div class="text">${n.text}</div>
      <div class="meta">
        <span>${n.author} · ${fmtDateTime(n.createdAt)}</span>
        ${this.readonly ? null : html`<button type="button" class="link small danger" @click=${() => this.change(() => deleteNote(n.id))}>${msg('Delete', { id: 'app.delete' })}</button>`}
      </div>
    </li>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="notes-h">
      <h2 id="notes-h">${msg('Tags and notes', { id: 'notes.title' })}</h2>
      ${this.renderTags()}
      <hr />
      ${this.notes.length ? html`<ul>${this.notes.map((n) => this.renderNote(n))}</ul>` : null}
      ${
        this.readonly
          ? null
          : html`<form @submit=${this.onAddNote}>
              <label for="note" class="sr-only">${msg('New note', { id: 'notes.new' })}</label>
              <textarea id="note" name="note" rows="2" maxlength="5000" required placeholder=${msg('Write a note for your team…', { id: 'notes.placeholder' })}></textarea>
              <div class="actions"><button type="submit" class="primary small">${msg('Add note', { id: 'notes.add' })}</button></div>
            </form>`
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-company-notes': LlCompanyNotes;
  }
}
