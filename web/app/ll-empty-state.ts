import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from './styles.ts';

/**
 * What an empty screen says: a heading, a sentence on what to do next, and the action (slotted
 * link or button). Callers pass translated text.
 */
@customElement('ll-empty-state')
export class LlEmptyState extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        text-align: center;
        padding: 3rem 1.25rem;
      }
      .icon {
        width: 3rem;
        height: 3rem;
        margin: 0 auto 1rem;
        border-radius: 50%;
        background: var(--ll-accent-soft);
        display: grid;
        place-items: center;
      }
      h2 {
        font-size: 1.1rem;
        margin-bottom: 0.4rem;
      }
      p {
        max-width: 32rem;
        margin: 0 auto 1.25rem;
        color: var(--ll-muted);
      }
    `,
  ];

  /** The heading. */
  @property() heading = '';
  /** One or two sentences on what to do next. */
  @property() text = '';

  override render() {
    return html`<div class="icon" aria-hidden="true">
        <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="#4338ca" stroke-width="2">
          <circle cx="11" cy="11" r="7"></circle>
          <path d="m20 20-3.5-3.5"></path>
        </svg>
      </div>
      <h2>${this.heading}</h2>
      <p>${this.text}</p>
      <slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-empty-state': LlEmptyState;
  }
}
