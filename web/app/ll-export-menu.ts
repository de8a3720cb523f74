import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { qs } from './api/http.ts';
import { type InboxFilters, NO_FILTERS, toInboxQuery } from './inbox-query.ts';
import { base } from './styles.ts';

/**
 * Where a CSV export of the inbox's current filters downloads from (a plain link: the browser
 * streams the file to disk, the session cookie goes with it).
 * @example exportHref('companies', filters, { semicolon: true, bom: true })
 * // '/api/export/companies.csv?sort=last&country=DE&delimiter=semicolon&bom=1'
 */
export function exportHref(
  kind: 'companies' | 'visits',
  filters: InboxFilters,
  o: { semicolon: boolean; bom: boolean },
): string {
  const { limit: _limit, cursor: _cursor, ...query } = toInboxQuery(filters, null);
  const dialect = {
    delimiter: o.semicolon ? 'semicolon' : undefined,
    bom: o.bom ? '1' : undefined,
  };
  return `/api/export/${kind}.csv${qs({ ...query, ...dialect })}`;
}

/**
 * "Export CSV" on the inbox: the companies (or their visits) matching the current filters, with
 * the choice of delimiter and byte order mark that spreadsheets in different locales expect.
 */
@localized()
@customElement('ll-export-menu')
export class LlExportMenu extends LitElement {
  static override styles = [
    base,
    css`
      details {
        position: relative;
      }
      summary {
        cursor: pointer;
        list-style: none;
      }
      .panel {
        position: absolute;
        right: 0;
        z-index: 5;
        margin-top: 0.4rem;
        min-width: 17rem;
        display: grid;
        gap: 0.6rem;
        padding: 0.8rem;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.3rem;
      }
      legend {
        font-weight: 600;
        margin-bottom: 0.2rem;
      }
    `,
  ];

  @property({ attribute: false }) filters: InboxFilters = NO_FILTERS;
  @state() private semicolon = false;
  @state() private bom = false;

  override render() {
    const o = { semicolon: this.semicolon, bom: this.bom };
    return html`<details>
      <summary class="btn small">${msg('Export CSV', { id: 'export.button' })}</summary>
      <div class="panel card">
        <fieldset>
          <legend>${msg('Separator', { id: 'export.delimiter' })}</legend>
          <label><input type="radio" name="delimiter" .checked=${!this.semicolon} @change=${() => (this.semicolon = false)} />
            ${msg('Comma (English spreadsheets)', { id: 'export.delimiter.comma' })}</label>
          <label><input type="radio" name="delimiter" .checked=${this.semicolon} @change=${() => (this.semicolon = true)} />
            ${msg('Semicolon (Excel in French, Dutch, German…)', { id: 'export.delimiter.semicolon' })}</label>
        </fieldset>
        <label><input type="checkbox" .checked=${this.bom} @change=${(e: Event) => (this.bom = (e.target as HTMLInputElement).checked)} />
          ${msg('Byte order mark (Excel then shows accents right)', { id: 'export.bom' })}</label>
        <a class="btn primary" download href=${exportHref('companies', this.filters, o)}>${msg('Download companies', { id: 'export.companies' })}</a>
        <a class="btn" download href=${exportHref('visits', this.filters, o)}>${msg('Download their visits', { id: 'export.visits' })}</a>
        <p class="muted small">${msg('The files follow the filters and sort shown.', { id: 'export.hint' })}</p>
      </div>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-export-menu': LlExportMenu;
  }
}
