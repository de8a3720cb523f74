/**
 * Alerts: triggers (rules → actions in real time), digests, and their delivery (the outbox with
 * retries, e-mail, signed webhooks, Slack). Other modules import this file only.
 */
import type { Auth } from '../auth/index.ts';
import type { Config } from '../config/index.ts';
import type { Driver } from '../db/index.ts';
import type { Logger } from '../log/index.ts';
import {
  checkTargetUrl,
  createAllowList,
  createDeliveryRoutes,
  createOutbox,
  type OutboxOptions,
} from './delivery/index.ts';
import { createDigestRoutes, createDigestService } from './digest/index.ts';
import { createTriggerRoutes, createTriggers } from './triggers/index.ts';

export * from './delivery/index.ts';
export * from './digest/index.ts';
export { Delivery, type DeliveryMeta, RETRY_DELAYS_MS } from './model.ts';
export * from './triggers/index.ts';

export interface AlertsDeps {
  db: Driver;
  config: Pick<Readonly<Config>, 'publicUrl' | 'webhookAllow'>;
  auth: Pick<Auth, 'guard' | 'requireRole'>;
  clock?: () => number;
  log?: Logger;
  outbox?: OutboxOptions;
}

/**
 * The alerts module as compose wires it: one outbox, the trigger engine (its `onStored` goes in
 * the list of committed-pageview listeners), the digest, the /api routes and the jobs.
 * @example
 * const alerts = createAlerts({ db, config, auth, clock, log });
 * stored.push(alerts.onStored); api.push(...alerts.routes); jobs.push(...alerts.jobs);
 */
export function createAlerts(d: AlertsDeps) {
  const outbox = createOutbox({
    db: d.db,
    clock: d.clock,
    log: d.log,
    config: d.config,
    options: d.outbox,
  });
  const allow = createAllowList(d.config.webhookAllow);
  const publicUrl = d.config.publicUrl ?? '';
  const triggers = createTriggers({
    db: d.db,
    clock: d.clock,
    log: d.log,
    outbox,
    publicUrl,
    // Saved URLs are checked without DNS; the sender resolves and checks again at each attempt.
    checkUrl: (url) => {
      const r = checkTargetUrl(url, allow);
      return r.ok ? null : r.error;
    },
  });
  const digest = createDigestService({ db: d.db, clock: d.clock, log: d.log, outbox, publicUrl });
  return {
    outbox,
    triggers,
    digest,
    onStored: triggers.onStored,
    routes: [
      createTriggerRoutes({ service: triggers.service, auth: d.auth }),
      createDigestRoutes({ service: digest, auth: d.auth }),
      createDeliveryRoutes({ db: d.db, outbox, auth: d.auth }),
    ],
    jobs: [
      { name: 'outbox', everyMs: 15_000, run: () => outbox.runDue() },
      { name: 'digest', dailyAt: { hour: 7, minute: 0 }, run: () => digest.run() },
    ],
    /** Stops evaluating and sending (SIGTERM; tests). */
    async close(): Promise<void> {
      triggers.evaluator.close();
      await outbox.close();
    },
  };
}

export type Alerts = ReturnType<typeof createAlerts>;
