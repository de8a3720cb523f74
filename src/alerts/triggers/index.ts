import type { StoredPageview } from '../../track/index.ts';
import { createEvaluator } from './evaluator.ts';
import { createTriggerService, type TriggerServiceDeps } from './service.ts';

export { type Compiled, compileRules, type Facts, patternRegExp } from './compile.ts';
export { createEvaluator, type Evaluator, type VisitEvent } from './evaluator.ts';
export { escapeHtml, webhookBodyOf } from './messages.ts';
export * from './model.ts';
export { createTriggerRoutes, type TriggerRouteDeps } from './routes.ts';
export {
  createTriggerService,
  type OutboxPort,
  type TriggerService,
  type TriggerServiceDeps,
  type UrlCheck,
} from './service.ts';

/**
 * The trigger engine as compose wires it: the service (routes, /api/v1 later) and the listener
 * for committed pageviews, which only queues; the evaluator drains the queue off the request path.
 * @example
 * const triggers = createTriggers({ db, outbox, clock, log, publicUrl, checkUrl });
 * stored.push(triggers.onStored);
 */
export function createTriggers(d: TriggerServiceDeps & { maxQueue?: number }) {
  const service = createTriggerService(d);
  const evaluator = createEvaluator({
    evaluate: (e) => service.evaluate(e),
    log: d.log,
    maxQueue: d.maxQueue,
  });
  return {
    service,
    evaluator,
    /** The `stored` listener: never throws, never waits. */
    onStored(e: StoredPageview): void {
      if (e.visitId) evaluator.push({ siteId: e.siteId, visitId: e.visitId, at: e.at });
    },
  };
}

export type Triggers = ReturnType<typeof createTriggers>;
