import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import {
  type AttributionLine,
  getAttribution,
  listSources,
  type SourceInfo,
} from './api/sources.ts';
import { fmtDateTime, fmtNumber } from './format.ts';
import { safeHref } from './safe-href.ts';
import { base } from './styles.ts';

/** Credits of the bundled dataset, always listed (so not repeated among the loaded ones). */
const BUNDLED = new Set(['IP Geolocation by DB-IP', 'RouteViews', 'NRO']);

/** The data behind identification (what is loaded, when, under which licence) and its credits. */
@localized()
@customElement('ll-sources')
export class LlSources extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: grid;
        gap: 1.25rem;
      }
      section {
        min-width: 0;
      }
      /* One line per source: on a phone the table scrolls sideways instead of growing tall. */
      td,
      th {
        white-space: nowrap;
      }
      ul {
        margin: 0;
        padding-left: 1.1rem;
      }
      li {
        margin-bottom: 0.35rem;
      }
      code {
        font-family: var(--ll-mono);
        font-size: 0.85em;
        background: var(--ll-subtle);
        padding: 0.1rem 0.3rem;
        border-radius: 4px;
      }
    `,
  ];

  private sources = new Task(this, {
    task: (_a, { signal }) => listSources(signal),
    args: () => [],
  });

  private credits = new Task(this, {
    // The bundled credits are always shown below; a failure here only loses the extra lines.
    task: async (_a, { signal }) => {
      const lines = await getAttribution(signal).catch(() => [] as AttributionLine[]);
      return lines.filter((l) => !BUNDLED.has(l.text));
    },
    args: () => [],
  });

  private renderLine(l: AttributionLine) {
    const href = safeHref(l.url);
    const licence = safeHref(l.licenceUrl);
    return html`<li>
      ${href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${l.text}</a>` : l.text}
      ${l.licence ? html` — ${licence ? html`<a href=${licence} target="_blank" rel="noopener noreferrer">${l.licence}</a>` : l.licence}` : null}
      <span class="muted">(${l.sources.join(', ')})</span>
    </li>`;
  }

  private credit(s: SourceInfo) {
    if (!s.attribution) return '—';
    const href = safeHref(s.attributionUrl);
    return href
      ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${s.attribution}</a>`
      : s.attribution;
  }

  private renderTable(rows: SourceInfo[]) {
    if (!rows.length) {
      return html`<p class="muted">${msg('No network data is loaded, so no visit can be identified. Import a source with the command line: leadlens import …', { id: 'sources.empty' })}</p>`;
    }
    return html`<div class="table-wrap"><table>
      <thead><tr>
        <th scope="col">${msg('Source', { id: 'sources.name' })}</th>
        <th scope="col">${msg('Format', { id: 'sources.format' })}</th>
        <th scope="col" class="num">${msg('Priority', { id: 'sources.priority' })}</th>
        <th scope="col" class="num">${msg('Rows', { id: 'sources.rows' })}</th>
        <th scope="col" class="num">${msg('Ranges', { id: 'sources.ranges' })}</th>
        <th scope="col">${msg('Imported', { id: 'sources.imported' })}</th>
        <th scope="col">${msg('Licence', { id: 'sources.licence' })}</th>
        <th scope="col">${msg('Credit', { id: 'facts.credit' })}</th>
      </tr></thead>
      <tbody>${rows.map(
        (s) => html`<tr>
          <td>${s.name}</td>
          <td><code>${s.format}</code></td>
          <td class="num">${s.priority}</td>
          <td class="num">${fmtNumber(s.rowCount)}</td>
          <td class="num">${fmtNumber(s.ranges)}</td>
          <td>${s.importedAt ? fmtDateTime(s.importedAt) : '—'}</td>
          <td>${s.licence ?? '—'}</td>
          <td>${this.credit(s)}</td>
        </tr>`,
      )}</tbody>
    </table></div>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="src-h">
        <h2 id="src-h">${msg('Data sources', { id: 'sources.title' })}</h2>
        <p class="muted small">${msg('Visits are matched to the organisation that holds the network they come from. More specific sources and higher priorities win.', { id: 'sources.text' })}</p>
        ${this.sources.render({
          pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
          error: () =>
            html`<p class="error">${msg('The data sources could not be loaded.', { id: 'sources.error' })}</p>`,
          complete: (rows) => this.renderTable(rows),
        })}
      </section>
      <section class="card" aria-labelledby="attr-h">
        <h2 id="attr-h">${msg('Attribution', { id: 'attr.title' })}</h2>
        ${this.credits.render({
          complete: (lines) =>
            lines.length
              ? html`<p class="small">${msg('The loaded data asks for these credits:', { id: 'attr.loaded' })}</p>
                  <ul class="small">${lines.map((l) => this.renderLine(l))}</ul>`
              : null,
        })}
        <p class="small">${msg('The bundled network data is published under the Creative Commons Attribution 4.0 licence by:', { id: 'attr.text' })}</p>
        <ul class="small">
          <li><a href="https://db-ip.com" target="_blank" rel="noopener noreferrer">IP Geolocation by DB-IP</a></li>
          <li><a href="https://www.routeviews.org/" target="_blank" rel="noopener noreferrer">RouteViews</a> — ${msg('University of Oregon Route Views Project', { id: 'attr.routeviews' })}</li>
          <li><a href="https://www.nro.net/" target="_blank" rel="noopener noreferrer">NRO</a> — ${msg('Number Resource Organization (regional internet registries)', { id: 'attr.nro' })}</li>
          <li>${msg('Licence:', { id: 'attr.licence' })} <a href="https://creativecommons.org/licenses/by/4.0/" target="_blank" rel="noopener noreferrer">CC BY 4.0</a></li>
        </ul>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-sources': LlSources;
  }
}
