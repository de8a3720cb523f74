import { randomBytes } from 'node:crypto';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { AuthError } from '../../auth/index.ts';
import type { Driver } from '../../db/index.ts';
import type { Status } from '../../leads/index.ts';
import { createLeadsStore } from '../../leads/store.ts';
import type { Logger } from '../../log/index.ts';
import type { Delivery, DeliveryMeta } from '../model.ts';
import { type Compiled, compileRules, type Facts, mergeNeeds } from './compile.ts';
import { createFactsLoader } from './facts.ts';
import { emailOf, type FiringContext, slackOf, webhookOf } from './messages.ts';
import type { Trigger, TriggerInput } from './model.ts';
import { TriggerInput as TriggerInputSchema } from './model.ts';
import { createTriggerStore, type StoredAction, type TriggerRecord } from './store.ts';

const DAY_MS = 86_400_000;

/** The part of C1's outbox (src/alerts/delivery) triggers use. `enqueue` is a synchronous insert. */
export interface OutboxPort {
  enqueue(d: Delivery, meta: DeliveryMeta): number;
  /** Asks the delivery loop to send soon (after the enqueuing transaction committed). */
  kick(): void;
}

/**
 * Checks a webhook or Slack URL (C1's `checkTargetUrl`, adapted): resolves to a client-safe
 * reason when the URL may not be called (private address, bad scheme), or null when it may.
 */
export type UrlCheck = (url: string) => string | null | Promise<string | null>;

export interface TriggerServiceDeps {
  db: Driver;
  outbox: OutboxPort;
  clock?: () => number;
  log?: Logger;
  /** The dashboard's public base URL for links in messages ('' or absent: no links). */
  publicUrl?: string;
  checkUrl?: UrlCheck;
}

interface Active {
  record: TriggerRecord;
  compiled: Compiled;
}

const checkInput = TypeCompiler.Compile(TriggerInputSchema);
const invalid = (m: string) => new AuthError('invalid', m);
const notFound = (m = 'no such trigger') => new AuthError('not_found', m);
const newSecret = () => randomBytes(32).toString('base64url');
const iso = (ms: number) => new Date(ms).toISOString();

