import type { LiveEvent, Overview, OverviewQuery } from '../../../src/stats/model.ts';
import { qs, request } from './http.ts';

export type { LiveEvent, Overview, OverviewQuery };

/** Traffic per day by class, top companies, pages and countries. */
export const getOverview = (q: OverviewQuery, signal?: AbortSignal) =>
  request<Overview>('GET', `/api/overview${qs(q)}`, undefined, signal);
/** The server-sent-events URL of the live feed ('snapshot' then 'visit' events). */
export const liveUrl = (site?: number) => `/api/live${qs({ site })}`;
