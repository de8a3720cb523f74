import { localized, msg } from '@lit/localize';
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { companyExportHref, deleteCompany } from './api/companies.ts';
import { navigate } from './router.ts';
import { base } from './styles.ts';

/**
 * Data-subject requests about one company: export everything as JSON, and (admins) delete the
 * company with all its data. Deleting asks to type the company's name first: it cannot be undone,
 * and a confirm() dialog would be easy to click through (and blocks automated browsers).
 */
@localized()
@customElement('ll-company-data')
export class LlCompanyData extends LitElement {
  static override styles = [
    base,
    css`
      .confirm-box {
        margin-top: 0.9rem;
        display: grid;
        gap: 0.5rem;
      }
      p {
        margin: 0 0 0.6rem;
      }
      /* The labels are long (in French even more): wrap rather than widen a phone's page. */
      button,
      .btn {
        white-space: normal;
        text-align: left;
      }
    `,
  ];

  @property({ type: Number }) companyId = 0;
  @property() companyName = '';
  /** Admins may delete; everyone who sees the profile may export it (the server checks too). */
  @property({ type: Boolean }) canDelete = false;
  @state() private confirming = false;
  @state() private typed = '';
  @state() private busy = false;
  @state() private error = '';

  /** The typed name matches, ignoring surrounding spaces and case. */
  private get nameMatches() {
    return this.typed.trim().toLowerCase() === this.companyName.trim().toLowerCase();
  }

  private async onDelete(e: SubmitEvent) {
    e.preventDefault();
    if (!this.nameMatches) return;
    this.busy = true;
    this.error = '';
    try {
      await deleteCompany(this.companyId);
      navigate('/');
    } catch {
      this.error = msg('The company could not be deleted.', { id: 'company.delete.error' });
    } finally {
      this.busy = false;
    }
  }

  private renderConfirm() {
    return html`<form class="confirm-box" @submit=${this.onDelete}>
      <label for="del-name">${msg('Type the company name to confirm. This cannot be undone.', { id: 'company.delete.type' })}</label>
      <input id="del-name" autocomplete="off" .value=${this.typed}
        @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)} />
      <div class="row">
        <button class="danger confirm" type="submit" ?disabled=${!this.nameMatches || this.busy}>${msg('Delete for good', { id: 'company.delete.confirm' })}</button>
        <button type="button" @click=${() => {
          this.confirming = false;
          this.typed = '';
        }}>${msg('Cancel', { id: 'company.delete.cancel' })}</button>
      </div>
    </form>`;
  }

  override render() {
    return html`<section class="card" aria-labelledby="cd-h">
      <h2 id="cd-h">${msg('Data about this company', { id: 'company.data' })}</h2>
      <p class="small muted">${msg('For a request to access or erase what Leadlens recorded about this organisation.', { id: 'company.data.text' })}</p>
      <p><a class="btn export" href=${companyExportHref(this.companyId)} download>${msg('Export data (JSON)', { id: 'company.export' })}</a></p>
      ${
        this.canDelete && !this.confirming
          ? html`<button class="danger delete" @click=${() => (this.confirming = true)}>${msg('Delete company and all its data', { id: 'company.delete' })}</button>`
          : ''
      }
      ${this.canDelete && this.confirming ? this.renderConfirm() : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-company-data': LlCompanyData;
  }
}
