/**
 * Leads: the inbox of companies that visited, company profiles with their visit timeline, the
 * operator's status, tags and notes, and the lead score. See README.md for the rollups and the
 * score formula.
 */
export {
  createInbox,
  type Inbox,
  type InboxPosition,
  type InboxRequest,
  TOTAL_CAP,
} from './inbox.ts';
export { keyPagesOf, patternToGlob, setKeyPages } from './keypages.ts';
export * from './model.ts';
export { createRefresher, INBOX_WINDOW_DAYS, type Refresher } from './refresh.ts';
export { toInboxRequest } from './request.ts';
export { DAY_MS, dayOf, forgetRollupsBefore, rebuildRollups, rollupSnapshot } from './rollups.ts';
export {
  createLeadsRoutes,
  IdParams,
  type LeadsDeps,
  TagParams,
  Tags,
  VisitsQuery,
} from './routes.ts';
export { SCORE_WINDOW_DAYS, type ScoreInputs, scoreOf, WEIGHTS } from './score.ts';
export {
  createLeadsService,
  type FeedVisit,
  type LeadsService,
  type LeadsServiceDeps,
} from './service.ts';
