import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { STATUSES, statusLabel } from './labels.ts';
import { rowListStyles, rowStyles } from './ll-trigger-condition.ts';
import {
  ACTION_TYPES,
  type ActionDraft,
  type ActionType,
  type DraftErrors,
  errorsUnder,
  MAX_ACTIONS,
  newAction,
} from './ll-trigger-draft.ts';
import { actionLabel } from './ll-trigger-labels.ts';
import { base } from './styles.ts';

/**
 * The "then" part of the rule builder: what a firing does (e-mail, webhook, Slack, tag, status),
 * one row each with the input its type needs. Controlled: fires `actions-change` with the rows.
 */
@localized()
@customElement('ll-trigger-actions')
export class LlTriggerActions extends LitElement {
  static override styles = [
    base,
    rowStyles,
    rowListStyles,
    css`
      .add {
        margin-top: 0.6rem;
      }
    `,
  ];

  @property({ attribute: false }) actions: ActionDraft[] = [];
  @property({ attribute: false }) errors: DraftErrors = {};
  @property({ type: Boolean }) readonly = false;

  private emit(actions: ActionDraft[]) {
    this.dispatchEvent(new CustomEvent('actions-change', { detail: actions }));
  }

  private replace(i: number, a: ActionDraft | null) {
    const next = [...this.actions];
    if (a) next[i] = a;
    else next.splice(i, 1);
    this.emit(next);
  }

  private input(a: ActionDraft, i: number) {
    const set = (e: Event) =>
      this.replace(i, { ...a, text: (e.target as HTMLInputElement | HTMLSelectElement).value });
    if (a.type === 'status')
      return html`<select aria-label=${msg('Status', { id: 'triggers.status.label' })} ?disabled=${this.readonly} @change=${set}>
        ${STATUSES.map((s) => html`<option value=${s} ?selected=${a.text === s}>${statusLabel(s)}</option>`)}
      </select>`;
    const [label, placeholder, type] =
      a.type === 'email'
        ? [
            msg('Recipients', { id: 'triggers.email.label' }),
            'sales@example.com, ceo@example.com',
            'text',
          ]
        : a.type === 'webhook'
          ? [
              msg('Webhook URL', { id: 'triggers.webhook.label' }),
              'https://hooks.example.com/leadlens',
              'url',
            ]
          : a.type === 'slack'
            ? [
                msg('Slack webhook URL', { id: 'triggers.slack.label' }),
                'https://hooks.slack.com/services/…',
                'url',
              ]
            : [msg('Tag', { id: 'triggers.tag.label' }), 'hot-lead', 'text'];
    return html`<input type=${type} aria-label=${label} placeholder=${placeholder} .value=${a.text}
      ?disabled=${this.readonly} @input=${set} />`;
  }

  private hint(t: ActionType) {
    if (t === 'webhook')
      return msg('A signed JSON POST. The signing secret is shown once, after saving.', {
        id: 'triggers.webhook.hint',
      });
    if (t === 'email')
      return msg('Needs the e-mail (SMTP) settings.', { id: 'triggers.email.hint' });
    return '';
  }

  private row(a: ActionDraft, i: number) {
    const error = errorsUnder(this.errors, `/actions/${i}`);
    const hint = this.hint(a.type);
    return html`<li>
      <div class="line">
        <select class="type" aria-label=${msg('Action', { id: 'triggers.action.label' })} ?disabled=${this.readonly}
          @change=${(e: Event) => this.replace(i, { ...newAction((e.target as HTMLSelectElement).value as ActionType), key: a.key })}>
          ${ACTION_TYPES.map((t) => html`<option value=${t} ?selected=${a.type === t}>${actionLabel(t)}</option>`)}
        </select>
        ${this.input(a, i)}
        ${
          this.readonly || this.actions.length < 2
            ? null
            : html`<button type="button" class="small remove" aria-label=${msg('Remove action', { id: 'triggers.action.remove' })}
                @click=${() => this.replace(i, null)}>✕</button>`
        }
      </div>
      ${hint ? html`<span class="hint">${hint}</span>` : null}
      ${error ? html`<p class="row-error" role="alert">${error}</p>` : null}
    </li>`;
  }

  override render() {
    const own = this.errors['/actions'];
    return html`<ol>${repeat(
      this.actions,
      (a) => a.key,
      (a, i) => this.row(a, i),
    )}</ol>
      ${own ? html`<p class="row-error" role="alert">${own}</p>` : null}
      ${
        this.readonly
          ? null
          : html`<div class="add"><button type="button" class="small add-action" ?disabled=${this.actions.length >= MAX_ACTIONS}
            @click=${() => this.emit([...this.actions, newAction('tag')])}>+ ${msg('Add action', { id: 'triggers.action.add' })}</button></div>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-trigger-actions': LlTriggerActions;
  }
}
