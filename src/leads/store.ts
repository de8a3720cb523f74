import type { Driver } from '../db/index.ts';
import type { CompanyProfile, Status, Visit } from './model.ts';
import { COMPANY_COLUMNS, type CompanyDbRow, iso } from './sql.ts';

type Identified = CompanyProfile['identifiedBy'];
type Stats = CompanyProfile['stats'];
type Note = CompanyProfile['notes'][number];

interface VisitRow {
  id: number;
  site_id: number;
  site_name: string;
  started_at: number;
  last_seen_at: number;
  pageviews: number;
  engaged_ms: number;
  referrer: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  landing_path: string | null;
  country: string | null;
  device: string | null;
}

const VISIT_COLUMNS = `v.id, v.site_id, s.name AS site_name, v.started_at, v.last_seen_at, v.pageviews,
  v.engaged_ms, v.referrer, v.utm_source, v.utm_medium, v.utm_campaign, v.utm_term, v.utm_content,
  v.landing_path, v.country, v.device`;

const VISITS = (after: string) => `
  SELECT ${VISIT_COLUMNS}
    FROM visits v JOIN sites s ON s.id = v.site_id
   WHERE v.company_id = ?${after} ORDER BY v.started_at DESC, v.id DESC LIMIT ?`;

type FeedRow = VisitRow & {
  company_id: number;
  company_name: string;
  company_domain: string | null;
};

/** A visit of the global feed, with the company it belongs to. */
export type FeedVisit = Visit & { company: { id: number; name: string; domain: string | null } };

/**
 * The leads tables' SQL apart from the inbox query (inbox.ts): one company, its visits, and the
 * operator's status, tags, notes and "seen" mark. Prepared once; every value is bound.
 */
