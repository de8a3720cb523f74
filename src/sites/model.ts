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

/** What PATCH /api/sites/:id may change; absent fields keep their value. */
export const SitePatch = t.Object({
  name: t.Optional(t.String({ minLength: 1, maxLength: 200 })),
  domains: t.Optional(t.Array(Domain, { minItems: 1, maxItems: 50 })),
  honorGpc: t.Optional(t.Boolean()),
  honorDnt: t.Optional(t.Boolean()),
  retentionDays: t.Optional(t.Integer({ minimum: 1, maximum: 3650 })),
  enabled: t.Optional(t.Boolean()),
});
export type SitePatch = typeof SitePatch.static;

/** The :id of a site route. */
export const SiteIdParams = t.Object({ id: t.Integer({ minimum: 1 }) });

/** GET /api/sites/:id/snippet?base=https://stats.example.com — the origin Leadlens is served on. */
export const SnippetQuery = t.Object({
  base: t.Optional(
    t.String({ maxLength: 2048, error: 'base must be a URL of at most 2048 characters' }),
  ),
});

/** The install snippet: a script tag and a noscript pixel, ready to paste into every page. */
export const Snippet = t.Object({ html: t.String(), base: t.String() });
export type Snippet = typeof Snippet.static;

/** The API's one error envelope, declared per status on each route. */
export const ErrorBody = t.Object({ error: t.Object({ code: t.String(), message: t.String() }) });
