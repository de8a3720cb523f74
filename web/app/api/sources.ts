import type { AttributionLine, SourceInfo } from '../../../src/sources/model.ts';
import { request } from './http.ts';

export type { AttributionLine, SourceInfo };

/** The data sources behind identification, with counts, dates and licences. */
export const listSources = (signal?: AbortSignal) =>
  request<SourceInfo[]>('GET', '/api/sources', undefined, signal);
/** The credits the loaded data requires (text, link, licence). */
export const getAttribution = (signal?: AbortSignal) =>
  request<AttributionLine[]>('GET', '/api/attribution', undefined, signal);
