import { localized, msg } from '@lit/localize';
import { Task } from '@lit/task';
import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  addOptout,
  type CompanyHit,
  decideOptoutRequest,
  listOptoutRequests,
  listOptouts,
  removeOptout,
  searchCompanies,
} from './api/optouts.ts';
import { fmtDateTime } from './format.ts';
import { base } from './styles.ts';

type AddKind = 'company' | 'domain' | 'range';

/**
 * Opt-outs (admins): the organisations never shown again, adding one by company, domain or range,
 * undoing one, and the review queue of requests sent through the public /opt-out page.
 */
@localized()
@customElement('ll-optouts')
export class LlOptouts extends LitElement {
  static override styles = [
    base,
    css`
      form.add {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-end;
        margin-top: 1rem;
      }
      form.add .field {
        margin: 0;
      }
      ul.hits {
        list-style: none;
        padding: 0;
      }
      ul.hits li {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        padding: 0.25rem 0;
      }
      h3 {
        font-size: 0.9rem;
        margin: 1.5rem 0 0;
      }
      td.message {
        max-width: 24rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @state() private kind: AddKind = 'company';
  @state() private hits: CompanyHit[] = [];
  @state() private error = '';
  @state() private confirmRemove = 0;

  private optouts = new Task(this, {
    task: (_a, { signal }) => listOptouts(signal),
    args: () => [],
  });
  private requests = new Task(this, {
    task: (_a, { signal }) => listOptoutRequests(signal),
    args: () => [],
  });

  private async act(run: () => Promise<unknown>, failure: string) {
    this.error = '';
    try {
      await run();
      this.optouts.run();
      this.requests.run();
    } catch {
      this.error = failure;
    }
  }

  private async onAdd(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const value = String(new FormData(form).get('value') ?? '').trim();
    if (!value) return;
    const notFound = msg('No company or network matches.', { id: 'optouts.nomatch' });
    if (this.kind === 'company') {
      this.error = '';
      try {
        this.hits = await searchCompanies(value);
        if (this.hits.length === 0) this.error = notFound;
      } catch {
        this.error = notFound;
      }
      return;
    }
    const by = this.kind === 'domain' ? { domain: value } : { range: value };
    await this.act(() => addOptout(by), notFound);
    if (!this.error) form.reset();
  }

  private onPick(id: number) {
    this.hits = [];
    void this.act(
      () => addOptout({ companyId: id }),
      msg('The opt-out could not be added.', { id: 'optouts.adderror' }),
    );
  }

  private onRemove(id: number) {
    if (this.confirmRemove !== id) {
      this.confirmRemove = id;
      return;
    }
    this.confirmRemove = 0;
    void this.act(
      () => removeOptout(id),
      msg('The opt-out could not be removed.', { id: 'optouts.removeerror' }),
    );
  }

  private onDecide(id: number, decision: 'approve' | 'reject') {
    void this.act(
      () => decideOptoutRequest(id, decision),
      msg('No company matches this request. Add it by range instead.', {
        id: 'optouts.req.nomatch',
      }),
    );
  }

  private renderAdd() {
    const placeholder = {
      company: msg('Company name or domain', { id: 'optouts.add.company' }),
      domain: 'example.com',
      range: '198.51.100.0/24',
    }[this.kind];
    return html`<form class="add" @submit=${this.onAdd}>
        <label class="field"><span>${msg('Add by', { id: 'optouts.add.by' })}</span>
          <select .value=${this.kind} @change=${(e: Event) => {
            this.kind = (e.target as HTMLSelectElement).value as AddKind;
            this.hits = [];
          }}>
            <option value="company">${msg('Company', { id: 'title.company' })}</option>
            <option value="domain">${msg('Domain', { id: 'optouts.domain' })}</option>
            <option value="range">${msg('IP range', { id: 'optouts.range' })}</option>
          </select></label>
        <label class="field"><span class="sr-only">${placeholder}</span>
          <input name="value" required maxlength="253" placeholder=${placeholder}></label>
        <button class="btn" type="submit">${
          this.kind === 'company'
            ? msg('Search', { id: 'optouts.search' })
            : msg('Opt out', { id: 'optouts.add' })
        }</button>
      </form>
      ${
        this.hits.length
          ? html`<ul class="hits">${this.hits.map(
              (c) => html`<li><span>${c.name}</span><span class="muted">${c.domain ?? ''}</span>
                <button class="btn danger" @click=${() => this.onPick(c.id)}>${msg('Opt out', { id: 'optouts.add' })}</button></li>`,
            )}</ul>`
          : ''
      }`;
  }

  private renderRequests() {
    return this.requests.render({
      pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
      error: () =>
        html`<p class="error">${msg('Could not load.', { id: 'optouts.loaderror' })}</p>`,
      complete: (list) =>
        list.length === 0
          ? html`<p class="muted">${msg('No requests.', { id: 'optouts.req.none' })}</p>`
          : html`<div class="table-wrap"><table>
          <thead><tr>
            <th scope="col">${msg('Organisation', { id: 'optouts.org' })}</th>
            <th scope="col">${msg('Domain', { id: 'optouts.domain' })}</th>
            <th scope="col">${msg('E-mail', { id: 'form.email' })}</th>
            <th scope="col">${msg('Message', { id: 'optouts.req.message' })}</th>
            <th scope="col">${msg('Received', { id: 'optouts.req.received' })}</th>
            <th scope="col"><span class="sr-only">${msg('Actions', { id: 'users.actions' })}</span></th>
          </tr></thead>
          <tbody>${list.map(
            (r) => html`<tr>
              <td>${r.name}</td><td>${r.domain}</td><td>${r.email}</td>
              <td class="message">${r.message}</td><td>${fmtDateTime(r.createdAt)}</td>
              <td>${
                r.status === 'pending'
                  ? html`<button class="btn" @click=${() => this.onDecide(r.id, 'approve')}>${msg('Approve', { id: 'optouts.req.approve' })}</button>
                    <button class="btn" @click=${() => this.onDecide(r.id, 'reject')}>${msg('Reject', { id: 'optouts.req.reject' })}</button>`
                  : r.status === 'approved'
                    ? msg('Approved', { id: 'optouts.req.approved' })
                    : msg('Rejected', { id: 'optouts.req.rejected' })
              }</td></tr>`,
          )}</tbody></table></div>`,
    });
  }

  override render() {
    return html`<div class="page-head"><h1>${msg('Opt-outs', { id: 'optouts.title' })}</h1></div>
      <section class="card" aria-labelledby="optouts-h">
      <h2 id="optouts-h">${msg('Organisations never shown', { id: 'optouts.list' })}</h2>
      <p class="muted">${msg('Opted-out organisations are never shown; their past visits are deleted. Companies can opt out themselves at /opt-out.', { id: 'optouts.intro' })}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.optouts.render({
        pending: () => html`<p class="muted">${msg('Loading…', { id: 'app.loading' })}</p>`,
        error: () =>
          html`<p class="error">${msg('Could not load.', { id: 'optouts.loaderror' })}</p>`,
        complete: (list) =>
          list.length === 0
            ? html`<p class="muted">${msg('No opt-outs yet.', { id: 'optouts.none' })}</p>`
            : html`<div class="table-wrap"><table>
          <thead><tr>
            <th scope="col">${msg('Organisation', { id: 'optouts.org' })}</th>
            <th scope="col">${msg('Domain', { id: 'optouts.domain' })}</th>
            <th scope="col">${msg('Since', { id: 'optouts.since' })}</th>
            <th scope="col"><span class="sr-only">${msg('Actions', { id: 'users.actions' })}</span></th>
          </tr></thead>
          <tbody>${list.map(
            (
              o,
            ) => html`<tr><td>${o.name}</td><td>${o.domain ?? ''}</td><td>${fmtDateTime(o.createdAt)}</td>
              <td><button class="btn danger ${this.confirmRemove === o.id ? 'confirm' : ''}" @click=${() => this.onRemove(o.id)}>${
                this.confirmRemove === o.id
                  ? msg('Confirm: show again', { id: 'optouts.remove.confirm' })
                  : msg('Remove', { id: 'optouts.remove' })
              }</button></td></tr>`,
          )}</tbody></table></div>`,
      })}
      ${this.renderAdd()}
      <h3>${msg('Requests to review', { id: 'optouts.req.title' })}</h3>
      ${this.renderRequests()}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'll-optouts': LlOptouts;
  }
}
