import { t } from 'elysia';

/** GET /api/overview?site=&from=&to= */
export const OverviewQuery = t.Object({
  // `error`: the 400's message, whichever onError answers (see validationMessage).
  site: t.Optional(t.Numeric({ minimum: 1, error: 'site must be a site id' })),
  from: t.Optional(t.String({ format: 'date', error: 'from must be a date (YYYY-MM-DD)' })),
  to: t.Optional(t.String({ format: 'date', error: 'to must be a date (YYYY-MM-DD)' })),
});
export type OverviewQuery = typeof OverviewQuery.static;

const Count = t.Integer({ minimum: 0 });

export const Overview = t.Object({
  from: t.String({ format: 'date' }),
  to: t.String({ format: 'date' }),
  /** Per UTC day: pageviews and visits by network class ('unresolved' for unknown addresses). */
  days: t.Array(
    t.Object({
      day: t.String({ format: 'date' }),
      pageviews: t.Record(t.String(), Count),
      visits: t.Record(t.String(), Count),
    }),
  ),
  totals: t.Object({
    identifiedVisits: Count,
    otherVisits: Count,
    pageviews: Count,
    companies: Count,
  }),
  topCompanies: t.Array(
    t.Object({ id: t.Integer(), name: t.String(), visits: Count, pageviews: Count }),
  ),
  topPages: t.Array(t.Object({ path: t.String(), pageviews: Count, companies: Count })),
  countries: t.Array(t.Object({ country: t.String(), visits: Count })),
});
export type Overview = typeof Overview.static;

/** One event on GET /api/live (server-sent events): a lead company is on a site now. */
export const LiveEvent = t.Object({
  companyId: t.Integer(),
  name: t.String(),
  class: t.String(),
  country: t.Union([t.String(), t.Null()]),
  siteId: t.Integer(),
  path: t.String(),
  at: t.String({ format: 'date-time' }),
});
export type LiveEvent = typeof LiveEvent.static;
