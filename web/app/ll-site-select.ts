import { consume } from '@lit/context';
import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Site } from './api/sites.ts';
import { sitesContext } from './context.ts';
import { base } from './styles.ts';

/**
 * A site picker over the sites ll-app provides, with an "All sites" choice unless `required`.
 * Fires `site-change` with the site id, or null for all sites.
 */
@localized()
@customElement('ll-site-select')
export class LlSiteSelect extends LitElement {
  static override styles = [base];

  @consume({ context: sitesContext, subscribe: true })
  @property({ attribute: false })
  sites?: Site[];
  /** The selected site id (null: all sites). */
  @property({ type: Number }) value: number | null = null;
  /** Without "All sites". */
  @property({ type: Boolean }) required = false;

  private onChange(e: Event) {
    const v = (e.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent('site-change', { detail: v ? Number(v) : null }));
  }

  override render() {
    const sites = this.sites ?? [];
    return html`<select aria-label=${msg('Site', { id: 'site.label' })} @change=${this.onChange}>
      ${this.required ? null : html`<option value="" ?selected=${this.value === null}>${msg('All sites', { id: 'site.all' })}</option>`}
      ${sites.map((s) => html`<option value=${s.id} ?selected=${this.value === s.id}>${s.name}</option>`)}
    </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-site-select': LlSiteSelect;
  }
}
