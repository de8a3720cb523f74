import { msg, str } from '@lit/localize';
import { css, html } from 'lit';
import { classLabel } from './labels.ts';

// Plain templates, not elements: the inbox renders them in every virtualised row, and a shadow
// root per badge would cost more than the row itself while scrolling fast.

/** The styles for classBadge() and scoreBar(); include them in the element's static styles. */
export const badgeStyles = css`
  .badge {
    display: inline-block;
    font-size: 0.75rem;
    font-weight: 600;
    line-height: 1.2;
    padding: 0.15rem 0.5rem;
    border-radius: 999px;
    white-space: nowrap;
    background: #f2f4f7;
    color: #475467;
  }
  .badge.business {
    background: #ecfdf3;
    color: #067647;
  }
  .badge.education {
    background: #eff8ff;
    color: #175cd3;
  }
  .badge.government {
    background: #f4f3ff;
    color: #5925dc;
  }
  .badge.mobile {
    background: #fef6ee;
    color: #b93815;
  }
  .badge.hosting {
    background: #fffaeb;
    color: #b54708;
  }
  .score {
    display: inline-flex;
    align-items: center;
    gap: 0.45rem;
    font-variant-numeric: tabular-nums;
  }
  .score b {
    font-weight: 650;
    font-size: 0.875rem;
    min-width: 1.4rem;
    text-align: right;
  }
  .score .track {
    width: 2.75rem;
    height: 0.375rem;
    border-radius: 999px;
    background: #eaecf0;
    overflow: hidden;
  }
  .score .fill {
    display: block;
    height: 100%;
    border-radius: 999px;
    background: #98a2b3;
  }
  .score.warm .fill {
    background: #f79009;
  }
  .score.hot .fill {
    background: #d92d20;
  }
`;

/** Class names the badge knows (anything else looks like 'unknown'). */
const KNOWN = new Set(['business', 'education', 'government', 'isp', 'mobile', 'hosting']);

/** A coloured label for a network class. */
export function classBadge(c: string) {
  return html`<span class="badge ${KNOWN.has(c) ? c : 'unknown'}">${classLabel(c)}</span>`;
}

/** A lead score: the number and a bar, warmer colours for hotter leads. */
export function scoreBar(value: number) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  const heat = v >= 70 ? 'hot' : v >= 40 ? 'warm' : '';
  return html`<span class="score ${heat}" title=${msg(str`Lead score ${v} of 100`, { id: 'score.aria' })}
    ><b>${v}</b><span class="track" aria-hidden="true"
      ><span class="fill" style="width:${v}%"></span></span
  ></span>`;
}
