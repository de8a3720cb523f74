import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { currentLocale, LOCALES, type Locale, switchLocale } from './i18n.ts';
import { base } from './styles.ts';

// Each language is named in itself, so a reader who does not know the current one finds theirs.
const NAMES: Record<Locale, string> = { en: 'English', fr: 'Français' };

/** The language picker; the choice is applied to every screen at once and remembered. */
@localized()
@customElement('ll-lang-switch')
export class LlLangSwitch extends LitElement {
  static override styles = [
    base,
    css`
      /* The nav sets these for its dark bar. */
      select {
        background: var(--ll-lang-bg, var(--ll-surface));
        color: var(--ll-lang-fg, var(--ll-text));
        border-color: var(--ll-lang-border, var(--ll-border-strong));
      }
      option {
        background: #fff;
        color: #161b26;
      }
    `,
  ];

  private async onChange(e: Event) {
    await switchLocale((e.target as HTMLSelectElement).value as Locale);
  }

  override render() {
    const now = currentLocale();
    return html`<select aria-label=${msg('Language', { id: 'lang.label' })} @change=${this.onChange}>
      ${LOCALES.map((l) => html`<option value=${l} lang=${l} ?selected=${l === now}>${NAMES[l]}</option>`)}
    </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-lang-switch': LlLangSwitch;
  }
}
