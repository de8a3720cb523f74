import { t } from 'elysia';

/** A host name a site's pages are served from (sub-domains match too). */
export const Domain = t.String({
  minLength: 1,
  maxLength: 253,
  pattern: '^(localhost|([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9])$',
});

/** What an operator gives to create a site. */
export const SiteInput = t.Object({
  name: t.String({ minLength: 1, maxLength: 200 }),
  domains: t.Array(Domain, { minItems: 1, maxItems: 50 }),
  honorGpc: t.Optional(t.Boolean()),
  honorDnt: t.Optional(t.Boolean()),
  retentionDays: t.Optional(t.Integer({ minimum: 1, maximum: 3650 })),
});
export type SiteInput = typeof SiteInput.static;

/** A site as the rest of Leadlens sees it. */
export const Site = t.Object({
  id: t.Integer(),
  key: t.String(),
  name: t.String(),
  domains: t.Array(t.String()),
  honorGpc: t.Boolean(),
  honorDnt: t.Boolean(),
  retentionDays: t.Integer(),
  enabled: t.Boolean(),
  createdAt: t.Integer(),
  lastBeaconAt: t.Union([t.Integer(), t.Null()]),
  lastBeaconPath: t.Union([t.String(), t.Null()]),
});
export type Site = typeof Site.static;
