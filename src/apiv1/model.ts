import { t } from 'elysia';
import { Visit } from '../leads/index.ts';

/** The one error envelope, declared on every status a v1 route can fail with. */
export const ErrorBody = t.Object(
  { error: t.Object({ code: t.String(), message: t.String() }) },
  { description: '`{ error: { code, message } }`' },
);

/** The failures every v1 route shares: no or bad token (401), read token on a write (403). */
export const AUTH_ERRORS = { 401: ErrorBody, 403: ErrorBody } as const;
/** …plus bad input (400) and an unknown id (404). */
export const ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody } as const;

/** GET /api/v1/visits: a cursor from the previous answer (none: from the first visit). */
export const FeedQuery = t.Object({
  cursor: t.Optional(
    t.String({ maxLength: 200, description: 'nextCursor of the previous page; omit to start' }),
  ),
  limit: t.Optional(t.Numeric({ minimum: 1, maximum: 500, default: 100 })),
  site: t.Optional(t.Numeric({ minimum: 1, description: 'only visits of this site' })),
});

/** A visit in the global feed: the visit and the company it belongs to. */
export const FeedVisit = t.Composite([
  Visit,
  t.Object({
    company: t.Object({
      id: t.Integer(),
      name: t.String(),
      domain: t.Union([t.String(), t.Null()]),
    }),
  }),
]);

export const FeedPage = t.Object({
  items: t.Array(FeedVisit),
  /** Always set: store it and ask again later for the visits that started since. */
  nextCursor: t.String({ description: 'pass as ?cursor= next time (also when items is empty)' }),
  hasMore: t.Boolean({ description: 'true when more visits are ready now' }),
});
