/**
 * API tokens: the bearer credentials of /api/v1. Created by an admin in the dashboard (the secret
 * shown once), stored as SHA-256 with a display prefix, scoped read or write, revocable.
 * @example
 * const tokens = createTokenService({ db, clock });
 * api.push(createTokenRoutes({ tokens, auth }));               // GET/POST /api/tokens, DELETE /api/tokens/:id
 * new Elysia({ prefix: '/api/v1' }).use(createBearerGuard(tokens)) // principal in the context
 */
export { bearerOf, createBearerGuard } from './bearer.ts';
export {
  type ApiPrincipal,
  TokenCreated,
  TokenIdParams,
  TokenInput,
  TokenScope,
  TokenSummary,
} from './model.ts';
export { createTokenRoutes } from './routes.ts';
export {
  createTokenService,
  newSecret,
  TOKEN_SHAPE,
  TOUCH_EVERY_MS,
  type TokenService,
} from './service.ts';
