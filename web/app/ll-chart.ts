import { css, html, LitElement, type PropertyValues, unsafeCSS } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css' with { type: 'text' };
import { fmtDate, fmtNumber } from './format.ts';

/** One stacked series: a label, a colour, and a value per day. */
export interface ChartSeries {
  label: string;
  color: string;
  values: number[];
}

/**
 * Stacked daily bars drawn by uPlot (canvas: fast with hundreds of days). uPlot does not stack by
 * itself, so each series is drawn as the running total up to it, tallest first; the legend and
 * cursor still show each series' own value.
 */
@customElement('ll-chart')
export class LlChart extends LitElement {
  // uPlot's own stylesheet must live inside this shadow root to reach its DOM.
  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
        min-height: 300px;
      }
      .uplot {
        font-family: inherit;
        width: 100%;
      }
      .u-legend {
        font-size: 0.8125rem;
        text-align: left;
      }
    `,
  ];

  /** Days as YYYY-MM-DD. */
  @property({ attribute: false }) days: string[] = [];
  /** Series, bottom of the stack first. */
  @property({ attribute: false }) series: ChartSeries[] = [];
  /** Accessible summary of the chart (the canvas itself says nothing to a screen reader). */
  @property() label = '';
  /** The legend's name for the day column. */
  @property() xLabel = '';

  private plot: uPlot | null = null;
  private resize = new ResizeObserver(() => this.plot?.setSize(this.size()));

  private size() {
    return { width: Math.max(280, this.clientWidth), height: 260 };
  }

  override connectedCallback() {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = null;
  }

  override render() {
    return html`<div role="img" aria-label=${this.label}></div>`;
  }

  protected override updated(changed: PropertyValues) {
    if (!changed.has('days') && !changed.has('series')) return;
    this.plot?.destroy();
    const target = this.renderRoot.querySelector('div')!;
    const xs = this.days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const totals: number[][] = [];
    let running = this.days.map(() => 0);
    for (const s of this.series) {
      running = running.map((v, i) => v + (s.values[i] ?? 0));
      totals.push(running);
    }
    // Tallest first: later series paint over earlier ones.
    const order = this.series.map((_, i) => i).reverse();
    const bars = uPlot.paths.bars!({ size: [0.7, 48], gap: 1 });
    const opts: uPlot.Options = {
      ...this.size(),
      series: [
        { label: this.xLabel, value: (_u, v) => (v === null ? '' : fmtDate(v * 1000)) },
        ...order.map((i) => ({
          label: this.series[i].label,
          stroke: this.series[i].color,
          fill: this.series[i].color,
          width: 0,
          paths: bars,
          points: { show: false },
          value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
            idx === null ? '' : fmtNumber(this.series[i].values[idx] ?? 0),
        })),
      ],
      // Half a day of margin each side, or the first and last bars are cut in half.
      scales: {
        x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
        y: { range: (_u, _min, max) => [0, Math.max(4, max * 1.1)] },
      },
      axes: [
        {
          stroke: '#5b6473',
          grid: { show: false },
          values: (_u, splits) => splits.map((s) => fmtDate(s * 1000)),
          space: 90,
        },
        { stroke: '#5b6473', grid: { stroke: '#eef0f3' }, values: (_u, s) => s.map(fmtNumber) },
      ],
      cursor: { drag: { x: false, y: false }, points: { show: false } },
    };
    this.plot = new uPlot(opts, [xs, ...order.map((i) => totals[i])], target);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-chart': LlChart;
  }
}
