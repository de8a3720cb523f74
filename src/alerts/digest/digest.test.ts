import { afterEach, expect, test } from 'bun:test';
import { createCompanyEraser } from '../../leads/erase.ts';
import { setKeyPages } from '../../leads/index.ts';
import { IP, type LeadsKit, leadsKit } from '../../leads/test-kit.ts';
import { createOutbox } from '../delivery/outbox.ts';
import type { Delivery } from '../model.ts';
import { outboxRows, rowsOutbox } from '../triggers/test-kit.ts';
import { createDigestService } from './service.ts';

let open: LeadsKit[] = [];
afterEach(async () => {
  for (const k of open) await k.close();
  open = [];
});

const DAY = 86_400_000;
const PUBLIC = 'https://leads.example.com';

/**
 * Sunday 2026-11-29: the manufacturer's first visit. Monday 11-30: it comes back hot (key pages,
 * engagement, several pages), and CanaryCo visits for the first time.
 */
async function history() {
  const k = await leadsKit();
  open.push(k);
  const { h } = k;
  expect(new Date(h.now.t).getUTCDay()).toBe(0);
  setKeyPages(h.db, h.siteId, ['/pricing', '/demo*']);
  await k.view(IP.manufacturing, '/');
  await k.view(IP.manufacturing, '/about');
  h.now.t += DAY;
  await k.view(IP.manufacturing, '/pricing');
  await k.view(IP.manufacturing, '/demo');
  await k.engage(IP.manufacturing, 300_000);
  k.wait(31 * 60_000);
  await k.view(IP.manufacturing, '/products');
  await k.view(IP.manufacturing, '/contact');
  await k.view(IP.canary, '/');
  const addUser = (email: string, disabled = 0) =>
    Number(
      h.db
        .prepare(
          `INSERT INTO users (email, name, password_hash, role, created_at, disabled)
           VALUES (?, 'U', 'x', 'viewer', 0, ?)`,
        )
        .run(email, disabled).lastInsertRowid,
    );
  const outbox = rowsOutbox(h.db, () => h.now.t);
  const digest = () =>
    createDigestService({ db: h.db, outbox, clock: () => h.now.t, publicUrl: PUBLIC });
  return { k, h, addUser, outbox, digest };
}

const tuesday7 = Date.UTC(2026, 11, 1, 7, 0);
const monday7 = Date.UTC(2026, 11, 7, 7, 0);

test('daily: new and hot returning companies per site, with links; never twice', async () => {
  const { h, addUser, outbox, digest } = await history();
  const daily = addUser('daily@example.com');
  const weekly = addUser('weekly@example.com');
  const other = h.tracking.sites.create({ name: 'Quiet site', domains: ['quiet.example'] });
  const quiet = addUser('quiet@example.com');
  const gone = addUser('gone@example.com', 1);
  const d = digest();
  d.set(daily, { frequency: 'daily', siteId: null });
  d.set(weekly, { frequency: 'weekly', siteId: null });
  d.set(quiet, { frequency: 'daily', siteId: other.id });
  d.set(gone, { frequency: 'daily', siteId: null });

  h.now.t = tuesday7;
  expect(await d.run()).toEqual({ sent: 1, empty: 1, skipped: 1 });
  const rows = outboxRows(h.db);
  expect(rows).toHaveLength(1);
  const mail = rows[0].payload as Extract<Delivery, { kind: 'email' }>;
  expect(mail.to).toEqual(['daily@example.com']);
  expect(mail.subject).toBe('Leadlens daily digest: 1 new company, 1 hot returning');
  const maker = h.db
    .prepare<{ id: number }>("SELECT id FROM companies WHERE name LIKE 'Example Manu%'")
    .get()!.id;
  const canary = h.db
    .prepare<{ id: number }>("SELECT id FROM companies WHERE name = 'CanaryCo AG'")
    .get()!.id;
  expect(mail.text).toContain('2026-11-30');
  const newPart = mail.text.slice(
    mail.text.indexOf('New companies'),
    mail.text.indexOf('Hot companies'),
  );
  expect(newPart).toContain('CanaryCo AG');
  expect(newPart).not.toContain('Example Manufacturing');
  expect(mail.text.slice(mail.text.indexOf('Hot companies'))).toContain(
    'Example Manufacturing GmbH',
  );
  expect(mail.html).toContain(`href="${PUBLIC}/companies/${canary}"`);
  expect(mail.html).toContain(`href="${PUBLIC}/companies/${maker}"`);
  expect(mail.html).toContain('<h3 style="margin:16px 0 0">Example</h3>');
  expect(outbox.kicks).toBe(1);

  // A second run the same day (a restart, a manual run) sends nothing.
  expect(await digest().run()).toEqual({ sent: 0, empty: 0, skipped: 3 });
  expect(outboxRows(h.db)).toHaveLength(1);

  // The next day: Monday had the activity, Tuesday had none: nothing to say, nothing sent.
  h.now.t += DAY;
  expect((await d.run()).sent).toBe(0);
  expect(outboxRows(h.db)).toHaveLength(1);
});

