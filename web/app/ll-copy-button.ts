import { localized, msg } from '@lit/localize';
import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { base } from './styles.ts';

/** A button that copies `text` to the clipboard and says so for two seconds. */
@localized()
@customElement('ll-copy-button')
export class LlCopyButton extends LitElement {
  static override styles = [base];

  /** What to copy. */
  @property() text = '';
  /** The button's label (defaults to "Copy"). */
  @property() label = '';
  @state() private done: 'copied' | 'failed' | null = null;
  private timer = 0;

  private async copy() {
    try {
      await navigator.clipboard.writeText(this.text);
      this.done = 'copied';
    } catch {
      // Clipboard access needs a secure context (https or localhost); the text stays selectable.
      this.done = 'failed';
    }
    clearTimeout(this.timer);
    this.timer = window.setTimeout(() => (this.done = null), 2000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.timer);
  }

  override render() {
    const text =
      this.done === 'copied'
        ? msg('Copied', { id: 'copy.done' })
        : this.done === 'failed'
          ? msg('Select and copy by hand', { id: 'copy.failed' })
          : this.label || msg('Copy', { id: 'copy.label' });
    return html`<button type="button" class="small" @click=${this.copy}>
      <span aria-live="polite">${text}</span>
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-copy-button': LlCopyButton;
  }
}
