export { LiveEvent, Overview, OverviewQuery } from './model.ts';
export { createStatsRoutes, type StatsRouteDeps } from './routes.ts';
export { inlineRunner, type OverviewRunner, workerRunner } from './runner.ts';
export {
  createStatsService,
  DEFAULT_DAYS,
  MAX_DAYS,
  OverviewError,
  parseDay,
  type StatsService,
  UNKNOWN_COUNTRY,
} from './service.ts';
