import { css } from 'lit';

/** ll-inbox's table: one grid row per company on wide screens, a two-line card on phones. */
export const inboxStyles = css`
  ll-inbox-filters {
    margin-bottom: 1rem;
  }
  .results.busy {
    opacity: 0.6;
    transition: opacity 0.2s;
  }
  .summary {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    min-height: 2rem;
    margin-bottom: 0.5rem;
    font-size: 0.875rem;
    color: var(--ll-muted);
  }
  .table {
    padding: 0;
  }
  lit-virtualizer {
    width: 100%;
  }
  .r {
    display: grid;
    grid-template-columns:
      minmax(0, 2.6fr) 7.5rem 6.5rem 5rem 6rem 8.5rem
      minmax(0, 1.5fr);
    align-items: center;
    gap: 0 0.75rem;
    width: 100%;
    min-height: 3.75rem;
    padding: 0.5rem 1rem;
    border-bottom: 1px solid var(--ll-border);
    position: relative;
    background: var(--ll-surface);
  }
  .r:not(.head):hover,
  .r:focus-within {
    background: #f8f9fc;
  }
  /* The column headers stay in view while the list scrolls under them. */
  .r.head {
    position: sticky;
    top: 0;
    z-index: 2;
    border-radius: calc(var(--ll-radius) + 2px) calc(var(--ll-radius) + 2px) 0 0;
    min-height: 2.5rem;
    background: var(--ll-subtle);
    font-size: 0.75rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    color: var(--ll-muted);
  }
  .head .sort {
    font: inherit;
    text-transform: inherit;
    letter-spacing: inherit;
    color: inherit;
    padding: 0;
  }
  .head .sort.on {
    color: var(--ll-text);
  }
  .head .num .sort {
    margin-left: auto;
  }
  .head .num {
    display: flex;
  }
  .r.head .c {
    font-size: 0.75rem;
  }
  .c {
    min-width: 0;
  }
  .name a {
    font-weight: 600;
    color: var(--ll-text);
    text-decoration: none;
  }
  /* The whole row is the link's click target; the link stays the one keyboard stop. */
  .name a::after {
    content: '';
    position: absolute;
    inset: 0;
  }
  .name a:focus-visible {
    outline: none;
  }
  .name a:focus-visible::after {
    outline: 2px solid var(--ll-accent);
    outline-offset: -2px;
    border-radius: 4px;
  }
  .name a:hover {
    color: var(--ll-accent);
  }
  .sub {
    font-size: 0.8125rem;
    color: var(--ll-muted);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .new {
    margin-left: 0.35rem;
    font-size: 0.6875rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: #fff;
    background: var(--ll-accent);
    border-radius: 4px;
    padding: 0.05rem 0.35rem;
    vertical-align: 0.1em;
  }
  .num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    font-size: 0.875rem;
  }
  .last {
    font-size: 0.875rem;
    color: var(--ll-muted);
  }
  .tags {
    display: flex;
    flex-wrap: nowrap;
    gap: 0.25rem;
    overflow: hidden;
  }
  .chip.status.qualified {
    background: #eef4ff;
    color: #3538cd;
    border-color: #c7d7fe;
  }
  .chip.status.customer {
    background: #ecfdf3;
    color: #067647;
    border-color: #abefc6;
  }
  .chip.status.ignored {
    color: #667085;
  }
  .m {
    display: none;
  }
  .foot {
    min-height: 1.5rem;
    margin-top: 0.75rem;
    text-align: center;
  }
  @media (max-width: 900px) {
    .r.head {
      display: none;
    }
    .r {
      grid-template-columns: minmax(0, 1fr) auto auto;
      grid-template-areas:
        'name name score'
        'cls visits last'
        'tags tags tags';
      gap: 0.3rem 0.75rem;
      padding: 0.7rem 0.9rem;
    }
    .name {
      grid-area: name;
    }
    .score {
      grid-area: score;
    }
    .cls {
      grid-area: cls;
    }
    .visits {
      grid-area: visits;
    }
    .pv {
      display: none;
    }
    .last {
      grid-area: last;
      text-align: right;
    }
    .tags {
      grid-area: tags;
    }
    .tags.none {
      display: none;
    }
    .m {
      display: inline;
      color: var(--ll-muted);
    }
  }
`;
