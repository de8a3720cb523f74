import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { setupOwner } from './api/auth.ts';
import { ApiError } from './api/http.ts';
import { emit, SIGNED_IN_EVENT } from './context.ts';
import './ll-auth-card.ts';
import { base } from './styles.ts';

/** First start: creates the owner account with the one-time token from the setup link (`?token=`). */
@localized()
@customElement('ll-setup')
export class LlSetup extends LitElement {
  static override styles = [
    base,
    css`
      button.primary {
        width: 100%;
        margin-top: 0.5rem;
      }
    `,
  ];

  // Read once: the address bar changes after sign-in, the token must not be re-read then.
  private token = new URLSearchParams(location.search).get('token') ?? '';
  @state() private error = '';
  /** The token was used already: offer the sign-in link. */
  @state() private used = false;
  @state() private busy = false;

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      const user = await setupOwner({
        token: this.token,
        name: String(f.get('name')).trim(),
        email: String(f.get('email')).trim(),
        password: String(f.get('password')),
      });
      // The first thing a new owner needs is a site and its snippet.
      emit(this, SIGNED_IN_EVENT, { user, next: '/sites?new=1' });
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      this.used = [403, 404, 409, 410].includes(status);
      this.error =
        status === 400
          ? msg('Check the fields: a valid e-mail and a password of at least 10 characters.', {
              id: 'setup.invalid',
            })
          : this.used
            ? msg(
                'This setup link is no longer valid: the owner account exists already. Sign in instead.',
                { id: 'setup.used' },
              )
            : msg('Setup failed. Try again.', { id: 'setup.failed' });
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.token) {
      return html`<ll-auth-card
        heading=${msg('Set up Leadlens', { id: 'setup.title' })}
        lead=${msg('This setup link is incomplete. Copy the whole link the server printed in its console.', { id: 'setup.notoken' })}
        ><a href="/login">${msg('Go to sign-in', { id: 'setup.tologin' })}</a></ll-auth-card
      >`;
    }
    return html`<ll-auth-card
      heading=${msg('Set up Leadlens', { id: 'setup.title' })}
      lead=${msg('Create the owner account. This link works once.', { id: 'setup.lead' })}
    >
      <form @submit=${this.submit}>
        <div class="field">
          <label for="name">${msg('Your name', { id: 'form.name' })}</label>
          <input id="name" name="name" required maxlength="100" autocomplete="name" />
        </div>
        <div class="field">
          <label for="email">${msg('E-mail', { id: 'form.email' })}</label>
          <input id="email" name="email" type="email" required autocomplete="username" />
        </div>
        <div class="field">
          <label for="password">${msg('Password', { id: 'form.password' })}</label>
          <input id="password" name="password" type="password" required minlength="10" maxlength="256" autocomplete="new-password" aria-describedby="pw-hint" />
          <span class="hint" id="pw-hint">${msg('At least 10 characters.', { id: 'form.password.hint' })}</span>
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error} ${this.used ? html`<a href="/login">${msg('Go to sign-in', { id: 'setup.tologin' })}</a>` : null}</p>` : null}
        <button class="primary" ?disabled=${this.busy}>${msg('Create owner account', { id: 'setup.submit' })}</button>
      </form>
    </ll-auth-card>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-setup': LlSetup;
  }
}
