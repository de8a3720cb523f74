export { digestEmail } from './message.ts';
export { type DigestCompany, type DigestContent, DigestSettings } from './model.ts';
export { createDigestRoutes } from './routes.ts';
export {
  createDigestService,
  DIGEST_LIST_MAX,
  type DigestDeps,
  type DigestService,
  HOT_SCORE,
} from './service.ts';
