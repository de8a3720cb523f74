import type { CompanyProfile, Status } from './model.ts';

type NetworkClass = CompanyProfile['company']['class'];

/**
 * The company columns every company answer reads; needs `companies c`, `networks n` (LEFT JOIN
 * on c.network_id) and `company_status cs` (LEFT JOIN on c.id). A company from a companies-CSV
 * range has no network and counts as a business, as in the IP index.
 */
export const COMPANY_COLUMNS = `c.id, c.name, c.domain, c.country, c.city, c.address, c.industry,
  c.employees, c.phone, c.linkedin, c.network_id, c.source_id,
  CASE WHEN c.network_id IS NULL THEN 'business' ELSE coalesce(n.class, 'unknown') END AS class,
  coalesce(cs.status, 'new') AS status,
  (SELECT json_group_array(tag) FROM (SELECT tag FROM company_tags WHERE company_id = c.id ORDER BY tag)) AS tags`;

/** A row selected with COMPANY_COLUMNS. */
export interface CompanyDbRow {
  id: number;
  name: string;
  domain: string | null;
  country: string | null;
  city: string | null;
  address: string | null;
  industry: string | null;
  employees: string | null;
  phone: string | null;
  linkedin: string | null;
  network_id: number | null;
  source_id: number | null;
  class: NetworkClass;
  status: Status;
  tags: string;
}

/** Unix ms as an ISO 8601 string. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** The JSON array of COMPANY_COLUMNS' tags. */
export const parseTags = (json: string | null): string[] => (json ? JSON.parse(json) : []);

/**
 * A LIKE pattern for "contains `text`", its own `%`, `_` and `\` taken literally (use with
 * `ESCAPE '\'`). LIKE folds ASCII case only: "müller" does not find "MÜLLER".
 * @example likeContains('50%') // '%50\\%%'
 */
export function likeContains(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
