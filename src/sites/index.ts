export { Domain, Site, SiteInput } from './model.ts';
export {
  createSiteService,
  hostMatches,
  normalizeDomains,
  SiteInputError,
  type SiteService,
} from './service.ts';
