import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { getSetupStatus, login } from './api/auth.ts';
import { ApiError } from './api/http.ts';
import { emit, SIGNED_IN_EVENT } from './context.ts';
import './ll-auth-card.ts';
import { base } from './styles.ts';

/** The sign-in form. Says how to create the first account when none exists yet. */
@localized()
@customElement('ll-login')
export class LlLogin extends LitElement {
  static override styles = [
    base,
    css`
      button.primary {
        width: 100%;
        margin-top: 0.5rem;
      }
      .about {
        margin: 1rem 0 0;
        text-align: center;
      }
    `,
  ];

  /** Already signed in (someone opened /login): offer the way back. */
  @property({ type: Boolean }) signedIn = false;
  @state() private error = '';
  @state() private busy = false;

  private setup = new Task(this, {
    task: async () => (await getSetupStatus()).needsSetup,
    args: () => [],
  });

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      const user = await login({
        email: String(f.get('email')),
        password: String(f.get('password')),
      });
      const next = new URLSearchParams(location.search).get('next') ?? '/';
      emit(this, SIGNED_IN_EVENT, { user, next });
    } catch (err) {
      this.error =
        err instanceof ApiError && err.status === 401
          ? msg('Wrong e-mail or password.', { id: 'login.wrong' })
          : err instanceof ApiError && err.status === 429
            ? msg('Too many attempts. Wait a minute and try again.', { id: 'login.limited' })
            : msg('Sign-in failed. Try again.', { id: 'login.failed' });
    } finally {
      this.busy = false;
    }
  }

  /** The public page with the data's credits (the licences ask for them before sign-in too). */
  private about() {
    return html`<p class="small muted about"><a href="/about">${msg('About the data', { id: 'footer.about' })}</a></p>`;
  }

  override render() {
    if (this.setup.value === true) {
      return html`<ll-auth-card
        heading=${msg('Welcome to Leadlens', { id: 'login.setup.title' })}
        lead=${msg('No account exists yet. Open the one-time setup link that the server printed in its console when it started, and create the owner account there.', { id: 'login.setup.text' })}
      >${this.about()}</ll-auth-card>`;
    }
    return html`<ll-auth-card heading=${msg('Sign in', { id: 'login.title' })}>
      ${this.signedIn ? html`<p><a href="/">${msg('You are signed in. Go to companies.', { id: 'login.already' })}</a></p>` : null}
      <form @submit=${this.submit}>
        <div class="field">
          <label for="email">${msg('E-mail', { id: 'form.email' })}</label>
          <input id="email" name="email" type="email" required autocomplete="username" />
        </div>
        <div class="field">
          <label for="password">${msg('Password', { id: 'form.password' })}</label>
          <input id="password" name="password" type="password" required autocomplete="current-password" />
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
        <button class="primary" ?disabled=${this.busy}>${msg('Sign in', { id: 'login.submit' })}</button>
      </form>
      ${this.about()}
    </ll-auth-card>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-login': LlLogin;
  }
}
