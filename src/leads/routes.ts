import { Elysia, t } from 'elysia';
import { type Auth, AuthError } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import type { Logger } from '../log/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { createCompanyEraser, type ErasedChange } from './erase.ts';
import { createCompanyExporter } from './export.ts';
import { CompanyExport } from './export-model.ts';
import { createInbox, type InboxRequest } from './inbox.ts';
import { keyPagesOf, setKeyPages } from './keypages.ts';
import {
  CompanyProfile,
  InboxPage,
  type InboxQuery,
  InboxQuery as InboxQuerySchema,
  KeyPagesBody,
  Note,
  NoteBody,
  StatusBody,
  TagBody,
  VisitsPage,
} from './model.ts';
import { createRefresher, INBOX_WINDOW_DAYS } from './refresh.ts';
import { dayOf } from './rollups.ts';
import { createLeadsStore } from './store.ts';

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
}

const IdParams = t.Object({ id: t.Numeric({ minimum: 1 }) });
const TagParams = t.Object({
  id: t.Numeric({ minimum: 1 }),
  tag: t.String({ minLength: 1, maxLength: 200 }),
});
const VisitsQuery = t.Object({
  cursor: t.Optional(t.String({ maxLength: 200 })),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 100 })),
});
const Tags = t.Object({ tags: t.Array(t.String()) });
const TagCounts = t.Array(t.Object({ tag: t.String(), companies: t.Integer() }));
const Seen = t.Object({ seenAt: t.String({ format: 'date-time' }) });

const notFound = (what: string) => new AuthError('not_found', `no such ${what}`);
const invalid = (message: string) => new AuthError('invalid', message);

/** A YYYY-MM-DD calendar date as a UTC day number, or null. */
function parseDay(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().startsWith(s) ? dayOf(ms) : null;
}

