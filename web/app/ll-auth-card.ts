import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import './ll-lang-switch.ts';
import { base } from './styles.ts';

/** The frame of the sign-in, setup and invite screens: brand, language, a card with the form. */
@customElement('ll-auth-card')
export class LlAuthCard extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        max-width: 26rem;
        margin: clamp(1rem, 8vh, 5rem) auto 0;
      }
      .top {
        display: flex;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 1.25rem;
      }
      .brand {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        font-weight: 700;
        font-size: 1.2rem;
      }
      .card {
        padding: 1.75rem;
      }
      h1 {
        margin-bottom: 0.5rem;
      }
      .lead {
        color: var(--ll-muted);
        margin-bottom: 1.5rem;
      }
    `,
  ];

  /** The card's heading. */
  @property() heading = '';
  /** One sentence under the heading. */
  @property() lead = '';

  override render() {
    return html`<div class="top">
        <span class="brand">
          <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="10" cy="10" r="7" fill="none" stroke="#4338ca" stroke-width="3"></circle>
            <path d="m15 15 6 6" stroke="#818cf8" stroke-width="3" stroke-linecap="round"></path>
          </svg>
          Leadlens
        </span>
        <ll-lang-switch></ll-lang-switch>
      </div>
      <div class="card">
        <h1>${this.heading}</h1>
        ${this.lead ? html`<p class="lead">${this.lead}</p>` : null}
        <slot></slot>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-auth-card': LlAuthCard;
  }
}
