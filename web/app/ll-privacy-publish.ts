import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  getNoticeSnippet,
  getNoticeText,
  NOTICE_LANGS,
  type NoticeLang,
  recordHref,
} from './api/privacy.ts';
import './ll-copy-button.ts';
import { noticeUrl } from './privacy-form.ts';
import { base } from './styles.ts';

const LANG_NAMES: Record<NoticeLang, string> = {
  en: 'English',
  fr: 'Français',
  nl: 'Nederlands',
  de: 'Deutsch',
};

/**
 * The published privacy notice: its public address per language (to copy), a preview and the
 * embeddable snippet (both shown as text: the server's HTML is never rendered here), and the
 * Art. 30 record to download.
 */
@localized()
@customElement('ll-privacy-publish')
export class LlPrivacyPublish extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 1.25rem;
      }
      pre {
        margin: 0 0 0.6rem;
        padding: 0.8rem 0.9rem;
        background: var(--ll-subtle);
        border-radius: var(--ll-radius);
        font-family: var(--ll-mono);
        font-size: 0.8125rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        max-height: 28rem;
        overflow-y: auto;
      }
      pre.code {
        background: #0f172a;
        color: #e2e8f0;
        max-height: 16rem;
      }
      ul.urls {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ul.urls li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        padding: 0.3rem 0;
        overflow-wrap: anywhere;
      }
      ul.urls .lang {
        min-width: 6rem;
        font-weight: 550;
      }
      .field {
        max-width: 14rem;
      }
    `,
  ];

  /** The configured public base URL the notice addresses are built on. */
  @property() publicBaseUrl = '';
  /** Changes after each save: the preview and the snippet are fetched again. */
  @property({ type: Number }) version = 0;
  @state() private noticeLang: NoticeLang = 'en';

  private preview = new Task(this, {
    task: ([lang], { signal }) => getNoticeText(lang, signal),
    args: () => [this.noticeLang, this.version] as const,
  });

  private snippet = new Task(this, {
    task: ([lang], { signal }) => getNoticeSnippet(lang, signal),
    args: () => [this.noticeLang, this.version] as const,
  });

  private renderUrls() {
    return html`<ul class="urls">${NOTICE_LANGS.map((l) => {
      const url = noticeUrl(this.publicBaseUrl, l);
      return html`<li><span class="lang">${LANG_NAMES[l]}</span>
        ${url ? html`<a href=${url} target="_blank" rel="noopener noreferrer">${url}</a><ll-copy-button .text=${url}></ll-copy-button>` : '—'}</li>`;
    })}</ul>`;
  }

  private loadError = () =>
    html`<p class="error">${msg('Could not load.', { id: 'optouts.loaderror' })}</p>`;
  private loading = () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`;

  override render() {
    return html`<section class="card" aria-labelledby="pn-h">
        <h2 id="pn-h">${msg('Public notice', { id: 'privacy.public' })}</h2>
        <p class="muted small">${msg('Link to it from your own privacy page, or paste the snippet below there.', { id: 'privacy.public.text' })}</p>
        ${this.renderUrls()}
      </section>
      <section class="card" aria-labelledby="pp-h">
        <h2 id="pp-h">${msg('Preview', { id: 'privacy.preview' })}</h2>
        <div class="field">
          <label for="pp-lang">${msg('Language', { id: 'privacy.lang' })}</label>
          <select id="pp-lang" .value=${this.noticeLang} @change=${(e: Event) => {
            this.noticeLang = (e.target as HTMLSelectElement).value as NoticeLang;
          }}>${NOTICE_LANGS.map((l) => html`<option value=${l} ?selected=${l === this.noticeLang}>${LANG_NAMES[l]}</option>`)}</select>
        </div>
        ${this.preview.render({
          pending: () =>
            this.preview.value
              ? html`<pre class="notice">${this.preview.value}</pre>`
              : this.loading(),
          error: this.loadError,
          complete: (text) => html`<pre class="notice">${text}</pre>`,
        })}
      </section>
      <section class="card" aria-labelledby="ps-h">
        <h2 id="ps-h">${msg('Snippet for your website', { id: 'privacy.snippet' })}</h2>
        <p class="muted small">${msg('HTML to paste into your own privacy page, in the language chosen above.', { id: 'privacy.snippet.text' })}</p>
        ${this.snippet.render({
          pending: this.loading,
          error: this.loadError,
          complete: (code) =>
            html`<pre class="code snippet">${code}</pre><ll-copy-button .text=${code}></ll-copy-button>`,
        })}
      </section>
      <section class="card" aria-labelledby="pr-h">
        <h2 id="pr-h">${msg('Record of processing (GDPR Art. 30)', { id: 'privacy.record' })}</h2>
        <p class="muted small">${msg('The entry for your record of processing activities, generated from the same settings.', { id: 'privacy.record.text' })}</p>
        <p class="row">
          <a class="btn record-md" href=${recordHref('md')} download="leadlens-processing-record.md">${msg('Download (Markdown)', { id: 'privacy.record.md' })}</a>
          <a class="btn record-json" href=${recordHref('json')} download="leadlens-processing-record.json">${msg('Download (JSON)', { id: 'privacy.record.json' })}</a>
        </p>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-privacy-publish': LlPrivacyPublish;
  }
}
