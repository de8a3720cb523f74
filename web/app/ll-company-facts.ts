import { localized, msg } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CompanyProfile } from './api/companies.ts';
import { badgeStyles, classBadge } from './badges.ts';
import { countryName } from './format.ts';
import { domainHref, safeHref } from './safe-href.ts';
import { base } from './styles.ts';

/** The company's firmographics and how Leadlens identified it (source, network, AS — never an IP). */
@localized()
@customElement('ll-company-facts')
export class LlCompanyFacts extends LitElement {
  static override styles = [
    base,
    badgeStyles,
    css`
      :host {
        display: grid;
        gap: 1.25rem;
      }
      dl {
        display: grid;
        grid-template-columns: minmax(6rem, auto) minmax(0, 1fr);
        gap: 0.5rem 1rem;
        margin: 0;
        font-size: 0.9rem;
      }
      dt {
        color: var(--ll-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .note {
        margin: 0.9rem 0 0;
        font-size: 0.8125rem;
        color: var(--ll-muted);
      }
    `,
  ];

  @property({ attribute: false }) profile!: CompanyProfile;

  private row(label: string, value: unknown) {
    return value === null || value === undefined || value === ''
      ? nothing
      : html`<dt>${label}</dt><dd>${value}</dd>`;
  }

  private link(raw: string | null, href: string | undefined) {
    if (!raw) return null;
    return href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${raw}</a>` : raw;
  }

  /** The profile link, shown without its scheme and "www." (a URL that is not http(s): text). */
  private linkedin(raw: string | null) {
    const href = safeHref(raw, { assumeHttps: true });
    if (!raw || !href) return raw;
    const u = new URL(href);
    const label = `${u.host.replace(/^www\./, '')}${u.pathname.replace(/\/$/, '')}`;
    return html`<a href=${href} target="_blank" rel="noopener noreferrer">${label}</a>`;
  }

  override render() {
    const { company: c, identifiedBy: by } = this.profile;
    // The DB-IP licence (CC BY 4.0) asks for its credit link wherever its results are shown.
    const dbip = /db-?ip|ip-location-db/i.test(by.source ?? '');
    const attribution = by.attribution
      ? this.link(by.attribution, safeHref(by.attributionUrl))
      : dbip
        ? this.link('IP Geolocation by DB-IP', 'https://db-ip.com')
        : null;
    return html`<section class="card" aria-labelledby="facts-h">
        <h2 id="facts-h">${msg('Company', { id: 'title.company' })}</h2>
        <dl>
          ${this.row(msg('Website', { id: 'facts.website' }), this.link(c.domain, domainHref(c.domain)))}
          ${this.row(msg('Location', { id: 'facts.location' }), [c.city, countryName(c.country)].filter(Boolean).join(', '))}
          ${this.row(msg('Address', { id: 'facts.address' }), c.address)}
          ${this.row(msg('Industry', { id: 'filter.industry' }), c.industry)}
          ${this.row(msg('Employees', { id: 'filter.employees' }), c.employees)}
          ${this.row(msg('Phone', { id: 'facts.phone' }), c.phone)}
          ${this.row('LinkedIn', this.linkedin(c.linkedin))}
        </dl>
      </section>
      <section class="card" aria-labelledby="by-h">
        <h2 id="by-h">${msg('How it was identified', { id: 'facts.by' })}</h2>
        <dl>
          ${this.row(msg('Network', { id: 'inbox.col.class' }), by.network)}
          ${this.row(msg('AS number', { id: 'facts.asn' }), by.asn === null ? null : `AS${by.asn}`)}
          <dt>${msg('Class', { id: 'facts.class' })}</dt>
          <dd>${classBadge(by.class)} ${by.classReason ? html`<div class="small muted">${by.classReason}</div>` : null}</dd>
          ${this.row(msg('Data source', { id: 'facts.source' }), by.source)}
          ${this.row(msg('Credit', { id: 'facts.credit' }), attribution)}
        </dl>
        <p class="note">
          ${msg("Matched by the network the visit came from. Leadlens never stores visitors' IP addresses.", { id: 'facts.privacy' })}
        </p>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-company-facts': LlCompanyFacts;
  }
}
