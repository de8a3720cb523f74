import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CompanyProfile } from './api/companies.ts';
import { badgeStyles, scoreBar } from './badges.ts';
import { fmtAgo, fmtDateTime, fmtDuration, fmtNumber } from './format.ts';
import { base } from './styles.ts';

/** The lead score, what it is made of, and the visit totals behind it. */
@localized()
@customElement('ll-score-breakdown')
export class LlScoreBreakdown extends LitElement {
  static override styles = [
    base,
    badgeStyles,
    css`
      .total {
        display: flex;
        align-items: baseline;
        gap: 0.4rem;
        margin-bottom: 1rem;
      }
      .total b {
        font-size: 2.25rem;
        line-height: 1;
        font-weight: 700;
        letter-spacing: -0.02em;
      }
      .parts {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: 0.45rem 0.75rem;
        align-items: center;
        font-size: 0.875rem;
        margin-bottom: 1rem;
      }
      .stats {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 0.75rem;
        border-top: 1px solid var(--ll-border);
        padding-top: 0.9rem;
      }
      .stat span {
        display: block;
        font-size: 0.75rem;
        color: var(--ll-muted);
      }
      .stat b {
        font-size: 1.05rem;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) score!: CompanyProfile['score'];
  @property({ attribute: false }) stats!: CompanyProfile['stats'];

  override render() {
    const s = this.score;
    const st = this.stats;
    const parts: [string, number][] = [
      [msg('Recency', { id: 'score.recency' }), s.recency],
      [msg('Visits', { id: 'sort.visits' }), s.visits],
      [msg('Pages viewed', { id: 'score.pages' }), s.pages],
      [msg('Engagement', { id: 'score.engagement' }), s.engagement],
      [msg('Key pages', { id: 'score.keypages' }), s.keyPages],
    ];
    return html`<section class="card" aria-labelledby="score-h">
      <h2 id="score-h">${msg('Lead score', { id: 'sort.score' })}</h2>
      <div class="total"><b>${s.total}</b><span class="muted">/ 100</span></div>
      <div class="parts">
        ${parts.map(([label, v]) => html`<span>${label}</span>${scoreBar(v)}`)}
      </div>
      <div class="stats">
        <div class="stat"><span>${msg('Visits', { id: 'sort.visits' })}</span><b>${fmtNumber(st.visits)}</b></div>
        <div class="stat"><span>${msg('Pageviews', { id: 'sort.pageviews' })}</span><b>${fmtNumber(st.pageviews)}</b></div>
        <div class="stat"><span>${msg('Time on site', { id: 'score.time' })}</span><b>${fmtDuration(st.engagedMs)}</b></div>
        <div class="stat"><span>${msg('Last visit', { id: 'sort.last' })}</span><b title=${st.lastVisitAt ? fmtDateTime(st.lastVisitAt) : ''}>${st.lastVisitAt ? fmtAgo(st.lastVisitAt) : '—'}</b></div>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-score-breakdown': LlScoreBreakdown;
  }
}
