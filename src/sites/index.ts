export {
  Domain,
  ErrorBody,
  Site,
  SiteIdParams,
  SiteInput,
  SitePatch,
  Snippet,
  SnippetQuery,
} from './model.ts';
export { createSiteRoutes, type SiteRouteDeps } from './routes.ts';
export {
  createSiteService,
  hostMatches,
  normalizeDomains,
  SiteInputError,
  type SiteService,
} from './service.ts';
export { installSnippet, publicOrigin } from './snippet.ts';
