import { Elysia, t } from 'elysia';
import { AuthError } from '../auth/index.ts';
import type { LeadsService } from '../leads/index.ts';
import { Site, SiteIdParams, type SiteService } from '../sites/index.ts';
import { AUTH_ERRORS, ERRORS, FeedPage, FeedQuery } from './model.ts';

/**
 * /api/v1/sites (list, get) and /api/v1/visits, the global visit feed: every lead's visits in
 * creation order from a cursor, for syncing into a CRM.
 */
export function createV1ResourceRoutes(d: { sites: SiteService; leads: LeadsService }) {
  return new Elysia()
    .get('/sites', () => d.sites.list(), {
      response: { 200: t.Array(Site), ...AUTH_ERRORS },
      detail: { tags: ['sites'], summary: 'List sites' },
    })
    .get(
      '/sites/:id',
      ({ params }) => {
        const site = d.sites.byId(params.id);
        if (!site) throw new AuthError('not_found', 'no such site');
        return site;
      },
      {
        params: SiteIdParams,
        response: { 200: Site, ...ERRORS },
        detail: { tags: ['sites'], summary: 'One site' },
      },
    )
    .get('/visits', ({ query }) => d.leads.feed(query), {
      query: FeedQuery,
      response: { 200: FeedPage, ...ERRORS },
      detail: {
        tags: ['visits'],
        summary: 'All visits since a cursor (for syncing)',
        description:
          'Visits of identified companies in the order they started (by id). Keep `nextCursor` and ask again later: the next answer starts after the last visit you received. A visit appears when it starts; one still in progress may gain pages after you read it.',
      },
    });
}