export function createLeadsStore(db: Driver, clock: () => number) {
  const q = {
    company: db.prepare<CompanyDbRow & { hidden: number | null }>(
      `SELECT ${COMPANY_COLUMNS}, t.hidden FROM companies c
         LEFT JOIN networks n ON n.id = c.network_id LEFT JOIN company_status cs ON cs.company_id = c.id
         LEFT JOIN company_totals t ON t.company_id = c.id WHERE c.id = ?`,
    ),
    network: db.prepare<{
      name: string;
      asn: number | null;
      class: Identified['class'];
      class_source: string;
    }>('SELECT name, asn, class, class_source FROM networks WHERE id = ?'),
    // The range that identified the company: its own (companies CSV) or its network's, best source first.
    rangeSource: db.prepare<{
      name: string;
      attribution: string | null;
      attribution_url: string | null;
    }>(
      `SELECT s.name, s.attribution, s.attribution_url FROM ip_ranges r JOIN sources s ON s.id = r.source_id
        WHERE r.network_id = ? OR r.company_id = ? ORDER BY s.priority DESC, s.id LIMIT 1`,
    ),
    source: db.prepare<{
      name: string;
      attribution: string | null;
      attribution_url: string | null;
    }>('SELECT name, attribution, attribution_url FROM sources WHERE id = ?'),
    stats: db.prepare<{
      visits: number;
      pageviews: number;
      engaged_ms: number;
      first_at: number;
      last_at: number;
    }>(
      'SELECT visits, pageviews, engaged_ms, first_at, last_at FROM company_totals WHERE company_id = ?',
    ),
    notes: db.prepare<{ id: number; text: string; author: string; created_at: number }>(
      'SELECT id, text, author, created_at FROM company_notes WHERE company_id = ? ORDER BY created_at DESC, id DESC',
    ),
    visits: db.prepare<VisitRow>(VISITS('')),
    visitsAfter: db.prepare<VisitRow>(
      VISITS(' AND v.started_at <= ? AND (v.started_at < ? OR v.id < ?)'),
    ),
    // Every lead's visits in id (creation) order from a cursor: what an API client syncs from.
    feed: db.prepare<FeedRow>(
      `SELECT ${VISIT_COLUMNS}, c.id AS company_id, c.name AS company_name, c.domain AS company_domain
         FROM visits v JOIN sites s ON s.id = v.site_id JOIN companies c ON c.id = v.company_id
        WHERE v.id > ? AND (? IS NULL OR v.site_id = ?)
          AND NOT EXISTS (SELECT 1 FROM company_totals t WHERE t.company_id = v.company_id AND t.hidden = 1)
        ORDER BY v.id LIMIT ?`,
    ),
    pages: db.prepare<{
      visit_id: number;
      path: string;
      title: string | null;
      ts: number;
      engaged_ms: number;
    }>(
      `SELECT visit_id, path, title, ts, engaged_ms FROM pageviews
        WHERE visit_id IN (SELECT value FROM json_each(?)) ORDER BY visit_id, ts, id`,
    ),
    tags: db.prepare<{ tag: string }>(
      'SELECT tag FROM company_tags WHERE company_id = ? ORDER BY tag',
    ),
    addTag: db.prepare(
      'INSERT INTO company_tags (company_id, tag, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    removeTag: db.prepare('DELETE FROM company_tags WHERE company_id = ? AND tag = ?'),
    // Hidden companies (opted out, no longer leads) do not count: the filter would not show them.
    allTags: db.prepare<{ tag: string; companies: number }>(
      `SELECT min(tag) AS tag, count(*) AS companies FROM company_tags ct
        WHERE NOT EXISTS (SELECT 1 FROM company_totals t WHERE t.company_id = ct.company_id AND t.hidden = 1)
        GROUP BY tag ORDER BY companies DESC, tag`,
    ),
    setStatus: db.prepare(
      `INSERT INTO company_status (company_id, status, updated_at, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (company_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
         updated_by = excluded.updated_by`,
    ),
    addNote: db.prepare<{ id: number }>(
      'INSERT INTO company_notes (company_id, user_id, author, text, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    ),
    removeNote: db.prepare('DELETE FROM company_notes WHERE id = ?'),
    seenAt: db.prepare<{ inbox_seen_at: number | null }>(
      'SELECT inbox_seen_at FROM users WHERE id = ?',
    ),
    setSeen: db.prepare('UPDATE users SET inbox_seen_at = ? WHERE id = ?'),
    site: db.prepare<{ id: number }>('SELECT id FROM sites WHERE id = ?'),
  };

  /** Visit rows with their pages (one query for all), in the rows' order. */
  const withPages = (rows: VisitRow[]): Visit[] => {
    const pages = new Map<number, Visit['pages']>(rows.map((r) => [r.id, []]));
    for (const p of q.pages.all(JSON.stringify(rows.map((r) => r.id)))) {
      pages
        .get(p.visit_id)
        ?.push({ path: p.path, title: p.title, at: iso(p.ts), engagedMs: p.engaged_ms });
    }
    return rows.map((r) => ({
      id: r.id,
      siteId: r.site_id,
      siteName: r.site_name,
      startedAt: iso(r.started_at),
      lastSeenAt: iso(r.last_seen_at),
      pageviews: r.pageviews,
      engagedMs: r.engaged_ms,
      referrer: r.referrer,
      utm: {
        source: r.utm_source,
        medium: r.utm_medium,
        campaign: r.utm_campaign,
        term: r.utm_term,
        content: r.utm_content,
      },
      landingPath: r.landing_path,
      country: r.country,
      device: r.device,
      pages: pages.get(r.id) ?? [],
    }));
  };

  const store = {
    /** The company if it is shown in the leads views (it visited, is a lead, has not opted out). */
    company(id: number): CompanyDbRow | null {
      const c = q.company.get(id);
      return c && c.hidden === 0 ? c : null;
    },
    /** How the company was identified: data source and network, never an address. */
    identifiedBy(c: CompanyDbRow): Identified {
      const net = c.network_id ? q.network.get(c.network_id) : undefined;
      const src =
        q.rangeSource.get(c.network_id, c.network_id ? null : c.id) ??
        (c.source_id ? q.source.get(c.source_id) : undefined);
      return {
        source: src?.name ?? null,
        attribution: src?.attribution ?? null,
        attributionUrl: src?.attribution_url ?? null,
        network: net?.name ?? null,
        asn: net?.asn ?? null,
        class: c.class,
        classReason: net ? net.class_source : 'company range',
      };
    },
    stats(id: number): Stats {
      const s = q.stats.get(id);
      return {
        visits: s?.visits ?? 0,
        pageviews: s?.pageviews ?? 0,
        engagedMs: s?.engaged_ms ?? 0,
        firstVisitAt: s ? iso(s.first_at) : null,
        lastVisitAt: s ? iso(s.last_at) : null,
      };
    },
    notes(id: number): Note[] {
      return q.notes
        .all(id)
        .map((n) => ({ id: n.id, text: n.text, author: n.author, createdAt: iso(n.created_at) }));
    },
    /** A page of visits, newest first, each with its pages in order; `after` = [started_at, id]. */
    visits(companyId: number, limit: number, after: [number, number] | null): Visit[] {
      const rows = after
        ? q.visitsAfter.all(companyId, after[0], after[0], after[1], limit)
        : q.visits.all(companyId, limit);
      return withPages(rows);
    },
    /** Up to `limit` visits of leads after visit id `afterId`, oldest first; one site or all. */
    feed(afterId: number, limit: number, siteId: number | null): FeedVisit[] {
      const rows = q.feed.all(afterId, siteId, siteId, limit);
      const visits = withPages(rows);
      return rows.map((r, i) => ({
        ...visits[i],
        company: { id: r.company_id, name: r.company_name, domain: r.company_domain },
      }));
    },
    tags: (id: number): string[] => q.tags.all(id).map((r) => r.tag),
    /** Adds a tag (trimmed; a tag differing only in case is the same tag). */
    addTag(id: number, tag: string): string[] {
      q.addTag.run(id, tag.trim(), clock());
      return store.tags(id);
    },
    /** Removes a tag, any case; false when the company did not have it. */
    removeTag: (id: number, tag: string): boolean => q.removeTag.run(id, tag.trim()).changes > 0,
    allTags: () => q.allTags.all(),
    setStatus(id: number, status: Status, userId: number): void {
      q.setStatus.run(id, status, clock(), userId);
    },
    addNote(id: number, text: string, user: { id: number; name: string }): Note {
      const at = clock();
      const noteId = q.addNote.get(id, user.id, user.name, text, at)!.id;
      return { id: noteId, text, author: user.name, createdAt: iso(at) };
    },
    removeNote: (id: number): boolean => q.removeNote.run(id).changes > 0,
    seenAt: (userId: number): number | null => q.seenAt.get(userId)?.inbox_seen_at ?? null,
    /** Marks the inbox seen now for this user; returns the time. */
    markSeen(userId: number): number {
      const at = clock();
      q.setSeen.run(at, userId);
      return at;
    },
    siteExists: (id: number): boolean => q.site.get(id) !== undefined,
  };
  return store;
}

export type LeadsStore = ReturnType<typeof createLeadsStore>;
