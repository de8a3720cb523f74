import { TypeCompiler } from '@sinclair/typebox/compiler';
import { AuthError } from '../../auth/index.ts';
import type { Driver } from '../../db/index.ts';
import { createRefresher } from '../../leads/index.ts';
import type { Logger } from '../../log/index.ts';
import type { OutboxPort } from '../triggers/service.ts';
import { digestEmail } from './message.ts';
import { type DigestCompany, type DigestContent, DigestSettings } from './model.ts';

const DAY_MS = 86_400_000;
/** "Hot": the score from which a returning company is worth a line of its own. */
export const HOT_SCORE = 60;
/** Companies listed per section and site; the rest are counted. */
export const DIGEST_LIST_MAX = 25;

export interface DigestDeps {
  db: Driver;
  outbox: OutboxPort;
  clock?: () => number;
  log?: Logger;
  publicUrl?: string;
}

interface SubRow {
  user_id: number;
  frequency: 'daily' | 'weekly';
  site_id: number | null;
  last_sent_at: number | null;
  email: string;
}

interface ActiveRow extends DigestCompany {
  first_at: number;
}

const checkSettings = TypeCompiler.Compile(DigestSettings);

/**
 * Digest e-mails: users opt in (daily or weekly, one site or all); `run()` (the daily job at 07:00
 * UTC; weekly ones on Mondays) sends each due subscriber one e-mail through the outbox with the
 * companies new in the period and the hot ones that came back. Nothing is sent when there is
 * nothing to say. The enqueue and `last_sent_at` commit together, so a restart or a second run on
 * the same day never sends twice.
 * @example const digest = createDigestService({ db, outbox, publicUrl }); await digest.run();
 */
