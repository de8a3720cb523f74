import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { base } from './styles.ts';

/** A date range as the API takes it: YYYY-MM-DD (UTC, inclusive) or '' for open ends. */
export interface DateRange {
  from: string;
  to: string;
}

// '30' is the servers' default range: it is sent as no range at all, which keeps URLs short.
const PRESETS = ['1', '7', '30', '90', '365', 'custom'] as const;
type Preset = (typeof PRESETS)[number];

/** YYYY-MM-DD of the UTC day `days - 1` days before today: the start of "last N days". */
export function daysAgo(days: number, now = Date.now()): string {
  return new Date(now - (days - 1) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A date-range picker: presets (today, last 7/30/90/365 days) or custom from/to dates; no range
 * means the last 30 days. Fires `range-change` with a DateRange.
 */
@localized()
@customElement('ll-date-range')
export class LlDateRange extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      input {
        width: 9.5rem;
      }
    `,
  ];

  @property() from = '';
  @property() to = '';

  private preset(): Preset {
    if (!this.from && !this.to) return '30';
    if (this.to === '' || this.to === daysAgo(1)) {
      for (const n of ['1', '7', '30', '90', '365'] as const)
        if (this.from === daysAgo(Number(n))) return n;
    }
    return 'custom';
  }

  private emit(range: DateRange) {
    this.dispatchEvent(new CustomEvent<DateRange>('range-change', { detail: range }));
  }

  private onPreset(e: Event) {
    const v = (e.target as HTMLSelectElement).value as Preset;
    if (v === '30') this.emit({ from: '', to: '' });
    else if (v === 'custom')
      this.emit({ from: this.from || daysAgo(30), to: this.to || daysAgo(1) });
    else this.emit({ from: daysAgo(Number(v)), to: '' });
  }

  private label(p: Preset): string {
    switch (p) {
      case '1':
        return msg('Today', { id: 'range.today' });
      case '7':
        return msg('Last 7 days', { id: 'range.7' });
      case '30':
        return msg('Last 30 days', { id: 'range.30' });
      case '90':
        return msg('Last 90 days', { id: 'range.90' });
      case '365':
        return msg('Last 12 months', { id: 'range.365' });
      default:
        return msg('Custom range', { id: 'range.custom' });
    }
  }

  override render() {
    const preset = this.preset();
    return html`<select aria-label=${msg('Date range', { id: 'range.label' })} @change=${this.onPreset}>
        ${PRESETS.map((p) => html`<option value=${p} ?selected=${p === preset}>${this.label(p)}</option>`)}
      </select>
      ${
        preset === 'custom'
          ? html`<input
                type="date"
                aria-label=${msg('From', { id: 'range.from' })}
                .value=${this.from}
                max=${this.to || ''}
                @change=${(e: Event) => this.emit({ from: (e.target as HTMLInputElement).value, to: this.to })}
              /><input
                type="date"
                aria-label=${msg('To', { id: 'range.to' })}
                .value=${this.to}
                min=${this.from || ''}
                @change=${(e: Event) => this.emit({ from: this.from, to: (e.target as HTMLInputElement).value })}
              />`
          : null
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-date-range': LlDateRange;
  }
}
