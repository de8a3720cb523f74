/**
 * Leads: the inbox of companies that visited, company profiles with their visit timeline, the
 * operator's status, tags and notes, and the lead score. See README.md for the rollups and the
 * score formula.
 */
export { createInbox, type InboxRequest, TOTAL_CAP } from './inbox.ts';
export { keyPagesOf, patternToGlob, setKeyPages } from './keypages.ts';
export * from './model.ts';
export { createRefresher, INBOX_WINDOW_DAYS, type Refresher } from './refresh.ts';
export { dayOf, forgetRollupsBefore, rebuildRollups, rollupSnapshot } from './rollups.ts';
export { createLeadsRoutes, type LeadsDeps } from './routes.ts';
export { SCORE_WINDOW_DAYS, type ScoreInputs, scoreOf, WEIGHTS } from './score.ts';
