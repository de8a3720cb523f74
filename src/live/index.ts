export {
  createLiveHub,
  type LiveHub,
  type LiveHubOptions,
  type LiveSubscriber,
  type StoredPageview,
} from './hub.ts';
export { createLiveRoutes, LiveQuery, type LiveRouteDeps } from './routes.ts';
export { createCompanyLookup, type LiveCompany } from './store.ts';
