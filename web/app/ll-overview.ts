import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { getOverview, type Overview } from './api/stats.ts';
import { countryName, fmtNumber } from './format.ts';
import { currentLocale } from './i18n.ts';
import { CLASSES, classLabel, type NetworkClass } from './labels.ts';
import type { ChartSeries } from './ll-chart.ts';
import './ll-chart.ts';
import type { DateRange } from './ll-date-range.ts';
import './ll-date-range.ts';
import './ll-site-select.ts';
import { base } from './styles.ts';

const COLORS: Record<NetworkClass, string> = {
  business: '#12b76a',
  education: '#2e90fa',
  government: '#7a5af8',
  isp: '#98a2b3',
  mobile: '#f97066',
  hosting: '#fdb022',
  unknown: '#d0d5dd',
  unresolved: '#e4e7ec',
};

/** Traffic per day by network class, top companies, pages and countries, per site and range. */
@localized()
@customElement('ll-overview')
export class LlOverview extends LitElement {
  static override styles = [
    base,
    css`
      .totals {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
        gap: 1rem;
        margin-bottom: 1.25rem;
      }
      .total span {
        display: block;
        font-size: 0.8125rem;
        color: var(--ll-muted);
      }
      .total b {
        font-size: 1.6rem;
        font-variant-numeric: tabular-nums;
        letter-spacing: -0.01em;
      }
      .chart {
        margin-bottom: 1.25rem;
      }
      .lists {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
        gap: 1.25rem;
      }
      .bar {
        position: relative;
      }
      .bar i {
        position: absolute;
        inset: 0.2rem auto 0.2rem 0;
        background: var(--ll-accent-soft);
        border-radius: 4px;
        z-index: 0;
      }
      .bar span {
        position: relative;
      }
      td.bar {
        padding-left: 0.5rem;
      }
    `,
  ];

  @state() private site: number | null = null;
  @state() private range: DateRange = { from: '', to: '' };
  private chartCache: {
    o: Overview;
    locale: string;
    days: string[];
    series: ChartSeries[];
  } | null = null;

  private data = new Task(this, {
    task: ([site, from, to], { signal }) =>
      getOverview(
        { site: site ?? undefined, from: from || undefined, to: to || undefined },
        signal,
      ),
    args: () => [this.site, this.range.from, this.range.to] as const,
  });

  /** The chart's inputs, rebuilt only when the data or the language change (uPlot redraws). */
  private chart(o: Overview) {
    const locale = currentLocale();
    if (this.chartCache?.o === o && this.chartCache.locale === locale) return this.chartCache;
    const present = [...CLASSES, 'unresolved' as const].filter((c) =>
      o.days.some((d) => d.visits[c]),
    );
    const series = present.map((c) => ({
      label: classLabel(c),
      color: COLORS[c],
      values: o.days.map((d) => d.visits[c] ?? 0),
    }));
    this.chartCache = { o, locale, days: o.days.map((d) => d.day), series };
    return this.chartCache;
  }

  private table<T>(
    title: string,
    rows: T[],
    cols: [string, (r: T) => unknown, boolean?][],
    max: number,
    val: (r: T) => number,
  ) {
    return html`<section class="card">
      <h2>${title}</h2>
      ${
        rows.length
          ? html`<div class="table-wrap"><table>
              <thead><tr>${cols.map(([h, , num]) => html`<th class=${num ? 'num' : ''} scope="col">${h}</th>`)}</tr></thead>
              <tbody>${rows.map(
                (r) =>
                  html`<tr>${cols.map(([, cell, num], i) =>
                    i === 0
                      ? html`<td class="bar"><i style="width:${max ? (100 * val(r)) / max : 0}%"></i><span>${cell(r)}</span></td>`
                      : html`<td class=${num ? 'num' : ''}>${cell(r)}</td>`,
                  )}</tr>`,
              )}</tbody>
            </table></div>`
          : html`<p class="muted small">${msg('Nothing in this period.', { id: 'overview.none' })}</p>`
      }
    </section>`;
  }

