import type { Driver } from '../db/index.ts';
import type { LiveEvent } from '../stats/index.ts';
import type { StoredPageview } from '../track/index.ts';
import { createCompanyLookup } from './store.ts';

// What the tracking pipeline reports after a lead pageview's batch committed (no IP, ever);
// companyId 0 means the company the writer made for the lead network.
export type { StoredPageview };

/** One open stream: gets visits of its site (or of all sites), and `end` when the hub closes. */
export interface LiveSubscriber {
  site: number | null;
  send(e: LiveEvent): void;
  end(): void;
}

/** Where the hub reads company facts, and its bounds. */
export interface LiveHubOptions {
  db: Driver;
  clock?: () => number;
  /** How long a company counts as "on the site now" after its last pageview. */
  windowMs?: number;
  /** Companies kept per site (the oldest go first). */
  maxPerSite?: number;
  /** Open streams at most; more are refused (each holds a connection and a timer). */
  maxSubscribers?: number;
  log?: { error(msg: string, fields?: Record<string, unknown>): void };
}

type Entry = { event: LiveEvent; at: number };

/**
 * The live feed's memory: per site, the companies seen in the last few minutes (newest last,
 * bounded), and the open streams to tell about each new lead pageview.
 * @example
 * const live = createLiveHub({ db });
 * const tracking = await createTracking({ …, onStored: live.publish });
 */
export function createLiveHub(o: LiveHubOptions) {
  const clock = o.clock ?? Date.now;
  const windowMs = o.windowMs ?? 5 * 60_000;
  const maxPerSite = o.maxPerSite ?? 200;
  const maxSubscribers = o.maxSubscribers ?? 100;
  const companies = createCompanyLookup(o.db, clock);
  // Map order is insertion order: re-inserting on every pageview keeps the oldest first.
  const recent = new Map<number, Map<number, Entry>>();
  const subscribers = new Set<LiveSubscriber>();

  const prune = (site: Map<number, Entry>, now: number) => {
    for (const [id, e] of site) {
      if (e.at > now - windowMs && site.size <= maxPerSite) break;
      site.delete(id);
    }
  };

  return {
    /**
     * Records a committed lead pageview and fans it out. Never throws: the beacon it came from
     * is committed and acknowledged whatever happens here.
     */
    publish(p: StoredPageview): void {
      // Engagement reports are not pageviews: the feed shows arrivals and page changes only.
      if (p.event === 'engagement') return;
      try {
        const c = companies.get(p.companyId, p.networkId);
        if (!c) return;
        const event: LiveEvent = {
          companyId: c.id,
          name: c.name,
          class: c.class,
          country: c.country,
          siteId: p.siteId,
          path: p.path,
          at: new Date(p.at).toISOString(),
        };
        let site = recent.get(p.siteId);
        if (!site) recent.set(p.siteId, (site = new Map()));
        site.delete(c.id);
        site.set(c.id, { event, at: p.at });
        prune(site, clock());
        for (const s of subscribers) if (s.site === null || s.site === p.siteId) s.send(event);
      } catch (e) {
        o.log?.error('live feed: publish failed', { error: (e as Error).message });
      }
    },

    /** Companies on `site` (null: on any site) in the last window, newest first. */
    snapshot(site: number | null): LiveEvent[] {
      const now = clock();
      const out: Entry[] = [];
      for (const [id, m] of recent) {
        if (site !== null && id !== site) continue;
        prune(m, now);
        if (m.size === 0) recent.delete(id);
        else out.push(...[...m.values()].reverse()); // newest first, also among equal times
      }
      return out.sort((a, b) => b.at - a.at).map((e) => e.event);
    },

    /** Adds a stream; returns its unsubscribe function, or null when the hub is full. */
    subscribe(s: LiveSubscriber): (() => void) | null {
      if (subscribers.size >= maxSubscribers) return null;
      subscribers.add(s);
      return () => {
        subscribers.delete(s);
      };
    },

    /** Open streams now. */
    get subscriberCount(): number {
      return subscribers.size;
    },

    /**
     * Drops a company from every site's list (an opt-out: it must vanish from screens now, not
     * in five minutes); without an id, just forgets cached company facts (after an import).
     */
    forget(companyId?: number): void {
      companies.clear();
      if (companyId === undefined) return;
      for (const m of recent.values()) m.delete(companyId);
    },

    /** Ends every stream (server shutdown: open SSE connections would otherwise hold it up). */
    close(): void {
      for (const s of [...subscribers]) s.end();
      subscribers.clear();
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
