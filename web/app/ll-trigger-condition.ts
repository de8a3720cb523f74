import { localized, msg } from '@lit/localize';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { CLASSES, classLabel, STATUSES, statusLabel } from './labels.ts';
import { COND_TYPES, type CondDraft, type CondType, newCondition } from './ll-trigger-draft.ts';
import { condLabel } from './ll-trigger-labels.ts';
import { base } from './styles.ts';

/** The list of condition or action rows: one bordered card per row. */
export const rowListStyles = css`
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.6rem;
  }
  li {
    padding: 0.6rem 0.7rem;
    border: 1px solid var(--ll-border);
    border-radius: var(--ll-radius);
    background: var(--ll-subtle);
    min-width: 0;
  }
`;

/** The styles a rule-builder row shares with the action rows (ll-trigger-actions). */
export const rowStyles = css`
  .line {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4rem 0.5rem;
    align-items: center;
  }
  .line > select.type {
    flex: 0 1 13rem;
    min-width: 0;
  }
  .line input[type='text'],
  .line input[type='url'] {
    flex: 1 1 12rem;
    min-width: 0;
  }
  .line input[type='number'] {
    width: 6rem;
  }
  .line .unit {
    font-size: 0.875rem;
    color: var(--ll-muted);
  }
  .line .remove {
    margin-left: auto;
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.9rem;
  }
  .checks .check {
    margin: 0;
  }
  .hint {
    display: block;
    margin-top: 0.3rem;
  }
  .row-error {
    margin: 0.35rem 0 0;
    color: var(--ll-danger);
    font-size: 0.8125rem;
  }
`;

/**
 * One condition of the rule builder: its type, then the inputs that type needs (country codes,
 * classes, numbers with their unit, a page pattern). Controlled: fires `cond-change` with the new
 * draft and `cond-remove`; shows `error` under the row.
 */
@localized()
@customElement('ll-trigger-condition')
export class LlTriggerCondition extends LitElement {
  static override styles = [base, rowStyles];

  @property({ attribute: false }) value!: CondDraft;
  @property({ type: Boolean }) readonly = false;
  /** Whether the remove button shows (a list keeps its last row). */
  @property({ type: Boolean }) removable = true;
  @property() error = '';

  private set(patch: Partial<CondDraft>) {
    this.dispatchEvent(new CustomEvent('cond-change', { detail: { ...this.value, ...patch } }));
  }

  private onType(e: Event) {
    const type = (e.target as HTMLSelectElement).value as CondType;
    this.set({ ...newCondition(type), key: this.value.key });
  }

  private text(label: string, placeholder = '') {
    return html`<input type="text" aria-label=${label} placeholder=${placeholder} .value=${this.value.text}
      ?disabled=${this.readonly} @input=${(e: Event) => this.set({ text: (e.target as HTMLInputElement).value })} />`;
  }

  private num(field: 'num' | 'num2', label: string, min: number, max: number) {
    return html`<input type="number" inputmode="numeric" aria-label=${label} min=${min} max=${max} step="1"
      .value=${this.value[field]} ?disabled=${this.readonly}
      @input=${(e: Event) => this.set({ [field]: (e.target as HTMLInputElement).value })} />`;
  }

  private unit(text: string) {
    return html`<span class="unit">${text}</span>`;
  }

