import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  createToken,
  listTokens,
  revokeToken,
  type TokenCreated,
  type TokenInput,
  type TokenSummary,
} from './api/tokens.ts';
import { fmtAgo, fmtDateTime } from './format.ts';
import './ll-copy-button.ts';
import { base } from './styles.ts';

/**
 * API tokens (admins): the tokens for /api/v1 with their scope, prefix and last use; creating one
 * shows its secret once, with a copy button; revoking asks for a second click.
 */
@localized()
@customElement('ll-api-tokens')
export class LlApiTokens extends LitElement {
  static override styles = [
    base,
    css`
      form.create {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-end;
        margin-top: 1.25rem;
      }
      form.create .field {
        margin: 0;
      }
      .secret-box {
        margin-top: 1rem;
        padding: 0.8rem 0.9rem;
        background: var(--ll-accent-soft);
        border-radius: var(--ll-radius);
      }
      .secret-box code {
        display: block;
        margin: 0.4rem 0 0.6rem;
        overflow-wrap: anywhere;
        font-family: var(--ll-mono);
        font-size: 0.8125rem;
        user-select: all;
      }
      td,
      th {
        white-space: nowrap;
      }
      td code {
        font-family: var(--ll-mono);
        font-size: 0.8125rem;
      }
      tr.revoked td {
        color: var(--ll-muted);
      }
      h3 {
        font-size: 0.9rem;
        margin: 1.5rem 0 0;
      }
    `,
  ];

  /** The token just created: its secret is shown until the page is left, never again. */
  @state() private created: TokenCreated | null = null;
  @state() private error = '';
  @state() private confirmRevoke = 0;

  private tokens = new Task(this, {
    task: (_a, { signal }) => listTokens(signal),
    args: () => [],
  });

  private async onCreate(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    this.error = '';
    try {
      this.created = await createToken({
        name: String(f.get('name')).trim(),
        scope: f.get('scope') as TokenInput['scope'],
      });
      form.reset();
      this.tokens.run();
    } catch {
      this.error = msg('The token could not be created. Check its name.', {
        id: 'tokens.create.error',
      });
    }
  }

  private async onRevoke(id: number) {
    if (this.confirmRevoke !== id) {
      this.confirmRevoke = id;
      return;
    }
    this.confirmRevoke = 0;
    this.error = '';
    try {
      await revokeToken(id);
      if (this.created?.token.id === id) this.created = null;
    } catch {
      this.error = msg('The token could not be revoked.', { id: 'tokens.revoke.error' });
    }
    this.tokens.run();
  }

  private scopeLabel(scope: TokenSummary['scope']) {
    return scope === 'write'
      ? msg('Read and write', { id: 'tokens.scope.write' })
      : msg('Read only', { id: 'tokens.scope.read' });
  }

  private row(t: TokenSummary) {
    const revoked = t.revokedAt !== null;
    return html`<tr class=${revoked ? 'revoked' : ''}>
      <td>${t.name}</td>
      <td>${this.scopeLabel(t.scope)}</td>
      <td><code>${t.prefix}…</code></td>
      <td title=${fmtDateTime(t.createdAt)}>${fmtAgo(t.createdAt)}${t.createdBy ? html` <span class="muted small">(${t.createdBy})</span>` : null}</td>
      <td title=${t.lastUsedAt ? fmtDateTime(t.lastUsedAt) : ''}>${t.lastUsedAt ? fmtAgo(t.lastUsedAt) : msg('Never', { id: 'users.never' })}</td>
      <td class="num">${
        revoked
          ? html`<span class="muted small" title=${fmtDateTime(t.revokedAt!)}>${msg('Revoked', { id: 'tokens.revoked' })}</span>`
          : html`<button type="button" class="small danger ${this.confirmRevoke === t.id ? 'confirm' : ''}" @click=${() => this.onRevoke(t.id)} @blur=${() => (this.confirmRevoke = 0)}>${this.confirmRevoke === t.id ? msg('Confirm revoke', { id: 'tokens.revoke.confirm' }) : msg('Revoke', { id: 'tokens.revoke' })}</button>`
      }</td>
    </tr>`;
  }

  override render() {
    return html`<div class="page-head"><h1>${msg('API tokens', { id: 'tokens.title' })}</h1></div>
      <section class="card" aria-labelledby="tokens-h">
      <h2 id="tokens-h" class="sr-only">${msg('API tokens', { id: 'tokens.title' })}</h2>
      <p class="muted">${msg('Tokens let other tools (a CRM, a script) use the Leadlens API at /api/v1. A read-only token can list and read; a read and write token can also set status, tags and notes.', { id: 'tokens.intro' })}
        <a href="/openapi" target="_blank" rel="noopener">${msg('API documentation', { id: 'tokens.docs' })}</a></p>
      ${this.tokens.render({
        pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('The tokens could not be loaded.', { id: 'tokens.loaderror' })}</p>`,
        complete: (tokens) =>
          tokens.length
            ? html`<div class="table-wrap"><table>
          <thead><tr>
            <th scope="col">${msg('Name', { id: 'site.name' })}</th>
            <th scope="col">${msg('Access', { id: 'tokens.scope' })}</th>
            <th scope="col">${msg('Token', { id: 'tokens.prefix' })}</th>
            <th scope="col">${msg('Created', { id: 'tokens.created' })}</th>
            <th scope="col">${msg('Last used', { id: 'tokens.lastused' })}</th>
            <th scope="col"><span class="sr-only">${msg('Actions', { id: 'users.actions' })}</span></th>
          </tr></thead>
          <tbody>${tokens.map((t) => this.row(t))}</tbody>
        </table></div>`
            : html`<p class="muted">${msg('No tokens yet.', { id: 'tokens.none' })}</p>`,
      })}
      <h3>${msg('Create a token', { id: 'tokens.create' })}</h3>
      <form class="create" @submit=${this.onCreate}>
        <div class="field">
          <label for="tok-name">${msg('Name', { id: 'site.name' })}</label>
          <input id="tok-name" name="name" required maxlength="100" placeholder=${msg('e.g. CRM sync', { id: 'tokens.name.placeholder' })} />
        </div>
        <div class="field">
          <label for="tok-scope">${msg('Access', { id: 'tokens.scope' })}</label>
          <select id="tok-scope" name="scope">
            <option value="read" selected>${this.scopeLabel('read')}</option>
            <option value="write">${this.scopeLabel('write')}</option>
          </select>
        </div>
        <button class="primary">${msg('Create token', { id: 'tokens.create.submit' })}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      ${
        this.created
          ? html`<div class="secret-box" role="status">
              ${msg(str`Copy the token “${this.created.token.name}” now: it is shown only this once. Send it as Authorization: Bearer …`, { id: 'tokens.secret' })}
              <code>${this.created.secret}</code>
              <ll-copy-button .text=${this.created.secret} label=${msg('Copy token', { id: 'tokens.copy' })}></ll-copy-button>
            </div>`
          : null
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-api-tokens': LlApiTokens;
  }
}
