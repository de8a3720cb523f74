import { AuthError } from '../auth/index.ts';
import type { Driver } from '../db/index.ts';
import type { Logger } from '../log/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { createCompanyEraser, type ErasedChange } from './erase.ts';
import { createCompanyExporter } from './export.ts';
import { createInbox } from './inbox.ts';
import { keyPagesOf, setKeyPages } from './keypages.ts';
import type { CompanyProfile, InboxPage, InboxQuery, Status, Visit } from './model.ts';
import { createRefresher } from './refresh.ts';
import { toInboxRequest } from './request.ts';
import { createLeadsStore, type FeedVisit } from './store.ts';

export type { FeedVisit } from './store.ts';

export interface LeadsServiceDeps {
  db: Driver;
  clock?: () => number;
  log?: Logger;
  /** Called after a company was erased, with what went (see createLeadsRoutes). */
  onErased?: (change: ErasedChange) => void;
}

const notFound = (what: string) => new AuthError('not_found', `no such ${what}`);
const invalid = (message: string) => new AuthError('invalid', message);

/**
 * The leads operations, without HTTP: the dashboard routes (session) and /api/v1 (token) call the
 * same functions. Expected failures throw AuthError (`invalid` 400, `not_found` 404), which
 * leaves as the error envelope wherever it is thrown.
 * @example const leads = createLeadsService({ db, clock }); leads.inbox({ country: 'DE' }, null)
 */
export function createLeadsService(d: LeadsServiceDeps) {
  const clock = d.clock ?? Date.now;
  const store = createLeadsStore(d.db, clock);
  const inbox = createInbox(d.db);
  const refresher = createRefresher({ db: d.db, clock });
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
  const siteMustExist = (id: number) => {
    if (!store.siteExists(id)) throw notFound('site');
  };

  return {
    /** One inbox page; `seenAt` (the reader's "seen" mark, or null) decides `isNew`. */
    inbox(query: InboxQuery, seenAt: number | null): InboxPage {
      const r = toInboxRequest(query, clock(), seenAt);
      refresh();
      const page = inbox.page(r);
      if (!page) throw invalid('cursor does not belong to this sort');
      return page;
    },
    seenAt: (userId: number) => store.seenAt(userId),
    markSeen: (userId: number) => store.markSeen(userId),
    /** Everything about one shown company; 404 when hidden or unknown. */
    profile(id: number): CompanyProfile {
      const c = company(id);
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
    /** A company's visits, newest first, keyset-paged. */
    visits(id: number, q: { cursor?: string; limit?: number }) {
      const c = company(id);
      const limit = Math.floor(q.limit ?? 20);
      let after: [number, number] | null = null;
      if (q.cursor) {
        const k = decodeCursor(q.cursor, 'visits', 1);
        if (!k) throw invalid('invalid cursor');
        after = [k.keys[0], k.id];
      }
      const items: Visit[] = store.visits(c.id, limit + 1, after);
      const more = items.length > limit;
      const last = items[limit - 1];
      return {
        items: items.slice(0, limit),
        nextCursor: more ? encodeCursor('visits', [Date.parse(last.startedAt)], last.id) : null,
      };
    },
    /**
     * Every lead's visits in creation order after a cursor (none: from the start). `nextCursor`
     * is always set: keep it and ask again later for what came since.
     */
    feed(q: { cursor?: string; limit?: number; site?: number }) {
      let afterId = 0;
      if (q.cursor) {
        const k = decodeCursor(q.cursor, 'feed', 0);
        if (!k) throw invalid('invalid cursor');
        afterId = k.id;
      }
      const limit = Math.floor(q.limit ?? 100);
      const rows: FeedVisit[] = store.feed(afterId, limit + 1, q.site ?? null);
      const items = rows.slice(0, limit);
      const lastId = items.length ? items[items.length - 1].id : afterId;
      return { items, nextCursor: encodeCursor('feed', [], lastId), hasMore: rows.length > limit };
    },
    /** Deletes a company with all its data; 404 when unknown. */
    erase(id: number): void {
      if (!eraser.erase(id)) throw notFound('company');
    },
    /** The company's export document; 404 when unknown. */
    exportDoc(id: number) {
      const doc = exporter.build(id);
      if (!doc) throw notFound('company');
      return doc;
    },
    setStatus(id: number, status: Status, userId: number): { status: Status } {
      store.setStatus(company(id).id, status, userId);
      return { status };
    },
    addTag(id: number, tag: string): { tags: string[] } {
      if (!tag.trim()) throw invalid('tag is blank');
      return { tags: store.addTag(company(id).id, tag) };
    },
    removeTag(id: number, tag: string): { tags: string[] } {
      const cid = company(id).id;
      if (!store.removeTag(cid, tag)) throw notFound('tag');
      return { tags: store.tags(cid) };
    },
    /** Adds a note; `author.name` is copied onto it (it outlives the user). */
    addNote(id: number, text: string, author: { id: number; name: string }) {
      return store.addNote(company(id).id, text, author);
    },
    removeNote(id: number): void {
      if (!store.removeNote(id)) throw notFound('note');
    },
    allTags: () => store.allTags(),
    keyPages(siteId: number) {
      siteMustExist(siteId);
      return { patterns: keyPagesOf(d.db, siteId) };
    },
    setKeyPages(siteId: number, patterns: string[]) {
      siteMustExist(siteId);
      return { patterns: setKeyPages(d.db, siteId, patterns) };
    },
  };
}

export type LeadsService = ReturnType<typeof createLeadsService>;