  private inputs() {
    const v = this.value;
    const atLeast = msg('at least', { id: 'triggers.unit.atleast' });
    switch (v.type) {
      case 'page':
        return this.text(msg('Page pattern', { id: 'triggers.page.label' }), '/pricing*');
      case 'country':
        return this.text(msg('Country codes', { id: 'triggers.country.label' }), 'DE, AT, CH');
      case 'industry':
        return this.text(msg('Industry', { id: 'triggers.industry.label' }), 'Chemicals');
      case 'employees':
        return this.text(
          msg('Company sizes', { id: 'triggers.employees.label' }),
          '500-999, 1000+',
        );
      case 'tag':
        return this.text(msg('Tag', { id: 'triggers.tag.label' }), 'hot-lead');
      case 'status':
        return html`<select aria-label=${msg('Status', { id: 'triggers.status.label' })} ?disabled=${this.readonly}
          @change=${(e: Event) => this.set({ text: (e.target as HTMLSelectElement).value })}>
          ${STATUSES.map((s) => html`<option value=${s} ?selected=${v.text === s}>${statusLabel(s)}</option>`)}
        </select>`;
      case 'visits':
        return html`${this.unit(atLeast)}${this.num('num', msg('Visits', { id: 'triggers.visits.label' }), 1, 10_000)}
          ${this.unit(msg('visits in', { id: 'triggers.unit.visitsin' }))}${this.num('num2', msg('Days', { id: 'triggers.days.label' }), 1, 365)}
          ${this.unit(msg('days', { id: 'triggers.unit.days' }))}`;
      case 'pageviews':
        return html`${this.unit(atLeast)}${this.num('num', msg('Pageviews', { id: 'triggers.pageviews.label' }), 1, 10_000)}`;
      case 'timeOnSite':
        return html`${this.unit(atLeast)}${this.num('num', msg('Time on site', { id: 'triggers.cond.timeOnSite' }), 1, v.unit === 'min' ? 1440 : 86_400)}
          <select aria-label=${msg('Unit', { id: 'triggers.unit.label' })} ?disabled=${this.readonly}
            @change=${(e: Event) => this.set({ unit: (e.target as HTMLSelectElement).value as 's' | 'min' })}>
            <option value="min" ?selected=${v.unit === 'min'}>${msg('minutes', { id: 'triggers.unit.minutes' })}</option>
            <option value="s" ?selected=${v.unit === 's'}>${msg('seconds', { id: 'triggers.unit.seconds' })}</option>
          </select>`;
      case 'returning':
        return html`${this.unit(msg('after at least', { id: 'triggers.unit.after' }))}${this.num('num', msg('Days away', { id: 'triggers.returning.label' }), 1, 3650)}
          ${this.unit(msg('days away', { id: 'triggers.unit.daysaway' }))}`;
      case 'score':
        return html`${this.num('num', msg('Lead score', { id: 'sort.score' }), 0, 100)}${this.unit(msg('of 100', { id: 'triggers.unit.of100' }))}`;
      default:
        return nothing;
    }
  }

  private hint() {
    switch (this.value.type) {
      case 'page':
        return msg(
          'Any page of the visit. * matches anything: /pricing* covers /pricing and /pricing/enterprise.',
          { id: 'triggers.page.hint' },
        );
      case 'country':
        return msg('Two-letter codes, separated by commas.', { id: 'triggers.country.hint' });
      case 'employees':
        return msg('Sizes as your company data names them, separated by commas.', {
          id: 'triggers.employees.hint',
        });
      case 'firstVisit':
        return msg('The company has never visited before.', { id: 'triggers.firstVisit.hint' });
      default:
        return '';
    }
  }

  private classes() {
    const chosen = new Set(this.value.list);
    const toggle = (c: string, on: boolean) =>
      this.set({ list: CLASSES.filter((x) => (x === c ? on : chosen.has(x))) });
    return html`<div class="checks" role="group" aria-label=${condLabel('class')}>
      ${CLASSES.map(
        (
          c,
        ) => html`<label class="check"><input type="checkbox" .checked=${chosen.has(c)} ?disabled=${this.readonly}
          @change=${(e: Event) => toggle(c, (e.target as HTMLInputElement).checked)} /> ${classLabel(c)}</label>`,
      )}
    </div>`;
  }

  override render() {
    const v = this.value;
    const hint = this.hint();
    return html`<div class="line">
        <select class="type" aria-label=${msg('Condition', { id: 'triggers.cond.label' })} ?disabled=${this.readonly} @change=${this.onType}>
          ${COND_TYPES.map((t) => html`<option value=${t} ?selected=${v.type === t}>${condLabel(t)}</option>`)}
        </select>
        ${this.inputs()}
        ${
          this.readonly || !this.removable
            ? null
            : html`<button type="button" class="small remove" aria-label=${msg('Remove condition', { id: 'triggers.cond.remove' })}
                @click=${() => this.dispatchEvent(new Event('cond-remove'))}>✕</button>`
        }
      </div>
      ${v.type === 'class' ? this.classes() : null}
      ${hint ? html`<span class="hint">${hint}</span>` : null}
      ${this.error ? html`<p class="row-error" role="alert">${this.error}</p>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-trigger-condition': LlTriggerCondition;
  }
}
