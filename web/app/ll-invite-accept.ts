import { localized, msg, str } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { acceptInvite, getInvite } from './api/auth.ts';
import { ApiError } from './api/http.ts';
import { emit, SIGNED_IN_EVENT } from './context.ts';
import { roleLabel } from './labels.ts';
import './ll-auth-card.ts';
import { base } from './styles.ts';

/** The invite link (`/invite?token=`): shows who it is for, then creates the account. */
@localized()
@customElement('ll-invite-accept')
export class LlInviteAccept extends LitElement {
  static override styles = [
    base,
    css`
      button.primary {
        width: 100%;
        margin-top: 0.5rem;
      }
      .for {
        background: var(--ll-subtle);
        border: 1px solid var(--ll-border);
        border-radius: var(--ll-radius);
        padding: 0.6rem 0.8rem;
        margin-bottom: 1rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  private token = new URLSearchParams(location.search).get('token') ?? '';
  @state() private error = '';
  @state() private busy = false;

  private invite = new Task(this, {
    task: async ([token]) => (token ? getInvite(token) : null),
    args: () => [this.token],
  });

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      const user = await acceptInvite({
        token: this.token,
        name: String(f.get('name')).trim(),
        password: String(f.get('password')),
      });
      emit(this, SIGNED_IN_EVENT, { user, next: '/' });
    } catch (err) {
      this.error =
        err instanceof ApiError && err.status === 400
          ? msg('Check the fields: a name and a password of at least 10 characters.', {
              id: 'invite.invalid',
            })
          : msg('This invite link is no longer valid. Ask for a new one.', {
              id: 'invite.expired',
            });
    } finally {
      this.busy = false;
    }
  }

  private renderForm(email: string, role: Parameters<typeof roleLabel>[0]) {
    return html`<p class="for">
        ${msg(str`For ${email}, as ${roleLabel(role)}.`, { id: 'invite.for' })}
      </p>
      <form @submit=${this.submit}>
        <div class="field">
          <label for="name">${msg('Your name', { id: 'form.name' })}</label>
          <input id="name" name="name" required maxlength="100" autocomplete="name" />
        </div>
        <div class="field">
          <label for="password">${msg('Password', { id: 'form.password' })}</label>
          <input id="password" name="password" type="password" required minlength="10" maxlength="256" autocomplete="new-password" aria-describedby="pw-hint" />
          <span class="hint" id="pw-hint">${msg('At least 10 characters.', { id: 'form.password.hint' })}</span>
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
        <button class="primary" ?disabled=${this.busy}>${msg('Create my account', { id: 'invite.submit' })}</button>
      </form>`;
  }

  override render() {
    return html`<ll-auth-card heading=${msg('Join Leadlens', { id: 'invite.title' })}>
      ${this.invite.render({
        pending: () =>
          html`<p class="muted" role="status">${msg('Loading…', { id: 'app.loading' })}</p>`,
        complete: (info) =>
          info
            ? this.renderForm(info.email, info.role)
            : html`<p class="error">${msg('This invite link is incomplete.', { id: 'invite.notoken' })}</p>`,
        error: () =>
          html`<p class="error" role="alert">${msg('This invite link is no longer valid. Ask for a new one.', { id: 'invite.expired' })}</p>
            <p><a href="/login">${msg('Go to sign-in', { id: 'setup.tologin' })}</a></p>`,
      })}
    </ll-auth-card>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-invite-accept': LlInviteAccept;
  }
}
