import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { AuthUser } from './api/auth.ts';
import { changeRole, createInvite, listUsers, type Role, removeUser } from './api/users.ts';
import { fmtAgo, fmtDateTime } from './format.ts';
import { ROLES, roleLabel } from './labels.ts';
import './ll-copy-button.ts';
import { base } from './styles.ts';

/** The users: roles, removal, and invites as one-time links the admin passes on. */
@localized()
@customElement('ll-users')
export class LlUsers extends LitElement {
  static override styles = [
    base,
    css`
      form.invite {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-end;
        margin-top: 1.25rem;
      }
      form.invite .field {
        margin: 0;
      }
      .link-box {
        margin-top: 1rem;
        padding: 0.8rem 0.9rem;
        background: var(--ll-accent-soft);
        border-radius: var(--ll-radius);
      }
      .link-box code {
        display: block;
        margin: 0.4rem 0 0.6rem;
        overflow-wrap: anywhere;
        font-family: var(--ll-mono);
        font-size: 0.8125rem;
      }
      td,
      th {
        white-space: nowrap;
      }
      h3 {
        font-size: 0.9rem;
        margin: 1.5rem 0 0;
      }
    `,
  ];

  /** The signed-in admin (who cannot demote or remove themselves here). */
  @property({ attribute: false }) me!: AuthUser;
  @state() private invite: { url: string; expiresAt: number } | null = null;
  @state() private error = '';
  @state() private confirmRemove = 0;

  private users = new Task(this, {
    task: (_a, { signal }) => listUsers(signal),
    args: () => [],
  });

  private async act(run: () => Promise<unknown>) {
    this.error = '';
    try {
      await run();
      this.users.run();
    } catch {
      this.error = msg('The change was refused. An instance keeps at least one owner.', {
        id: 'users.error',
      });
    }
  }

  private async onInvite(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = new FormData(form);
    this.error = '';
    try {
      const r = await createInvite({
        email: String(f.get('email')).trim(),
        role: f.get('role') as Role,
      });
      this.invite = { url: new URL(r.path, location.origin).href, expiresAt: r.expiresAt };
      form.reset();
    } catch {
      this.error = msg('The invite could not be created. Check the e-mail address.', {
        id: 'users.invite.error',
      });
    }
  }

  private onRemove(id: number) {
    if (this.confirmRemove !== id) {
      this.confirmRemove = id;
      return;
    }
    this.confirmRemove = 0;
    void this.act(() => removeUser(id));
  }

  override render() {
    return html`<section class="card" aria-labelledby="users-h">
      <h2 id="users-h">${msg('Users', { id: 'users.title' })}</h2>
      ${this.users.render({
        pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('The users could not be loaded.', { id: 'users.loaderror' })}</p>`,
        complete: (users) => html`<div class="table-wrap"><table>
          <thead><tr>
            <th scope="col">${msg('Name', { id: 'site.name' })}</th>
            <th scope="col">${msg('E-mail', { id: 'form.email' })}</th>
            <th scope="col">${msg('Role', { id: 'users.role' })}</th>
            <th scope="col">${msg('Last sign-in', { id: 'users.lastlogin' })}</th>
            <th scope="col"><span class="sr-only">${msg('Actions', { id: 'users.actions' })}</span></th>
          </tr></thead>
          <tbody>${users.map(
            (u) => html`<tr>
              <td>${u.name}</td>
              <td>${u.email}</td>
              <td>${
                u.id === this.me.id
                  ? roleLabel(u.role)
                  : html`<select aria-label=${msg(str`Role of ${u.name}`, { id: 'users.role.of' })} @change=${(e: Event) => this.act(() => changeRole(u.id, (e.target as HTMLSelectElement).value as Role))}>
                      ${ROLES.map((r) => html`<option value=${r} ?selected=${u.role === r}>${roleLabel(r)}</option>`)}
                    </select>`
              }</td>
              <td title=${u.lastLoginAt ? fmtDateTime(u.lastLoginAt) : ''}>${u.lastLoginAt ? fmtAgo(u.lastLoginAt) : msg('Never', { id: 'users.never' })}</td>
              <td class="num">${
                u.id === this.me.id
                  ? html`<span class="muted small">${msg('You', { id: 'users.you' })}</span>`
                  : html`<button type="button" class="small danger ${this.confirmRemove === u.id ? 'confirm' : ''}" @click=${() => this.onRemove(u.id)} @blur=${() => (this.confirmRemove = 0)}>${this.confirmRemove === u.id ? msg('Confirm removal', { id: 'users.remove.confirm' }) : msg('Remove', { id: 'users.remove' })}</button>`
              }</td>
            </tr>`,
          )}</tbody>
        </table></div>`,
      })}
      <h3>${msg('Invite someone', { id: 'users.invite' })}</h3>
      <form class="invite" @submit=${this.onInvite}>
        <div class="field">
          <label for="inv-email">${msg('E-mail', { id: 'form.email' })}</label>
          <input id="inv-email" name="email" type="email" required />
        </div>
        <div class="field">
          <label for="inv-role">${msg('Role', { id: 'users.role' })}</label>
          <select id="inv-role" name="role">${ROLES.filter((r) => r !== 'owner' || this.me.role === 'owner').map((r) => html`<option value=${r} ?selected=${r === 'viewer'}>${roleLabel(r)}</option>`)}</select>
        </div>
        <button class="primary">${msg('Create invite link', { id: 'users.invite.submit' })}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      ${
        this.invite
          ? html`<div class="link-box" role="status">
              ${msg(str`Send this link to the person you invite. It works once, until ${fmtDateTime(this.invite.expiresAt)}.`, { id: 'users.invite.link' })}
              <code>${this.invite.url}</code>
              <ll-copy-button .text=${this.invite.url} label=${msg('Copy link', { id: 'users.invite.copy' })}></ll-copy-button>
            </div>`
          : null
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-users': LlUsers;
  }
}
