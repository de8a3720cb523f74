import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { rowListStyles } from './ll-trigger-condition.ts';
import {
  type CondDraft,
  type DraftErrors,
  errorsUnder,
  MAX_CONDITIONS,
  type Match,
  newCondition,
  newGroup,
  type RowDraft,
} from './ll-trigger-draft.ts';
import { base } from './styles.ts';

/** What `rules-change` carries: the match and the rows after the edit. */
export interface RulesChange {
  match: Match;
  rows: RowDraft[];
}

/**
 * The "when" part of the rule builder: all/any, the condition rows, and (at the top level) nested
 * groups for "A and (B or C)". Controlled: fires `rules-change`. `path` is the JSON path of the
 * rules object ('/rules', '/rules/conditions/2'), for the errors that belong here.
 */
@localized()
@customElement('ll-trigger-rules')
export class LlTriggerRules extends LitElement {
  static override styles = [
    base,
    rowListStyles,
    css`
      .match {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem;
        margin-bottom: 0.6rem;
        font-size: 0.9rem;
      }
      li.group {
        background: var(--ll-surface);
        border-style: dashed;
      }
      .group-head {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
        font-size: 0.8125rem;
        font-weight: 600;
        color: var(--ll-muted);
      }
      .add {
        margin-top: 0.6rem;
      }
      .row-error {
        margin: 0.4rem 0 0;
        color: var(--ll-danger);
        font-size: 0.8125rem;
      }
    `,
  ];

  @property() match: Match = 'all';
  @property({ attribute: false }) rows: RowDraft[] = [];
  @property({ attribute: false }) errors: DraftErrors = {};
  @property() path = '/rules';
  /** A nested group: no further groups inside. */
  @property({ type: Boolean }) nested = false;
  @property({ type: Boolean }) readonly = false;

  private emit(change: Partial<RulesChange>) {
    const detail: RulesChange = { match: this.match, rows: this.rows, ...change };
    this.dispatchEvent(new CustomEvent('rules-change', { detail }));
  }

  private replace(i: number, row: RowDraft | null) {
    const rows = [...this.rows];
    if (row) rows[i] = row;
    else rows.splice(i, 1);
    this.emit({ rows });
  }

  private renderRow(r: RowDraft, i: number) {
    const p = `${this.path}/conditions/${i}`;
    if (r.type !== 'group') {
      return html`<li><ll-trigger-condition .value=${r} ?readonly=${this.readonly} ?removable=${this.rows.length > 1}
        error=${errorsUnder(this.errors, p)}
        @cond-change=${(e: CustomEvent<CondDraft>) => this.replace(i, e.detail)}
        @cond-remove=${() => this.replace(i, null)}></ll-trigger-condition></li>`;
    }
    return html`<li class="group">
      <div class="group-head">
        <span>${msg('Group', { id: 'triggers.cond.group' })}</span>
        ${
          this.readonly
            ? null
            : html`<button type="button" class="small" @click=${() => this.replace(i, null)}>${msg('Remove group', { id: 'triggers.group.remove' })}</button>`
        }
      </div>
      <ll-trigger-rules nested .match=${r.match} .rows=${r.conditions} .errors=${this.errors} path=${p} ?readonly=${this.readonly}
        @rules-change=${(e: CustomEvent<RulesChange>) => {
          e.stopPropagation();
          this.replace(i, {
            ...r,
            match: e.detail.match,
            conditions: e.detail.rows as CondDraft[],
          });
        }}></ll-trigger-rules>
    </li>`;
  }

  override render() {
    const own = [this.path, `${this.path}/match`, `${this.path}/conditions`]
      .map((k) => this.errors[k])
      .filter(Boolean)
      .join(' ');
    const full = this.rows.length >= MAX_CONDITIONS;
    return html`<div class="match">
        <label for="match">${this.nested ? msg('Match', { id: 'triggers.match.nested' }) : msg('Fire when the company matches', { id: 'triggers.match' })}</label>
        <select id="match" ?disabled=${this.readonly}
          @change=${(e: Event) => this.emit({ match: (e.target as HTMLSelectElement).value as Match })}>
          <option value="all" ?selected=${this.match === 'all'}>${msg('all of these', { id: 'triggers.match.all' })}</option>
          <option value="any" ?selected=${this.match === 'any'}>${msg('any of these', { id: 'triggers.match.any' })}</option>
        </select>
      </div>
      <ol>${repeat(
        this.rows,
        (r) => r.key,
        (r, i) => this.renderRow(r, i),
      )}</ol>
      ${own ? html`<p class="row-error" role="alert">${own}</p>` : null}
      ${
        this.readonly
          ? null
          : html`<div class="row add">
            <button type="button" class="small add-condition" ?disabled=${full}
              @click=${() => this.emit({ rows: [...this.rows, newCondition('country')] })}>+ ${msg('Add condition', { id: 'triggers.cond.add' })}</button>
            ${
              this.nested
                ? null
                : html`<button type="button" class="small add-group" ?disabled=${full}
                  @click=${() => this.emit({ rows: [...this.rows, newGroup()] })}>+ ${msg('Add group', { id: 'triggers.group.add' })}</button>`
            }
          </div>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-trigger-rules': LlTriggerRules;
  }
}