export function createDigestService(d: DigestDeps) {
  const { db } = d;
  const clock = d.clock ?? Date.now;
  const refresher = createRefresher({ db, clock });
  const q = {
    get: db.prepare<{ frequency: 'daily' | 'weekly'; site_id: number | null }>(
      'SELECT frequency, site_id FROM digest_subscriptions WHERE user_id = ?',
    ),
    put: db.prepare(
      `INSERT INTO digest_subscriptions (user_id, frequency, site_id) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET frequency = excluded.frequency, site_id = excluded.site_id`,
    ),
    remove: db.prepare('DELETE FROM digest_subscriptions WHERE user_id = ?'),
    subs: db.prepare<SubRow>(
      `SELECT s.user_id, s.frequency, s.site_id, s.last_sent_at, u.email
         FROM digest_subscriptions s JOIN users u ON u.id = s.user_id
        WHERE u.disabled = 0 ORDER BY s.user_id`,
    ),
    sent: db.prepare('UPDATE digest_subscriptions SET last_sent_at = ? WHERE user_id = ?'),
    site: db.prepare<{ id: number; name: string }>('SELECT id, name FROM sites WHERE id = ?'),
    sites: db.prepare<{ id: number; name: string }>('SELECT id, name FROM sites ORDER BY name, id'),
    // Companies active on a site in [from, to) days, with their all-time first visit and score;
    // company_days' site index serves the range.
    active: db.prepare<ActiveRow>(
      `WITH a AS (SELECT company_id, sum(visits) AS visits FROM company_days
                   WHERE site_id = ? AND day >= ? AND day < ? GROUP BY company_id)
       SELECT c.id, c.name, c.domain, c.country, c.industry, a.visits, t.score, t.first_at
         FROM a JOIN company_totals t ON t.company_id = a.company_id
         JOIN companies c ON c.id = a.company_id
        WHERE t.hidden = 0 ORDER BY t.score DESC, a.visits DESC, c.id`,
    ),
  };

  const toCompany = ({ first_at: _, ...company }: ActiveRow): DigestCompany => company;

  const service = {
    /** The user's settings ('off' when not subscribed). */
    get(userId: number): DigestSettings {
      const r = q.get.get(userId);
      return r ? { frequency: r.frequency, siteId: r.site_id } : { frequency: 'off', siteId: null };
    },
    set(userId: number, raw: unknown): DigestSettings {
      if (!checkSettings.Check(raw)) {
        const e = checkSettings.Errors(raw).First();
        throw new AuthError('invalid', `${e?.path || 'digest'}: ${e?.message ?? 'invalid'}`);
      }
      const s = raw as DigestSettings;
      if (s.frequency === 'off') q.remove.run(userId);
      else {
        if (s.siteId !== null && !q.site.get(s.siteId)) {
          throw new AuthError('invalid', '/siteId: no such site');
        }
        q.put.run(userId, s.frequency, s.siteId);
      }
      return service.get(userId);
    },
    /** What a digest for [fromDay, toDay) over one site or all would say. */
    content(frequency: 'daily' | 'weekly', siteId: number | null, fromDay: number, toDay: number) {
      const from = fromDay * DAY_MS;
      const sites = siteId === null ? q.sites.all() : [q.site.get(siteId)].filter((s) => !!s);
      const content: DigestContent = {
        period: { from, to: toDay * DAY_MS, frequency },
        sites: [],
      };
      for (const site of sites) {
        const rows = q.active.all(site.id, fromDay, toDay);
        const fresh = rows.filter((r) => r.first_at >= from);
        const hot = rows.filter((r) => r.first_at < from && r.score >= HOT_SCORE);
        if (fresh.length + hot.length === 0) continue;
        content.sites.push({
          id: site.id,
          name: site.name,
          newCompanies: fresh.slice(0, DIGEST_LIST_MAX).map(toCompany),
          newMore: Math.max(0, fresh.length - DIGEST_LIST_MAX),
          hotReturning: hot.slice(0, DIGEST_LIST_MAX).map(toCompany),
          hotMore: Math.max(0, hot.length - DIGEST_LIST_MAX),
        });
      }
      return content;
    },
    /**
     * The job: for each due subscriber (daily: every day; weekly: Mondays, over the 7 days
     * before), one e-mail about the period ending at today's UTC midnight. Returns counts.
     */
    async run(): Promise<{ sent: number; empty: number; skipped: number }> {
      // Scores must be current before "hot" means anything (the daily pass yields as it goes).
      await refresher.refreshYielding();
      const now = clock();
      const today = Math.floor(now / DAY_MS);
      const monday = new Date(now).getUTCDay() === 1;
      const totals = { sent: 0, empty: 0, skipped: 0 };
      const ids: number[] = [];
      for (const s of q.subs.all()) {
        const done = s.last_sent_at !== null && s.last_sent_at >= today * DAY_MS;
        if (done || (s.frequency === 'weekly' && !monday)) {
          totals.skipped++;
          continue;
        }
        const days = s.frequency === 'daily' ? 1 : 7;
        const content = service.content(s.frequency, s.site_id, today - days, today);
        try {
          db.transaction(() => {
            if (content.sites.length > 0) {
              const mail = digestEmail(content, s.email, d.publicUrl ?? '');
              // Only the companies listed by name (not the "and N more").
              const named = content.sites.flatMap((x) =>
                [...x.newCompanies, ...x.hotReturning].map((c) => c.id),
              );
              ids.push(
                d.outbox.enqueue(mail, { triggerId: null, companyId: null, alsoNames: named }),
              );
            }
            // Also when empty: the period is done, a second run today must not look again.
            q.sent.run(now, s.user_id);
          })();
          if (content.sites.length > 0) totals.sent++;
          else totals.empty++;
        } catch (e) {
          d.log?.error('digest failed', { userId: s.user_id, error: (e as Error).message });
        }
      }
      if (ids.length) d.outbox.kick();
      return totals;
    },
  };
  return service;
}

export type DigestService = ReturnType<typeof createDigestService>;
