import { createAlerts } from './alerts/index.ts';
import { createApiV1, createV1TriggerRoutes } from './apiv1/index.ts';
import { createApp } from './app.ts';
import { type Auth, createAuth } from './auth/index.ts';
import type { Config } from './config/index.ts';
import type { Driver } from './db/index.ts';
import { createCsvExports, createExportRoutes } from './export/index.ts';
import type { IndexHolder } from './ipindex/index.ts';
import { createLeadsRoutes, createLeadsService } from './leads/index.ts';
import { createLiveHub, createLiveRoutes } from './live/index.ts';
import type { Logger } from './log/index.ts';
import {
  createOptoutAdminRoutes,
  createOptoutRoutes,
  createOptoutService,
  createPrivacyRoutes,
} from './privacy/index.ts';
import { createSiteRoutes } from './sites/index.ts';
import { createSourceRoutes } from './sources/index.ts';
import { createStatsRoutes } from './stats/index.ts';
import { createTokenRoutes, createTokenService } from './tokens/index.ts';
import {
  createTracking,
  type StoredPageview,
  type Tracking,
  type TrackingDeps,
} from './track/index.ts';
import { createUiRoutes } from './ui/index.ts';

export interface ComposeDeps {
  db: Driver;
  index: IndexHolder;
  config: Readonly<Config>;
  log?: Logger;
  /** The clock of tracking and the dashboard data (tests and demo scripts move it). */
  clock?: () => number;
  /** The clock of sign-in sessions and limits; real time unless a test says otherwise. */
  authClock?: () => number;
  /** Tests using app.handle() (no socket) say which peer a request comes from. */
  peerOf?: TrackingDeps['peerOf'];
  writer?: TrackingDeps['writer'];
  /** 'inline' runs overview queries on the event loop (tests); default: a worker thread. */
  statsMode?: 'worker' | 'inline';
  /** 'inline' builds CSV export chunks on the event loop (tests); default: a worker thread. */
  exportMode?: 'worker' | 'inline';
}

/** A recurring in-process job a module asks the server to run (src/serve.ts schedules them). */
export type ComposedJob =
  | { name: string; everyMs: number; run: () => unknown }
  | { name: string; dailyAt: { hour: number; minute: number }; run: () => unknown };

const socketPeer: NonNullable<TrackingDeps['peerOf']> = (request, server) =>
  server?.requestIP(request)?.address ?? null;

/**
 * Builds every module and the HTTP app from them: the one place the product is wired together
 * (the server, the test harness and the UI test server all call it).
 */
export async function composeApp(d: ComposeDeps) {
  const peerOf = d.peerOf ?? socketPeer;
  const live = createLiveHub({ db: d.db, log: d.log, clock: d.clock });
  // Told about each committed lead pageview, in order (live feed, triggers). Each must not throw.
  const stored: Array<(e: StoredPageview) => void> = [live.publish];
  const jobs: ComposedJob[] = [];
  const tracking: Tracking = await createTracking({
    db: d.db,
    index: d.index,
    config: d.config,
    log: d.log,
    clock: d.clock,
    peerOf,
    writer: d.writer,
    onStored: (e) => {
      for (const listener of stored) listener(e);
    },
  });
  const auth: Auth = createAuth({
    db: d.db,
    config: d.config,
    log: d.log,
    clock: d.authClock,
    peerOf,
  });
  // Triggers, digests and their outbox; the trigger listener only queues (never throws or waits).
  const alerts = createAlerts({ db: d.db, config: d.config, auth, clock: d.clock, log: d.log });
  stored.push(alerts.onStored);
  jobs.push(...alerts.jobs);
  const privacy = createPrivacyRoutes({ db: d.db, clock: d.clock, auth });
  // An opt-out or an erasure deletes a company's history; everything holding its ids in memory
  // lets go: the ingest filter, open sessions, the writer thread's cached ids, the live feed.
  const letGo = (c: { companyIds: readonly number[]; visitIds: ReadonlySet<number> }) => {
    tracking.optouts.reload();
    tracking.sessions.forgetVisits(c.visitIds);
    tracking.clearWriterCaches();
    for (const id of c.companyIds) live.forget(id);
  };
  const optouts = createOptoutService({ db: d.db, clock: d.clock, onChanged: letGo });
  // One leads service for the dashboard and the token API (/api/v1): the same calls behind both.
  const leads = createLeadsService({ db: d.db, clock: d.clock, log: d.log, onErased: letGo });
  const tokens = createTokenService({ db: d.db, clock: d.authClock });
  // One set of CSV exports (one export thread, one cap) for the dashboard and the token API.
  const exports = createCsvExports({ db: d.db, clock: d.clock, log: d.log, mode: d.exportMode });
  const api = [
    privacy.admin,
    createOptoutAdminRoutes({ db: d.db, index: d.index, service: optouts, auth, clock: d.clock }),
    createLeadsRoutes({ db: d.db, clock: d.clock, auth, log: d.log, service: leads }),
    createTokenRoutes({ tokens, auth }),
    // A changed or deleted site must leave the ingest path's cache at once, not after its 10 s.
    createSiteRoutes({ db: d.db, clock: d.clock, auth, onChanged: () => tracking.sitesChanged() }),
    createStatsRoutes({ db: d.db, clock: d.clock, auth, mode: d.statsMode }),
    createLiveRoutes({ hub: live, auth }),
    createSourceRoutes({ db: d.db, auth }),
    createExportRoutes({ db: d.db, clock: d.clock, auth, log: d.log, exports }),
    ...alerts.routes,
  ];
  const ui = await createUiRoutes({ db: d.db });
  const app = createApp({
    db: d.db,
    index: d.index,
    config: d.config,
    tracking,
    auth,
    log: d.log,
    api,
    public: [
      privacy.public,
      createOptoutRoutes({
        db: d.db,
        index: d.index,
        config: d.config,
        service: optouts,
        peerOf,
        clock: d.clock,
      }),
    ],
    ui,
    v1: createApiV1({
      db: d.db,
      clock: d.clock,
      log: d.log,
      tokens,
      leads,
      exports,
      extra: [createV1TriggerRoutes({ service: alerts.triggers.service })],
    }),
  });
  return { app, tracking, auth, live, jobs, alerts, outbox: alerts.outbox };
}

export type Composed = Awaited<ReturnType<typeof composeApp>>;