test('weekly: Mondays only, over the 7 days before; hostile names escaped', async () => {
  const { h, addUser, digest } = await history();
  h.db
    .prepare('UPDATE companies SET name = ? WHERE name = ?')
    .run('<b onclick=x>Evil & Co</b>', 'CanaryCo AG');
  const weekly = addUser('weekly@example.com');
  const d = digest();
  d.set(weekly, { frequency: 'weekly', siteId: h.siteId });
  h.now.t = tuesday7;
  expect((await d.run()).sent).toBe(0);
  h.now.t = monday7;
  expect((await d.run()).sent).toBe(1);
  const mail = outboxRows(h.db)[0].payload as Extract<Delivery, { kind: 'email' }>;
  expect(mail.subject).toStartWith('Leadlens weekly digest: 1 new company');
  expect(mail.text).toContain('2026-11-30 to 2026-12-06');
  expect(mail.html).not.toContain('<b onclick');
  expect(mail.html).toContain('&lt;b onclick=x&gt;Evil &amp; Co&lt;/b&gt;');
  expect(mail.text).toContain('<b onclick=x>Evil & Co</b>');
});

test('GET/PUT /api/me/digest', async () => {
  const { k } = await history();
  const call = (method: string, body?: unknown) => k.h.api(method, '/api/me/digest', body);
  expect(await (await call('GET')).json()).toEqual({ frequency: 'off', siteId: null });
  const put = await call('PUT', { frequency: 'weekly', siteId: k.h.siteId });
  expect(put.status).toBe(200);
  expect(await put.json()).toEqual({ frequency: 'weekly', siteId: k.h.siteId });
  expect(await (await call('GET')).json()).toEqual({ frequency: 'weekly', siteId: k.h.siteId });
  for (const bad of [
    { frequency: 'hourly', siteId: null },
    { frequency: 'daily' },
    { frequency: 'daily', siteId: null, extra: 1 },
    { frequency: 'daily', siteId: 999 },
  ]) {
    const res = await call('PUT', bad);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid');
  }
  expect(await (await call('PUT', { frequency: 'off', siteId: null })).json()).toEqual({
    frequency: 'off',
    siteId: null,
  });
  expect(k.h.db.prepare('SELECT * FROM digest_subscriptions').all()).toEqual([]);
});

test('erasing a company removes the digests that name it, waiting or sent', async () => {
  const { k, h, addUser } = await history();
  const outbox = createOutbox({
    db: h.db,
    clock: () => h.now.t,
    config: { webhookAllow: [] },
    options: { autoKick: false },
  });
  const d = createDigestService({ db: h.db, outbox, clock: () => h.now.t, publicUrl: PUBLIC });
  d.set(addUser('daily@example.com'), { frequency: 'daily', siteId: null });
  const payloads = () =>
    h.db.prepare<{ payload: string }>('SELECT payload FROM outbox ORDER BY id').all();
  // Tuesday's digest names both companies and is sent; Wednesday's names only the manufacturer
  // (back on Tuesday) and waits.
  h.now.t = tuesday7;
  expect((await d.run()).sent).toBe(1);
  h.db.exec("UPDATE outbox SET state = 'sent', sent_at = next_at");
  await k.view(IP.manufacturing, '/pricing');
  h.now.t = tuesday7 + DAY;
  expect((await d.run()).sent).toBe(1);
  const [tuesday, wednesday] = payloads().map((r) => r.payload);
  expect(tuesday).toContain('CanaryCo');
  expect(tuesday).toContain('Example Manu');
  expect(wednesday).not.toContain('CanaryCo');
  expect(wednesday).toContain('Example Manu');

  const canary = h.db
    .prepare<{ id: number }>("SELECT id FROM companies WHERE name LIKE 'CanaryCo%'")
    .get()!.id;
  expect(createCompanyEraser({ db: h.db }).erase(canary)).toBe(true);
  expect(payloads().map((r) => r.payload)).toEqual([wednesday]);
  expect(h.db.prepare('SELECT * FROM outbox_companies WHERE company_id = ?').all(canary)).toEqual(
    [],
  );
});
