import { Elysia, t } from 'elysia';
import { type Auth, inputErrorResponse } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import type { Logger } from '../log/index.ts';
import type { ErasedChange } from './erase.ts';
import { CompanyExport } from './export-model.ts';
import {
  CompanyProfile,
  InboxPage,
  InboxQuery,
  KeyPagesBody,
  Note,
  NoteBody,
  StatusBody,
  TagBody,
  VisitsPage,
} from './model.ts';
import { createLeadsService, type LeadsService } from './service.ts';

export interface LeadsDeps {
  db: Driver;
  clock?: () => number;
  auth: Pick<Auth, 'guard' | 'requireRole'>;
  log?: Logger;
  /**
   * Called after DELETE /companies/:id committed, with what went: pass the opt-out service's
   * `onChanged` handler (sessions, writer caches, live feed let go of the deleted ids).
   */
  onErased?: (change: ErasedChange) => void;
  /** The leads service to share with /api/v1 (one refresher for both); made here when absent. */
  service?: LeadsService;
}

/** The :id of a company, note or site route. */
export const IdParams = t.Object({ id: t.Numeric({ minimum: 1 }) });
/** DELETE /companies/:id/tags/:tag. */
export const TagParams = t.Object({
  id: t.Numeric({ minimum: 1 }),
  tag: t.String({ minLength: 1, maxLength: 200 }),
});
/** Keyset paging of a company's visits. */
export const VisitsQuery = t.Object({
  cursor: t.Optional(t.String({ maxLength: 200 })),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 100 })),
});
/** A company's tags after a change. */
export const Tags = t.Object({ tags: t.Array(t.String()) });
const TagCounts = t.Array(t.Object({ tag: t.String(), companies: t.Integer() }));
const Seen = t.Object({ seenAt: t.String({ format: 'date-time' }) });

/**
 * The leads API for the dashboard, mounted under /api behind the session guard. Reads: any
 * role; writes (status, tags, notes, key pages): admin and up.
 * GET /companies (the inbox), POST /companies/seen, GET /companies/:id, GET /companies/:id/visits,
 * PUT /companies/:id/status, POST /companies/:id/tags, DELETE /companies/:id/tags/:tag,
 * POST /companies/:id/notes, DELETE /notes/:id, GET /tags, GET|PUT /sites/:id/key-pages,
 * DELETE /companies/:id (the company and all its data; 204), GET /companies/:id/export (one JSON
 * document, as an attachment).
 * @example app.group('/api', (g) => g.use(auth.guard).use(createLeadsRoutes({ db, auth })))
 */
export function createLeadsRoutes(d: LeadsDeps) {
  const leads =
    d.service ?? createLeadsService({ db: d.db, clock: d.clock, log: d.log, onErased: d.onErased });
  const admin = d.auth.requireRole('admin');

  return (
    new Elysia()
      // Also here, not only where the host mounts it: these routes must never answer without a
      // session, and the handlers need `user` in their type. The extra cost is one indexed read.
      .use(d.auth.guard)
      .onError(({ code }) => inputErrorResponse(code))
      .get('/companies', ({ query, user }) => leads.inbox(query, leads.seenAt(user.id)), {
        query: InboxQuery,
        response: { 200: InboxPage },
      })
      .post(
        '/companies/seen',
        ({ user }) => ({ seenAt: new Date(leads.markSeen(user.id)).toISOString() }),
        { response: { 200: Seen } },
      )
      .get('/companies/:id', ({ params }) => leads.profile(params.id), {
        params: IdParams,
        response: { 200: CompanyProfile },
      })
      .get('/companies/:id/visits', ({ params, query }) => leads.visits(params.id, query), {
        params: IdParams,
        query: VisitsQuery,
        response: { 200: VisitsPage },
      })
      .delete(
        '/companies/:id',
        ({ params }) => {
          leads.erase(params.id);
          return new Response(null, { status: 204 });
        },
        { beforeHandle: admin, params: IdParams },
      )
      .get(
        '/companies/:id/export',
        ({ params, set }) => {
          const doc = leads.exportDoc(params.id);
          set.headers['content-disposition'] =
            `attachment; filename="company-${doc.company.id}.json"`;
          set.headers['cache-control'] = 'no-store';
          return doc;
        },
        { params: IdParams, response: { 200: CompanyExport } },
      )
      .put(
        '/companies/:id/status',
        ({ params, body, user }) => leads.setStatus(params.id, body.status, user.id),
        { beforeHandle: admin, params: IdParams, body: StatusBody, response: { 200: StatusBody } },
      )
      .post('/companies/:id/tags', ({ params, body }) => leads.addTag(params.id, body.tag), {
        beforeHandle: admin,
        params: IdParams,
        body: TagBody,
        response: { 200: Tags },
      })
      .delete('/companies/:id/tags/:tag', ({ params }) => leads.removeTag(params.id, params.tag), {
        beforeHandle: admin,
        params: TagParams,
        response: { 200: Tags },
      })
      .post(
        '/companies/:id/notes',
        ({ params, body, user, status }) => status(201, leads.addNote(params.id, body.text, user)),
        { beforeHandle: admin, params: IdParams, body: NoteBody, response: { 201: Note } },
      )
      .delete(
        '/notes/:id',
        ({ params }) => {
          leads.removeNote(params.id);
          return new Response(null, { status: 204 });
        },
        { beforeHandle: admin, params: IdParams },
      )
      .get('/tags', () => leads.allTags(), { response: { 200: TagCounts } })
      .get('/sites/:id/key-pages', ({ params }) => leads.keyPages(params.id), {
        params: IdParams,
        response: { 200: KeyPagesBody },
      })
      .put(
        '/sites/:id/key-pages',
        ({ params, body }) => leads.setKeyPages(params.id, body.patterns),
        {
          beforeHandle: admin,
          params: IdParams,
          body: KeyPagesBody,
          response: { 200: KeyPagesBody },
        },
      )
  );
}
