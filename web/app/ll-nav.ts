import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import { roleLabel } from './labels.ts';
import './ll-lang-switch.ts';
import type { Route } from './router.ts';
import { base } from './styles.ts';

/** The top bar: brand, the screens, the language, the user and "Sign out" (fires `sign-out`). */
@localized()
@customElement('ll-nav')
export class LlNav extends LitElement {
  static override styles = [
    base,
    css`
      header {
        background: #111827;
        color: #e5e7eb;
      }
      .bar {
        max-width: 1440px;
        margin: 0 auto;
        padding: 0 clamp(0.75rem, 3vw, 2rem);
        display: flex;
        align-items: center;
        gap: 0.5rem 1.5rem;
        min-height: 3.5rem;
        flex-wrap: wrap;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        color: #fff;
        font-weight: 700;
        font-size: 1.05rem;
        text-decoration: none;
        letter-spacing: -0.01em;
      }
      .brand:hover {
        color: #fff;
      }
      nav ul {
        display: flex;
        gap: 0.25rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a {
        display: block;
        color: #d1d5db;
        text-decoration: none;
        font-size: 0.9rem;
        font-weight: 520;
        padding: 0.4rem 0.7rem;
        border-radius: 6px;
        white-space: nowrap;
      }
      nav a:hover {
        color: #fff;
        background: rgb(255 255 255 / 8%);
      }
      nav a[aria-current='page'] {
        color: #fff;
        background: rgb(255 255 255 / 14%);
      }
      .me {
        margin-left: auto;
        display: flex;
        align-items: center;
        gap: 0.6rem;
        font-size: 0.85rem;
      }
      .who {
        text-align: right;
        line-height: 1.2;
      }
      .who small {
        display: block;
        color: #9ca3af;
      }
      .me {
        --ll-lang-bg: transparent;
        --ll-lang-fg: #e5e7eb;
        --ll-lang-border: #4b5563;
      }
      .me button {
        background: transparent;
        color: #e5e7eb;
        border-color: #4b5563;
      }
      .me button:hover {
        background: rgb(255 255 255 / 8%);
        color: #fff;
      }
      :focus-visible {
        outline-color: #a5b4fc;
      }
      @media (max-width: 760px) {
        .bar {
          padding-top: 0.5rem;
        }
        nav {
          order: 3;
          width: 100%;
          overflow-x: auto;
          padding-bottom: 0.4rem;
        }
        .who {
          display: none;
        }
        nav ul {
          gap: 0;
        }
        nav a {
          padding: 0.4rem 0.4rem;
          font-size: 0.875rem;
        }
      }
    `,
  ];

  @property({ attribute: false }) route!: Route;
  @property({ attribute: false }) user!: AuthUser;

  private link(href: string, name: Route['name'], label: string) {
    // Sub-screens light up their parent: a company under the inbox, opt-outs under settings.
    const current =
      this.route.name === name ||
      (name === 'inbox' && this.route.name === 'company') ||
      (name === 'settings' && this.route.name === 'optouts') ||
      (name === 'settings' && this.route.name === 'api-tokens') ||
      (name === 'triggers' && this.route.name === 'deliveries');
    return html`<li><a href=${href} aria-current=${current ? 'page' : 'false'}>${label}</a></li>`;
  }

  override render() {
    return html`<header>
      <div class="bar">
        <a class="brand" href="/">
          <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
            <circle cx="10" cy="10" r="7" fill="none" stroke="#818cf8" stroke-width="3"></circle>
            <path d="m15 15 6 6" stroke="#c7d2fe" stroke-width="3" stroke-linecap="round"></path>
          </svg>
          Leadlens
        </a>
        <nav aria-label=${msg('Main', { id: 'nav.main' })}>
          <ul>
            ${this.link('/', 'inbox', msg('Companies', { id: 'nav.companies' }))}
            ${this.link('/live', 'live', msg('Live', { id: 'nav.live' }))}
            ${this.link('/overview', 'overview', msg('Overview', { id: 'nav.overview' }))}
            ${this.link('/sites', 'sites', msg('Sites', { id: 'nav.sites' }))}
            ${this.link('/triggers', 'triggers', msg('Triggers', { id: 'triggers.title' }))}
            ${this.link('/settings', 'settings', msg('Settings', { id: 'nav.settings' }))}
          </ul>
        </nav>
        <div class="me">
          <ll-lang-switch></ll-lang-switch>
          <span class="who">${this.user.name}<small>${roleLabel(this.user.role)}</small></span>
          <button type="button" @click=${() => this.dispatchEvent(new Event('sign-out'))}>
            ${msg('Sign out', { id: 'nav.signout' })}
          </button>
        </div>
      </div>
    </header>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-nav': LlNav;
  }
}