/** The trigger as the API shows it: a webhook's secret never leaves after it was shown once. */
function toPublic(r: TriggerRecord): Trigger {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    siteId: r.siteId,
    frequency: r.frequency,
    rules: r.rules,
    actions: r.actions.map((a) => (a.type === 'webhook' ? { type: a.type, url: a.url } : a)),
    hasSecret: r.actions.some((a) => a.type === 'webhook'),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** The one secret a trigger's webhooks share, if it has any. */
const secretOf = (actions: StoredAction[]) =>
  actions.find((a): a is Extract<StoredAction, { type: 'webhook' }> => a.type === 'webhook')
    ?.secret ?? null;

/**
 * Triggers: validated CRUD, the compiled rules cached in memory (reloaded on every change), and
 * what happens when one fires. No Elysia here: the session routes and a later /api/v1 share it.
 * @example const s = createTriggerService({ db, outbox }); await s.create(body, user.id)
 */
export function createTriggerService(d: TriggerServiceDeps) {
  const { db } = d;
  const clock = d.clock ?? Date.now;
  const store = createTriggerStore(db);
  const leads = createLeadsStore(db, clock);
  const facts = createFactsLoader(db, clock, leads);
  let cache: Active[] | null = null;

  const active = (): Active[] => {
    cache ??= store
      .all()
      .filter((r) => r.enabled)
      .map((record) => ({ record, compiled: compileRules(record.rules) }));
    return cache;
  };

  async function validate(raw: unknown): Promise<TriggerInput> {
    if (!checkInput.Check(raw)) {
      const e = checkInput.Errors(raw).First();
      throw invalid(`${e?.path || 'trigger'}: ${e?.message ?? 'invalid'}`);
    }
    const t = raw as TriggerInput;
    if (!t.name.trim()) throw invalid('/name: must not be blank');
    if (t.siteId !== null && !store.site(t.siteId)) throw invalid('/siteId: no such site');
    for (const [i, a] of t.actions.entries()) {
      if (a.type === 'tag' && !a.tag.trim()) throw invalid(`/actions/${i}/tag: must not be blank`);
      if (a.type !== 'webhook' && a.type !== 'slack') continue;
      const reason = URL.canParse(a.url)
        ? /^https?:$/.test(new URL(a.url).protocol)
          ? await d.checkUrl?.(a.url)
          : 'must be an http(s) URL'
        : 'is not a URL';
      if (reason) throw invalid(`/actions/${i}/url: ${reason}`);
    }
    return { ...t, name: t.name.trim() };
  }

  /** Stored actions for new input; webhooks get `secret`, or a new one when there is none yet. */
  function withSecret(input: TriggerInput, secret: string | null) {
    const needs = input.actions.some((a) => a.type === 'webhook');
    const s = needs ? (secret ?? newSecret()) : null;
    const actions = input.actions.map(
      (a): StoredAction => (a.type === 'webhook' ? { type: 'webhook', url: a.url, secret: s! } : a),
    );
    return { actions, created: needs && s !== secret ? s : null };
  }

  /** Applies a trigger's actions to the facts of a visit; returns the outbox ids. In a transaction. */
  function runActions(r: TriggerRecord, f: Facts, test: boolean): number[] {
    // Tags and status first, so the messages show the company as the trigger left it. A test run
    // sends its messages but leaves the company as it was.
    for (const a of r.actions) {
      if (test) break;
      if (a.type === 'tag') f.company.tags = leads.addTag(f.company.id, a.tag);
      if (a.type === 'status') {
        // A rule, not a person, set it: updated_by stays empty (the column is nullable).
        leads.setStatus(f.company.id, a.status as Status, null as unknown as number);
        f.company.status = a.status;
      }
    }
    const x: FiringContext = {
      trigger: { id: r.id, name: r.name },
      facts: f,
      site: store.site(f.siteId),
      publicUrl: d.publicUrl ?? '',
      test,
    };
    const meta = { triggerId: r.id, companyId: f.company.id };
    const ids: number[] = [];
    for (const a of r.actions) {
      if (a.type === 'email') ids.push(d.outbox.enqueue(emailOf(x, a.to), meta));
      if (a.type === 'webhook') ids.push(d.outbox.enqueue(webhookOf(x, a.url, a.secret), meta));
      if (a.type === 'slack') ids.push(d.outbox.enqueue(slackOf(x, a.url), meta));
    }
    return ids;
  }

  // The firing record and its effects commit together: "at most once" holds across restarts,
  // and a crash never leaves a firing without its messages or messages without their firing.
  const fire = db.transaction((r: TriggerRecord, f: Facts, scope: string, at: number) =>
    store.fire(r.id, f.company.id, scope, at) ? runActions(r, f, false) : null,
  );

  const scopeOf = (r: TriggerRecord, visitId: number, at: number) =>
    r.frequency === 'visit' ? `v:${visitId}` : `d:${Math.floor(at / DAY_MS)}`;

  const service = {
    list: (): Trigger[] => store.all().map(toPublic),
    get(id: number): Trigger {
      const r = store.get(id);
      if (!r) throw notFound();
      return toPublic(r);
    },
    /** Creates a trigger; `secret` is the webhook signing secret, shown this once (or null). */
    async create(raw: unknown, userId: number | null) {
      const input = await validate(raw);
      const { actions, created } = withSecret(input, null);
      const id = store.insert(input, actions, userId, clock());
      cache = null;
      return { trigger: service.get(id), secret: created };
    },
    /** Replaces a trigger; its webhook secret stays (a new one only when it had none). */
    async update(id: number, raw: unknown) {
      const input = await validate(raw);
      const before = store.get(id);
      if (!before) throw notFound();
      const { actions, created } = withSecret(input, secretOf(before.actions));
      if (!store.update(id, input, actions, clock())) throw notFound();
      cache = null;
      return { trigger: service.get(id), secret: created };
    },
    remove(id: number): void {
      if (!store.remove(id)) throw notFound();
      cache = null;
    },
    /** A new webhook signing secret (the old one stops working at once); shown this once. */
    rotateSecret(id: number) {
      const r = store.get(id);
      if (!r) throw notFound();
      if (!r.actions.some((a) => a.type === 'webhook'))
        throw invalid('this trigger has no webhook');
      const secret = newSecret();
      store.setActions(
        id,
        r.actions.map((a) => (a.type === 'webhook' ? { ...a, secret } : a)),
        clock(),
      );
      cache = null;
      return { trigger: service.get(id), secret };
    },
    firings(id: number, limit = 100) {
      if (!store.get(id)) throw notFound();
      return store.firings(id, limit).map((f) => ({
        companyId: f.company_id,
        companyName: f.name,
        scope: f.scope,
        firedAt: iso(f.fired_at),
      }));
    },
    /**
     * Runs a trigger's messages now, marked as a test, for the given company's latest visit or
     * else the most recently active company its rules match. Tags and status are not changed,
     * and no firing is recorded. Returns the outbox ids.
     */
    testRun(id: number, companyId?: number) {
      const r = store.get(id);
      if (!r) throw notFound();
      const c = compileRules(r.rules);
      let f: Facts | null = null;
      let matched = false;
      if (companyId !== undefined) {
        const visitId = facts.latestVisit(companyId);
        f = visitId ? facts.load(visitId, c.needs) : null;
        if (!f) throw notFound('no such company with a visit');
        matched = c.test(f);
      } else {
        for (const cid of facts.recentCompanies(200)) {
          const visitId = facts.latestVisit(cid);
          const g = visitId ? facts.load(visitId, c.needs) : null;
          if (g && (r.siteId === null || g.siteId === r.siteId) && c.test(g)) {
            f = g;
            matched = true;
            break;
          }
        }
        if (!f) throw notFound('no recently active company matches these rules; name one');
      }
      const target = f;
      const outboxIds = db.transaction(() => runActions(r, target, true))();
      if (outboxIds.length) d.outbox.kick();
      return { companyId: target.company.id, matched, outboxIds };
    },
    /**
     * Evaluates the enabled triggers for one committed visit and fires those that match and have
     * not fired in their scope yet. Returns how many fired. Called by the evaluator, off the
     * request path.
     */
    evaluate(e: { siteId: number; visitId: number; at: number }): number {
      const list = active().filter((a) => a.record.siteId === null || a.record.siteId === e.siteId);
      if (list.length === 0) return 0;
      const companyId = facts.companyOfVisit(e.visitId);
      if (companyId === null) return 0;
      const open = list.filter(
        (a) => !store.hasFired(a.record.id, companyId, scopeOf(a.record, e.visitId, e.at)),
      );
      if (open.length === 0) return 0;
      const f = facts.load(e.visitId, mergeNeeds(open.map((a) => a.compiled.needs)));
      if (!f) return 0;
      let fired = 0;
      for (const a of open) {
        if (!a.compiled.test(f)) continue;
        // Each firing gets its own copy: a tag action of one must not leak into the next's test.
        const mine = structuredClone(f);
        const ids = fire(a.record, mine, scopeOf(a.record, e.visitId, e.at), clock());
        if (ids === null) continue;
        fired++;
        if (ids.length) d.outbox.kick();
      }
      return fired;
    },
    /** Forgets the compiled triggers (another process or a cascade changed the table). */
    reload(): void {
      cache = null;
    },
  };
  return service;
}

export type TriggerService = ReturnType<typeof createTriggerService>;
