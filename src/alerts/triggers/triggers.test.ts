import { afterEach, describe, expect, test } from 'bun:test';
import { IP } from '../../leads/test-kit.ts';
import { createHarness, type Harness } from '../../testing/harness.ts';
import type { Delivery } from '../model.ts';
import type { webhookBodyOf } from './messages.ts';
import type { TriggerInput } from './model.ts';
import { outboxRows, settle } from './test-kit.ts';

const PUBLIC = 'https://leads.example.com';
let open: Harness[] = [];
afterEach(async () => {
  for (const h of open) await h.close();
  open = [];
});

async function setup() {
  const h = await createHarness({ env: { PUBLIC_URL: PUBLIC } });
  open.push(h);
  const view = async (ip: string, path: string) => {
    const res = await h.beacon(
      { s: h.siteKey, e: 'pageview', u: `https://example.com${path}`, t: path, w: 1440 },
      ip,
    );
    expect(res.status).toBe(202);
    h.now.t += 1000;
    await settle();
  };
  const create = async (body: Partial<TriggerInput> = {}) => {
    const res = await h.api('POST', '/api/triggers', {
      name: 'Two pages',
      siteId: null,
      frequency: 'visit',
      rules: { match: 'all', conditions: [{ type: 'pageviews', atLeast: 2 }] },
      actions: [{ type: 'email', to: ['sales@example.com'] }],
      ...body,
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { trigger: { id: number }; secret: string | null };
  };
  const firings = (triggerId: number) =>
    h.db
      .prepare<{ scope: string; company_id: number }>(
        'SELECT scope, company_id FROM trigger_firings WHERE trigger_id = ? ORDER BY fired_at',
      )
      .all(triggerId);
  const companyId = (name: string) =>
    h.db.prepare<{ id: number }>('SELECT id FROM companies WHERE name = ?').get(name)?.id ?? 0;
  return { h, view, create, firings, companyId };
}

const payload = <K extends Delivery['kind']>(d: Delivery, kind: K) => {
  expect(d.kind).toBe(kind);
  return d as Extract<Delivery, { kind: K }>;
};

describe('firing from real beacons', () => {
  test('once per visit: the second pageview fires, the third does not; a new visit fires again', async () => {
    const { h, view, create, firings, companyId } = await setup();
    const { trigger } = await create({
      actions: [
        { type: 'email', to: ['sales@example.com'] },
        { type: 'webhook', url: 'https://hooks.example.com/leadlens' },
        { type: 'tag', tag: 'engaged' },
        { type: 'status', status: 'qualified' },
      ],
    });
    await view(IP.canary, '/');
    expect(firings(trigger.id)).toHaveLength(0);
    await view(IP.canary, '/pricing');
    await view(IP.canary, '/demo');
    const canary = companyId('CanaryCo AG');
    expect(firings(trigger.id)).toEqual([
      { scope: expect.stringMatching(/^v:\d+$/), company_id: canary },
    ]);
    const rows = outboxRows(h.db);
    expect(rows.map((r) => [r.kind, r.trigger_id, r.company_id])).toEqual([
      ['email', trigger.id, canary],
      ['webhook', trigger.id, canary],
    ]);
    const mail = payload(rows[0].payload, 'email');
    expect(mail.to).toEqual(['sales@example.com']);
    expect(mail.subject).toContain('CanaryCo AG');
    expect(mail.html).toContain(`href="${PUBLIC}/companies/${canary}"`);
    expect(mail.text).toContain('/pricing');
    const hook = payload(rows[1].payload, 'webhook');
    const body = hook.body as ReturnType<typeof webhookBodyOf>;
    expect(body.schema).toBe('leadlens.trigger/1');
    expect(body.trigger).toEqual({ id: trigger.id, name: 'Two pages' });
    expect(body.company).toMatchObject({
      id: canary,
      name: 'CanaryCo AG',
      country: 'DE',
      industry: 'Chemicals',
    });
    expect(body.company.tags).toEqual(['engaged']);
    expect(body.company.status).toBe('qualified');
    expect(body.visit.pages).toEqual(['/', '/pricing']);
    expect(body.site).toEqual({ id: h.siteId, name: 'Example' });
    // Never an address, in any message.
    expect(JSON.stringify(rows)).not.toMatch(/198\.51\.100|203\.0\.113/);

    // The actions show on the company profile.
    const profile = (await (await h.api('GET', `/api/companies/${canary}`)).json()) as {
      company: { tags: string[]; status: string };
    };
    expect(profile.company.tags).toEqual(['engaged']);
    expect(profile.company.status).toBe('qualified');

    // A new visit (after 30 idle minutes) fires once more.
    h.now.t += 31 * 60_000;
    await view(IP.canary, '/');
    await view(IP.canary, '/contact');
    await view(IP.canary, '/imprint');
    expect(firings(trigger.id)).toHaveLength(2);
    expect(outboxRows(h.db)).toHaveLength(4);
    const fires = (await (await h.api('GET', `/api/triggers/${trigger.id}/firings`)).json()) as {
      items: Array<{ companyName: string }>;
    };
    expect(fires.items).toHaveLength(2);
    expect(fires.items[0].companyName).toBe('CanaryCo AG');
  });

  test('once per UTC day across visits, again the next day', async () => {
    const { h, view, create, firings } = await setup();
    const { trigger } = await create({
      frequency: 'day',
      rules: { match: 'all', conditions: [{ type: 'pageviews', atLeast: 1 }] },
    });
    await view(IP.manufacturing, '/');
    h.now.t += 31 * 60_000;
    await view(IP.manufacturing, '/again');
    expect(firings(trigger.id).map((f) => f.scope)).toEqual([
      `d:${Math.floor(h.now.t / 86_400_000)}`,
    ]);
    h.now.t += 86_400_000;
    await view(IP.manufacturing, '/tomorrow');
    expect(firings(trigger.id)).toHaveLength(2);
  });

  test('an ISP visitor never fires; a disabled trigger never fires; another site does not count', async () => {
    const { h, view, create, firings } = await setup();
    const any = { match: 'all' as const, conditions: [{ type: 'pageviews' as const, atLeast: 1 }] };
    const live = await create({ rules: any });
    const off = await create({ rules: any, enabled: false });
    const other = h.tracking.sites.create({ name: 'Other', domains: ['other.example'] });
    const elsewhere = await create({ rules: any, siteId: other.id });
    await view(IP.isp, '/');
    await view(IP.isp, '/pricing');
    expect(firings(live.trigger.id)).toHaveLength(0);
    await view(IP.manufacturing, '/');
    expect(firings(live.trigger.id)).toHaveLength(1);
    expect(firings(off.trigger.id)).toHaveLength(0);
    expect(firings(elsewhere.trigger.id)).toHaveLength(0);
    // Enabling it takes effect at once (the cache reloads on change).
    const put = await h.api('PUT', `/api/triggers/${off.trigger.id}`, {
      name: 'Now on',
      siteId: null,
      frequency: 'visit',
      rules: any,
      enabled: true,
      actions: [{ type: 'email', to: ['sales@example.com'] }],
    });
    expect(put.status).toBe(200);
    await view(IP.manufacturing, '/more');
    expect(firings(off.trigger.id)).toHaveLength(1);
  });

  test('behaviour rules read the visit: a key-page pattern and first visit', async () => {
    const { h, view, create, firings } = await setup();
    const { trigger } = await create({
      rules: {
        match: 'all',
        conditions: [
          { type: 'firstVisit' },
          {
            type: 'group',
            match: 'any',
            conditions: [
              { type: 'page', pattern: '/demo*' },
              { type: 'score', atLeast: 99 },
            ],
          },
        ],
      },
    });
    await view(IP.manufacturing, '/');
    await view(IP.manufacturing, '/pricing');
    expect(firings(trigger.id)).toHaveLength(0);
    await view(IP.manufacturing, '/demo/book');
    expect(firings(trigger.id)).toHaveLength(1);
    // Second visit: not the first any more.
    h.now.t += 31 * 60_000;
    await view(IP.manufacturing, '/demo/again');
    expect(firings(trigger.id)).toHaveLength(1);
  });

  test('time on site fires on an engagement report, without another pageview', async () => {
    const { h, view, create, firings } = await setup();
    const { trigger } = await create({
      rules: { match: 'all', conditions: [{ type: 'timeOnSite', atLeastSeconds: 60 }] },
    });
    await view(IP.manufacturing, '/pricing');
    expect(firings(trigger.id)).toHaveLength(0);
    const engage = async (ms: number) => {
      const res = await h.beacon(
        { s: h.siteKey, e: 'engagement', u: 'https://example.com/pricing', m: ms },
        IP.manufacturing,
      );
      expect(res.status).toBe(202);
      await settle();
    };
    await engage(30_000);
    expect(firings(trigger.id)).toHaveLength(0);
    await engage(45_000);
    expect(firings(trigger.id)).toHaveLength(1);
  });

  test('a hostile company name is escaped in the HTML and Slack text', async () => {
    const { h, view, create, companyId } = await setup();
    await create({
      rules: { match: 'all', conditions: [{ type: 'pageviews', atLeast: 2 }] },
      actions: [
        { type: 'email', to: ['sales@example.com'] },
        { type: 'slack', url: 'https://hooks.slack.example/services/x' },
      ],
    });
    await view(IP.canary, '/');
    const hostile = '<img src=x onerror=alert(1)> & "Co" <!channel>';
    h.db
      .prepare('UPDATE companies SET name = ? WHERE id = ?')
      .run(hostile, companyId('CanaryCo AG'));
    await view(IP.canary, '/<script>alert(2)</script>');
    const [mail, slack] = outboxRows(h.db).map((r) => r.payload);
    const m = payload(mail, 'email');
    expect(m.html).not.toContain('<img');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;');
    expect(m.subject).toContain(hostile);
    const s = payload(slack, 'slack');
    expect(s.body.text).not.toContain('<!channel>');
    expect(s.body.text).toContain('&lt;!channel&gt;');
  });
});
