import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { type AttributionLine, getAttribution } from './api/sources.ts';
import { type CreditGroup, groupCredits } from './credits.ts';
import { base } from './styles.ts';

const external = (href: string | undefined, text: string) =>
  href ? html`<a href=${href} target="_blank" rel="noopener noreferrer">${text}</a>` : text;

/**
 * The footer of every signed-in screen: the credits the loaded data asks for (CC BY and the
 * like), and a link to the public /about page that lists them without a session.
 */
@localized()
@customElement('ll-footer')
export class LlFooter extends LitElement {
  static override styles = [
    base,
    css`
      footer {
        max-width: 1440px;
        margin: 0 auto;
        padding: 1rem clamp(0.75rem, 3vw, 2rem) 2rem;
        border-top: 1px solid var(--ll-border);
        font-size: 0.8125rem;
        color: var(--ll-muted);
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1.25rem;
        overflow-wrap: anywhere;
      }
      a {
        color: inherit;
      }
    `,
  ];

  private credits = new Task(this, {
    // Credits are a courtesy of the footer: a failure leaves only the /about link.
    task: async (_a, { signal }) =>
      groupCredits(await getAttribution(signal).catch(() => [] as AttributionLine[])),
    args: () => [],
  });

  private renderGroup(g: CreditGroup) {
    return html`<span class="credit">${g.credits.map(
      (c, i) => html`${i ? ' · ' : ''}${external(c.href, c.text)}`,
    )}${g.licence ? html` — ${external(g.licenceHref, g.licence)}` : ''}</span>`;
  }

  override render() {
    const groups = this.credits.value ?? [];
    return html`<footer aria-label=${msg('Data credits', { id: 'footer.label' })}>
      ${groups.map((g) => this.renderGroup(g))}
      <a href="/about">${msg('About the data', { id: 'footer.about' })}</a>
    </footer>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-footer': LlFooter;
  }
}