  private renderData(o: Overview) {
    const t = o.totals;
    const c = this.chart(o);
    const visits = msg('Visits', { id: 'sort.visits' });
    return html`<div class="totals">
        <div class="card total"><span>${msg('Companies', { id: 'nav.companies' })}</span><b>${fmtNumber(t.companies)}</b></div>
        <div class="card total"><span>${msg('Identified visits', { id: 'overview.identified' })}</span><b>${fmtNumber(t.identifiedVisits)}</b></div>
        <div class="card total"><span>${msg('Other visits', { id: 'overview.other' })}</span><b>${fmtNumber(t.otherVisits)}</b></div>
        <div class="card total"><span>${msg('Pageviews', { id: 'sort.pageviews' })}</span><b>${fmtNumber(t.pageviews)}</b></div>
      </div>
      <section class="card chart">
        <h2>${msg('Visits per day by network class', { id: 'overview.chart' })}</h2>
        ${
          c.series.length
            ? html`<ll-chart .days=${c.days} .series=${c.series} xLabel=${msg('Day', { id: 'overview.day' })} label=${msg(str`Visits per day: ${fmtNumber(t.identifiedVisits)} identified, ${fmtNumber(t.otherVisits)} other.`, { id: 'overview.chart.aria' })}></ll-chart>`
            : html`<p class="muted">${msg('No visits in this period yet. Once the snippet is installed, each day shows the visits from companies and from other networks.', { id: 'overview.chart.empty' })}</p>`
        }
      </section>
      <div class="lists">
        ${this.table(
          msg('Top companies', { id: 'overview.topcompanies' }),
          o.topCompanies,
          [
            [
              msg('Company', { id: 'title.company' }),
              (r) => html`<a href="/companies/${r.id}">${r.name}</a>`,
            ],
            [visits, (r) => fmtNumber(r.visits), true],
            [msg('Pageviews', { id: 'sort.pageviews' }), (r) => fmtNumber(r.pageviews), true],
          ],
          Math.max(0, ...o.topCompanies.map((r) => r.visits)),
          (r) => r.visits,
        )}
        ${this.table(
          msg('Top pages', { id: 'overview.toppages' }),
          o.topPages,
          [
            [
              msg('Page', { id: 'overview.page' }),
              (r) => html`<span class="mono">${r.path}</span>`,
            ],
            [msg('Pageviews', { id: 'sort.pageviews' }), (r) => fmtNumber(r.pageviews), true],
            [msg('Companies', { id: 'nav.companies' }), (r) => fmtNumber(r.companies), true],
          ],
          Math.max(0, ...o.topPages.map((r) => r.pageviews)),
          (r) => r.pageviews,
        )}
        ${this.table(
          msg('Countries', { id: 'overview.countries' }),
          o.countries,
          [
            [
              msg('Country', { id: 'overview.country' }),
              (r) => countryName(r.country) || r.country,
            ],
            [visits, (r) => fmtNumber(r.visits), true],
          ],
          Math.max(0, ...o.countries.map((r) => r.visits)),
          (r) => r.visits,
        )}
      </div>`;
  }

  override render() {
    return html`<div class="page-head">
        <h1>${msg('Overview', { id: 'nav.overview' })}</h1>
        <div class="row">
          <ll-date-range .from=${this.range.from} .to=${this.range.to} @range-change=${(e: CustomEvent<DateRange>) => (this.range = e.detail)}></ll-date-range>
          <ll-site-select .value=${this.site} @site-change=${(e: CustomEvent<number | null>) => (this.site = e.detail)}></ll-site-select>
        </div>
      </div>
      ${this.data.render({
        pending: () =>
          this.data.value
            ? this.renderData(this.data.value)
            : html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`,
        complete: (o) => this.renderData(o),
        error: () =>
          html`<p class="error" role="alert">${msg('The overview could not be loaded.', { id: 'overview.error' })}</p>`,
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-overview': LlOverview;
  }
}