/** The request's range: `to` defaults to today, `from` to 30 days ending at `to` (UTC). */
function toRequest(q: InboxQuery, now: number, seenAt: number | null): InboxRequest {
  const today = dayOf(now);
  const toDay = q.to ? parseDay(q.to) : today;
  const fromDay = q.from ? parseDay(q.from) : toDay === null ? null : toDay - INBOX_WINDOW_DAYS + 1;
  if (toDay === null || fromDay === null) throw invalid('from and to must be dates (YYYY-MM-DD)');
  if (fromDay > toDay) throw invalid('from is after to');
  const { from: _f, to: _t, site, sort, limit, ...filters } = q;
  return {
    ...filters,
    tag: filters.tag?.trim() || undefined,
    fromDay,
    toDay,
    today,
    site: site ?? null,
    sort: sort ?? 'last',
    limit: Math.floor(limit ?? 50),
    seenAt,
  };
}

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
  const clock = d.clock ?? Date.now;
  const store = createLeadsStore(d.db, clock);
  const inbox = createInbox(d.db);
  const refresher = createRefresher({ db: d.db, clock });
  const admin = d.auth.requireRole('admin');
  const eraser = createCompanyEraser({ db: d.db, onErased: d.onErased });
  const exporter = createCompanyExporter(d.db, store, clock);
  const company = (id: number) => {
    const c = store.company(id);
    if (!c) throw notFound('company');
    return c;
  };
  // Stored scores and 30-day sums must be current before the inbox sorts by them. When that
  // fails (e.g. the database is busy for longer than the timeout), answer from the stored values.
  const refresh = () => {
    try {
      refresher.refresh();
    } catch (e) {
      d.log?.warn('lead score refresh failed', { error: (e as Error).message });
    }
  };

  return (
    new Elysia()
      // Also here, not only where the host mounts it: these routes must never answer without a
      // session, and the handlers need `user` in their type. The extra cost is one indexed read.
      .use(d.auth.guard)
      .onError(({ code }) => {
        if (code === 'VALIDATION') return invalid('invalid request').toResponse();
        if (code === 'PARSE') return invalid('malformed request body').toResponse();
      })
      .get(
        '/companies',
        ({ query, user }) => {
          const r = toRequest(query, clock(), store.seenAt(user.id));
          refresh();
          const page = inbox.page(r);
          if (!page) throw invalid('cursor does not belong to this sort');
          return page;
        },
        { query: InboxQuerySchema, response: { 200: InboxPage } },
      )
      .post(
        '/companies/seen',
        ({ user }) => ({ seenAt: new Date(store.markSeen(user.id)).toISOString() }),
        {
          response: { 200: Seen },
        },
      )
      .get(
        '/companies/:id',
        ({ params }) => {
          const c = company(params.id);
          const score = refresher.breakdown(c.id) ?? {
            total: 0,
            recency: 0,
            visits: 0,
            pages: 0,
            engagement: 0,
            keyPages: 0,
          };
          return {
            company: {
              id: c.id,
              name: c.name,
              domain: c.domain,
              country: c.country,
              city: c.city,
              address: c.address,
              industry: c.industry,
              employees: c.employees,
              phone: c.phone,
              linkedin: c.linkedin,
              class: c.class,
              status: c.status,
              tags: store.tags(c.id),
            },
            identifiedBy: store.identifiedBy(c),
            stats: store.stats(c.id),
            score,
            notes: store.notes(c.id),
          };
        },
        { params: IdParams, response: { 200: CompanyProfile } },
      )
      .get(
        '/companies/:id/visits',
        ({ params, query }) => {
          const c = company(params.id);
          const limit = Math.floor(query.limit ?? 20);
          let after: [number, number] | null = null;
          if (query.cursor) {
            const k = decodeCursor(query.cursor, 'visits', 1);
            if (!k) throw invalid('invalid cursor');
            after = [k.keys[0], k.id];
          }
          const items = store.visits(c.id, limit + 1, after);
          const more = items.length > limit;
          const last = items[limit - 1];
          return {
            items: items.slice(0, limit),
            nextCursor: more ? encodeCursor('visits', [Date.parse(last.startedAt)], last.id) : null,
          };
        },
        { params: IdParams, query: VisitsQuery, response: { 200: VisitsPage } },
      )
      .delete(
        '/companies/:id',
        ({ params }) => {
          if (!eraser.erase(params.id)) throw notFound('company');
          return new Response(null, { status: 204 });
        },
        { beforeHandle: admin, params: IdParams },
      )
      .get(
        '/companies/:id/export',
        ({ params, set }) => {
          const doc = exporter.build(params.id);
          if (!doc) throw notFound('company');
          set.headers['content-disposition'] =
            `attachment; filename="company-${doc.company.id}.json"`;
          set.headers['cache-control'] = 'no-store';
          return doc;
        },
        { params: IdParams, response: { 200: CompanyExport } },
      )
      .put(
        '/companies/:id/status',
        ({ params, body, user }) => {
          store.setStatus(company(params.id).id, body.status, user.id);
          return { status: body.status };
        },
        { beforeHandle: admin, params: IdParams, body: StatusBody, response: { 200: StatusBody } },
      )
      .post(
        '/companies/:id/tags',
        ({ params, body }) => {
          if (!body.tag.trim()) throw invalid('tag is blank');
          return { tags: store.addTag(company(params.id).id, body.tag) };
        },
        { beforeHandle: admin, params: IdParams, body: TagBody, response: { 200: Tags } },
      )
      .delete(
        '/companies/:id/tags/:tag',
        ({ params }) => {
          const id = company(params.id).id;
          if (!store.removeTag(id, params.tag)) throw notFound('tag');
          return { tags: store.tags(id) };
        },
        { beforeHandle: admin, params: TagParams, response: { 200: Tags } },
      )
      .post(
        '/companies/:id/notes',
        ({ params, body, user, set }) => {
          const note = store.addNote(company(params.id).id, body.text, user);
          set.status = 201;
          return note;
        },
        { beforeHandle: admin, params: IdParams, body: NoteBody, response: { 201: Note } },
      )
      .delete(
        '/notes/:id',
        ({ params }) => {
          if (!store.removeNote(params.id)) throw notFound('note');
          return new Response(null, { status: 204 });
        },
        { beforeHandle: admin, params: IdParams },
      )
      .get('/tags', () => store.allTags(), { response: { 200: TagCounts } })
      .get(
        '/sites/:id/key-pages',
        ({ params }) => {
          if (!store.siteExists(params.id)) throw notFound('site');
          return { patterns: keyPagesOf(d.db, params.id) };
        },
        { params: IdParams, response: { 200: KeyPagesBody } },
      )
      .put(
        '/sites/:id/key-pages',
        ({ params, body }) => {
          if (!store.siteExists(params.id)) throw notFound('site');
          return { patterns: setKeyPages(d.db, params.id, body.patterns) };
        },
        {
          beforeHandle: admin,
          params: IdParams,
          body: KeyPagesBody,
          response: { 200: KeyPagesBody },
        },
      )
  );
}
