import { css } from 'lit';

/**
 * The look every screen shares (buttons, fields, cards, tables, chips), included first in each
 * element's `static styles`. Tokens (--ll-*) come from app.css and cross shadow roots.
 */
export const base = css`
  :host {
    display: block;
    color: var(--ll-text);
    /* As a grid or flex item, never wider than the track: wide tables scroll inside instead. */
    min-width: 0;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h1 {
    font-size: 1.5rem;
    line-height: 1.25;
    margin: 0;
    font-weight: 650;
    letter-spacing: -0.01em;
  }
  h2 {
    font-size: 1rem;
    margin: 0 0 0.75rem;
    font-weight: 620;
  }
  p {
    margin: 0 0 0.75rem;
  }
  a {
    color: var(--ll-accent);
    text-underline-offset: 2px;
  }
  a:hover {
    color: var(--ll-accent-hover);
  }
  :focus-visible {
    outline: 2px solid var(--ll-accent);
    outline-offset: 2px;
  }
  button,
  .btn {
    font: inherit;
    font-size: 0.875rem;
    font-weight: 550;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.4rem;
    min-height: 2.25rem;
    padding: 0.4rem 0.85rem;
    border-radius: var(--ll-radius);
    border: 1px solid var(--ll-border-strong);
    background: var(--ll-surface);
    color: var(--ll-text);
    cursor: pointer;
    text-decoration: none;
    white-space: nowrap;
  }
  button:hover,
  .btn:hover {
    background: var(--ll-subtle);
    color: var(--ll-text);
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button.primary,
  .btn.primary {
    background: var(--ll-accent);
    border-color: var(--ll-accent);
    color: #fff;
  }
  button.primary:hover,
  .btn.primary:hover {
    background: var(--ll-accent-hover);
    color: #fff;
  }
  button.danger {
    color: var(--ll-danger);
  }
  button.danger.confirm {
    background: var(--ll-danger);
    border-color: var(--ll-danger);
    color: #fff;
  }
  button.link {
    border: none;
    background: none;
    color: var(--ll-accent);
    padding: 0.2rem 0.3rem;
    min-height: 0;
  }
  button.small {
    min-height: 1.75rem;
    padding: 0.15rem 0.55rem;
    font-size: 0.8125rem;
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 0.9rem;
    color: var(--ll-text);
    min-height: 2.25rem;
    padding: 0.35rem 0.6rem;
    border: 1px solid var(--ll-border-strong);
    border-radius: var(--ll-radius);
    background: var(--ll-surface);
    max-width: 100%;
  }
  input[type='checkbox'] {
    min-height: 0;
    width: 1rem;
    height: 1rem;
    accent-color: var(--ll-accent);
  }
  textarea {
    width: 100%;
    resize: vertical;
  }
  label {
    font-size: 0.8125rem;
    font-weight: 560;
    color: var(--ll-muted);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.3rem;
    margin-bottom: 0.9rem;
  }
  .field input,
  .field select,
  .field textarea {
    width: 100%;
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    margin-bottom: 0.6rem;
    font-size: 0.9rem;
    color: var(--ll-text);
    font-weight: 450;
  }
  .hint {
    font-size: 0.8125rem;
    color: var(--ll-muted);
    font-weight: 400;
  }
  .card {
    background: var(--ll-surface);
    border: 1px solid var(--ll-border);
    border-radius: calc(var(--ll-radius) + 2px);
    box-shadow: var(--ll-shadow);
    padding: 1.1rem 1.25rem;
  }
  .muted {
    color: var(--ll-muted);
  }
  .small {
    font-size: 0.8125rem;
  }
  .mono {
    font-family: var(--ll-mono);
    font-size: 0.85em;
  }
  .page-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem 1rem;
    margin-bottom: 1.25rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    font-size: 0.75rem;
    font-weight: 550;
    line-height: 1.2;
    padding: 0.15rem 0.5rem;
    border-radius: 999px;
    background: #f1f3f6;
    color: #344054;
    border: 1px solid var(--ll-border);
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .error {
    color: var(--ll-danger);
    background: var(--ll-danger-soft);
    border: 1px solid #fecdca;
    border-radius: var(--ll-radius);
    padding: 0.6rem 0.8rem;
    font-size: 0.9rem;
  }
  .ok {
    color: var(--ll-success);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875rem;
  }
  th {
    text-align: left;
    font-size: 0.75rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    color: var(--ll-muted);
    padding: 0.5rem 0.6rem;
    border-bottom: 1px solid var(--ll-border);
  }
  td {
    padding: 0.55rem 0.6rem;
    border-bottom: 1px solid var(--ll-border);
    vertical-align: top;
    /* Whole words: a narrow table scrolls in its .table-wrap rather than splitting names. */
    overflow-wrap: break-word;
  }
  tr:last-child td {
    border-bottom: none;
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .table-wrap {
    overflow-x: auto;
    /* Contains .sr-only cells, which would otherwise widen the page from outside the scroller. */
    position: relative;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
      transition: none !important;
    }
  }
`;
