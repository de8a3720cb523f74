import { t } from 'elysia';

/** Sales status of a company, set by the operator. */
export const Status = t.Union([
  t.Literal('new'),
  t.Literal('qualified'),
  t.Literal('customer'),
  t.Literal('ignored'),
]);
export type Status = typeof Status.static;

export const NetworkClassT = t.Union([
  t.Literal('business'),
  t.Literal('education'),
  t.Literal('government'),
  t.Literal('isp'),
  t.Literal('mobile'),
  t.Literal('hosting'),
  t.Literal('unknown'),
]);

const Iso = t.String({ format: 'date-time' });
const Id = t.Integer({ minimum: 1 });

/** Inbox query (GET /api/companies): filters, sort, keyset paging. All optional. */
export const InboxQuery = t.Object({
  from: t.Optional(t.String({ format: 'date' })), // YYYY-MM-DD, UTC, inclusive
  to: t.Optional(t.String({ format: 'date' })),
  site: t.Optional(t.Numeric({ minimum: 1 })),
  country: t.Optional(t.String({ pattern: '^[A-Z]{2}$' })),
  class: t.Optional(NetworkClassT),
  industry: t.Optional(t.String({ maxLength: 200 })),
  employees: t.Optional(t.String({ maxLength: 32 })),
  tag: t.Optional(t.String({ maxLength: 50 })),
  status: t.Optional(Status),
  page: t.Optional(t.String({ maxLength: 200 })), // visited page path contains
  minVisits: t.Optional(t.Numeric({ minimum: 1, maximum: 1_000_000 })),
  q: t.Optional(t.String({ maxLength: 200 })), // name or domain contains
  sort: t.Optional(
    t.Union([t.Literal('last'), t.Literal('score'), t.Literal('visits'), t.Literal('pageviews')]),
  ),
  cursor: t.Optional(t.String({ maxLength: 200 })),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 200 })),
});
export type InboxQuery = typeof InboxQuery.static;

/** One inbox row. Aggregates cover the query's date range and site. */
export const CompanyRow = t.Object({
  id: Id,
  name: t.String(),
  domain: t.Union([t.String(), t.Null()]),
  country: t.Union([t.String(), t.Null()]),
  city: t.Union([t.String(), t.Null()]),
  industry: t.Union([t.String(), t.Null()]),
  employees: t.Union([t.String(), t.Null()]),
  class: NetworkClassT,
  status: Status,
  tags: t.Array(t.String()),
  visits: t.Integer(),
  pageviews: t.Integer(),
  engagedMs: t.Integer(),
  firstVisitAt: Iso,
  lastVisitAt: Iso,
  score: t.Integer({ minimum: 0, maximum: 100 }),
  /** Last visit after the signed-in user last marked the inbox seen. */
  isNew: t.Boolean(),
});
export type CompanyRow = typeof CompanyRow.static;

export const InboxPage = t.Object({
  items: t.Array(CompanyRow),
  /** Companies matching the filters (capped count is fine: `totalCapped` true when > cap). */
  total: t.Integer(),
  totalCapped: t.Boolean(),
  nextCursor: t.Union([t.String(), t.Null()]),
});
export type InboxPage = typeof InboxPage.static;

/** Lead score 0–100 and its parts (each 0–100, weighted into the total). */
export const ScoreBreakdown = t.Object({
  total: t.Integer(),
  recency: t.Integer(),
  visits: t.Integer(),
  pages: t.Integer(),
  engagement: t.Integer(),
  keyPages: t.Integer(),
});
export type ScoreBreakdown = typeof ScoreBreakdown.static;

export const Note = t.Object({
  id: Id,
  text: t.String(),
  author: t.String(),
  createdAt: Iso,
});

/** GET /api/companies/:id — everything about one company; never an IP address. */
export const CompanyProfile = t.Object({
  company: t.Object({
    id: Id,
    name: t.String(),
    domain: t.Union([t.String(), t.Null()]),
    country: t.Union([t.String(), t.Null()]),
    city: t.Union([t.String(), t.Null()]),
    address: t.Union([t.String(), t.Null()]),
    industry: t.Union([t.String(), t.Null()]),
    employees: t.Union([t.String(), t.Null()]),
    phone: t.Union([t.String(), t.Null()]),
    linkedin: t.Union([t.String(), t.Null()]),
    class: NetworkClassT,
    status: Status,
    tags: t.Array(t.String()),
  }),
  /** How it was identified: the data source and the network (AS) — never the visitor's address. */
  identifiedBy: t.Object({
    source: t.Union([t.String(), t.Null()]),
    attribution: t.Union([t.String(), t.Null()]),
    attributionUrl: t.Union([t.String(), t.Null()]),
    network: t.Union([t.String(), t.Null()]),
    asn: t.Union([t.Integer(), t.Null()]),
    class: NetworkClassT,
    classReason: t.Union([t.String(), t.Null()]),
  }),
  stats: t.Object({
    visits: t.Integer(),
    pageviews: t.Integer(),
    engagedMs: t.Integer(),
    firstVisitAt: t.Union([Iso, t.Null()]),
    lastVisitAt: t.Union([Iso, t.Null()]),
  }),
  score: ScoreBreakdown,
  notes: t.Array(Note),
});
export type CompanyProfile = typeof CompanyProfile.static;

export const VisitPage = t.Object({
  path: t.String(),
  title: t.Union([t.String(), t.Null()]),
  at: Iso,
  engagedMs: t.Integer(),
});

/** One visit on the company's timeline. */
export const Visit = t.Object({
  id: Id,
  siteId: Id,
  siteName: t.String(),
  startedAt: Iso,
  lastSeenAt: Iso,
  pageviews: t.Integer(),
  engagedMs: t.Integer(),
  referrer: t.Union([t.String(), t.Null()]),
  utm: t.Object({
    source: t.Union([t.String(), t.Null()]),
    medium: t.Union([t.String(), t.Null()]),
    campaign: t.Union([t.String(), t.Null()]),
    term: t.Union([t.String(), t.Null()]),
    content: t.Union([t.String(), t.Null()]),
  }),
  landingPath: t.Union([t.String(), t.Null()]),
  country: t.Union([t.String(), t.Null()]),
  device: t.Union([t.String(), t.Null()]),
  pages: t.Array(VisitPage),
});
export type Visit = typeof Visit.static;

export const VisitsPage = t.Object({
  items: t.Array(Visit),
  nextCursor: t.Union([t.String(), t.Null()]),
});

export const StatusBody = t.Object({ status: Status });
export const TagBody = t.Object({ tag: t.String({ minLength: 1, maxLength: 50 }) });
export const NoteBody = t.Object({ text: t.String({ minLength: 1, maxLength: 5000 }) });
export const KeyPagesBody = t.Object({
  /** Path patterns with `*` wildcards, e.g. /pricing, /demo*, /product/*. */
  patterns: t.Array(t.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 }),
});
