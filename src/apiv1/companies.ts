import { Elysia } from 'elysia';
import {
  CompanyProfile,
  IdParams,
  InboxPage,
  InboxQuery,
  type LeadsService,
  Note,
  NoteBody,
  StatusBody,
  TagBody,
  TagParams,
  Tags,
  VisitsPage,
  VisitsQuery,
} from '../leads/index.ts';
import type { ApiPrincipal } from '../tokens/index.ts';
import { ERRORS } from './model.ts';

const tags = ['companies'];

/**
 * /api/v1/companies: the inbox (same filters, sort and cursor as the dashboard), one company, its
 * visits, and the operator's status, tags and notes. Same service calls as the session routes.
 * Mount behind the bearer guard (which puts `principal` in the context).
 */
export function createV1CompanyRoutes(d: { leads: LeadsService }) {
  const { leads } = d;
  // The guard's derive is typed where it is mounted; here it is read back by name.
  const who = (ctx: unknown) => (ctx as { principal: ApiPrincipal }).principal;
  return new Elysia()
    .get(
      '/companies',
      // A token has no "seen" mark of its own: every row is `isNew`.
      ({ query }) => leads.inbox(query, null),
      {
        query: InboxQuery,
        response: { 200: InboxPage, ...ERRORS },
        detail: {
          tags,
          summary: 'List companies (the inbox)',
          description:
            'Filters as in the dashboard; `from`/`to` are UTC dates (default: the last 30 days). Keyset paging: pass `nextCursor` back as `cursor` with the same filters and sort until it is null.',
        },
      },
    )
    .get('/companies/:id', ({ params }) => leads.profile(params.id), {
      params: IdParams,
      response: { 200: CompanyProfile, ...ERRORS },
      detail: { tags, summary: 'One company, how it was identified, its score and notes' },
    })
    .get('/companies/:id/visits', ({ params, query }) => leads.visits(params.id, query), {
      params: IdParams,
      query: VisitsQuery,
      response: { 200: VisitsPage, ...ERRORS },
      detail: { tags, summary: "A company's visits, newest first (cursor-paged)" },
    })
    .put(
      '/companies/:id/status',
      (ctx) => leads.setStatus(ctx.params.id, ctx.body.status, who(ctx).userId),
      {
        params: IdParams,
        body: StatusBody,
        response: { 200: StatusBody, ...ERRORS },
        detail: { tags, summary: 'Set the sales status (write token)' },
      },
    )
    .post('/companies/:id/tags', ({ params, body }) => leads.addTag(params.id, body.tag), {
      params: IdParams,
      body: TagBody,
      response: { 200: Tags, ...ERRORS },
      detail: { tags, summary: 'Add a tag (write token)' },
    })
    .delete('/companies/:id/tags/:tag', ({ params }) => leads.removeTag(params.id, params.tag), {
      params: TagParams,
      response: { 200: Tags, ...ERRORS },
      detail: { tags, summary: 'Remove a tag (write token)' },
    })
    .post(
      '/companies/:id/notes',
      (ctx) => {
        const p = who(ctx);
        // The note says it came through the API, and which token, in the creator's name.
        const author = { id: p.userId, name: `${p.userName} (API: ${p.tokenName})` };
        return ctx.status(201, leads.addNote(ctx.params.id, ctx.body.text, author));
      },
      {
        params: IdParams,
        body: NoteBody,
        response: { 201: Note, ...ERRORS },
        detail: { tags, summary: 'Add a note (write token)' },
      },
    );
}
