import { localized, msg, str } from '@lit/localize';
import { Task, TaskStatus } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { getSite, getSnippet, type Site } from './api/sites.ts';
import { fmtAgo, fmtDateTime } from './format.ts';
import './ll-copy-button.ts';
import { base } from './styles.ts';

/** A site's snippet (with a copy button) and whether it is installed: the last beacon seen. */
@localized()
@customElement('ll-site-install')
export class LlSiteInstall extends LitElement {
  static override styles = [
    base,
    css`
      pre {
        margin: 0 0 0.6rem;
        padding: 0.8rem 0.9rem;
        background: #0f172a;
        color: #e2e8f0;
        border-radius: var(--ll-radius);
        font-family: var(--ll-mono);
        font-size: 0.8125rem;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .status {
        display: flex;
        gap: 0.6rem;
        align-items: flex-start;
        padding: 0.75rem 0.9rem;
        border-radius: var(--ll-radius);
        background: #fffaeb;
        border: 1px solid #fedf89;
        font-size: 0.9rem;
        margin-bottom: 0.6rem;
      }
      .status.on {
        background: var(--ll-success-soft);
        border-color: #abefc6;
      }
      section + section {
        margin-top: 1.4rem;
      }
    `,
  ];

  @property({ attribute: false }) site!: Site;

  private snippet = new Task(this, {
    // The snippet points at the address the admin uses to reach this server.
    task: ([id], { signal }) => getSnippet(id, location.origin, signal),
    args: () => [this.site.id] as const,
  });

  private live = new Task(this, {
    task: ([id], { signal }) => getSite(id, signal),
    args: () => [this.site.id] as const,
  });

  private renderStatus() {
    const s = this.live.value ?? this.site;
    const on = s.lastBeaconAt !== null;
    return html`<div class="status ${on ? 'on' : ''}" role="status">
        <span>
          ${
            on
              ? html`<strong>${msg('Installed.', { id: 'install.yes' })}</strong>
                  ${msg(str`Last beacon ${fmtAgo(s.lastBeaconAt!)} (${fmtDateTime(s.lastBeaconAt!)})`, { id: 'install.last' })}${s.lastBeaconPath ? html`, ${msg('page', { id: 'install.page' })} <span class="mono">${s.lastBeaconPath}</span>` : null}.`
              : html`<strong>${msg('Not seen yet.', { id: 'install.no' })}</strong>
                  ${msg('No beacon has arrived from this site. Open one of its pages after installing the snippet, then check again.', { id: 'install.no.text' })}`
          }
        </span>
      </div>
      <button type="button" class="small" ?disabled=${this.live.status === TaskStatus.PENDING} @click=${() => this.live.run()}>${msg('Check again', { id: 'install.check' })}</button>`;
  }

  override render() {
    return html`<div class="card">
      <section>
        <h2>${msg('Install the snippet', { id: 'install.title' })}</h2>
        <p class="muted small">${msg('Paste it into the <head> of every page of this site. It sends no cookies and stores nothing in the browser.', { id: 'install.text' })}</p>
        ${this.snippet.render({
          pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
          error: () =>
            html`<p class="error">${msg('The snippet could not be loaded.', { id: 'install.error' })}</p>`,
          complete: (
            s,
          ) => html`<pre aria-label=${msg('Snippet', { id: 'install.snippet' })}><code>${s.html}</code></pre>
            <ll-copy-button .text=${s.html} label=${msg('Copy snippet', { id: 'install.copy' })}></ll-copy-button>`,
        })}
      </section>
      <section>
        <h2>${msg('Installed?', { id: 'install.check.title' })}</h2>
        ${this.renderStatus()}
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-site-install': LlSiteInstall;
  }
}
