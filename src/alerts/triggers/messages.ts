import type { Delivery } from '../model.ts';
import type { Facts } from './compile.ts';

/** What every message about one firing says. */
export interface FiringContext {
  trigger: { id: number; name: string };
  facts: Facts;
  site: { id: number; name: string } | null;
  /** The dashboard's public base URL (config PUBLIC_URL), for links; '' when unset. */
  publicUrl: string;
  /** A test run from the dashboard: said in every message. */
  test: boolean;
}

/** Pages listed in a message; the webhook carries the loader's full list. */
const SHOWN_PAGES = 30;

/**
 * Escapes text for HTML element content and quoted attributes. Company names, industries and
 * page paths come from third-party data and from visitors' browsers: treat them as hostile.
 * @example escapeHtml('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Slack's mrkdwn needs only these three escaped; `<` would otherwise start a link or @channel. */
export const escapeSlack = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One line, no control characters (a subject header must not be split by a hostile name). */
const oneLine = (s: string, max: number) =>
  Array.from(s, (c) => (c < ' ' || c === '\x7f' ? ' ' : c))
    .join('')
    .trim()
    .slice(0, max);

/** The dashboard link of a company, or null without a public URL. */
export function companyUrl(publicUrl: string, id: number): string | null {
  const base = publicUrl.replace(/\/+$/, '');
  return base ? `${base}/companies/${id}` : null;
}

const where = (c: Facts['company']) =>
  [c.country, c.industry, c.employees ? `${c.employees} employees` : null]
    .filter(Boolean)
    .join(' · ');

/** The e-mail: subject, plain text and HTML with every outside string escaped. */
export function emailOf(x: FiringContext, to: string[]): Extract<Delivery, { kind: 'email' }> {
  const c = x.facts.company;
  const pages = x.facts.visit.paths.slice(0, SHOWN_PAGES);
  const more = x.facts.visit.paths.length - pages.length;
  const link = companyUrl(x.publicUrl, c.id);
  const siteName = x.site?.name ?? 'your site';
  const subject = oneLine(
    `${x.test ? '[Test] ' : ''}${c.name} is on ${siteName} (${x.trigger.name})`,
    300,
  );
  const text = [
    x.test ? 'TEST RUN: this message was sent from the trigger editor.\n' : '',
    `${c.name}${c.domain ? ` (${c.domain})` : ''}`,
    where(c),
    '',
    `Trigger: ${x.trigger.name}`,
    `Site: ${siteName}`,
    `Pages of this visit (${x.facts.visit.pageviews} pageviews):`,
    ...pages.map((p) => `  ${p}`),
    more > 0 ? `  … and ${more} more` : '',
    '',
    link ? `Open in Leadlens: ${link}` : `Open company #${c.id} in Leadlens.`,
  ]
    .filter((l, i) => l !== '' || i > 1)
    .join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html><body style="font-family:sans-serif;color:#1f2933">
${x.test ? '<p style="color:#b45309"><strong>Test run</strong>: sent from the trigger editor.</p>' : ''}
<h2 style="margin:0 0 4px">${e(c.name)}</h2>
<p style="margin:0 0 12px;color:#52606d">${e([c.domain, where(c)].filter(Boolean).join(' · '))}</p>
<p>Trigger <strong>${e(x.trigger.name)}</strong> fired on <strong>${e(siteName)}</strong>.</p>
<p>Pages of this visit (${x.facts.visit.pageviews} pageviews):</p>
<ul>${pages.map((p) => `<li><code>${e(p)}</code></li>`).join('')}${more > 0 ? `<li>… and ${more} more</li>` : ''}</ul>
${link ? `<p><a href="${e(link)}">Open ${e(c.name)} in Leadlens</a></p>` : `<p>Open company #${c.id} in Leadlens.</p>`}
</body></html>`;
  return { kind: 'email', to, subject, text, html };
}

/** The versioned JSON a webhook receives. No address, nothing derived from one. */
export function webhookBodyOf(x: FiringContext) {
  const c = x.facts.company;
  const v = x.facts.visit;
  return {
    schema: 'leadlens.trigger/1' as const,
    test: x.test,
    firedAt: new Date(x.facts.now).toISOString(),
    trigger: { id: x.trigger.id, name: x.trigger.name },
    company: {
      id: c.id,
      name: c.name,
      domain: c.domain,
      country: c.country,
      city: c.city,
      industry: c.industry,
      employees: c.employees,
      class: c.class,
      status: c.status,
      tags: c.tags,
      score: x.facts.score,
      url: companyUrl(x.publicUrl, c.id),
    },
    visit: {
      id: v.id,
      startedAt: new Date(v.startedAt).toISOString(),
      pageviews: v.pageviews,
      engagedSeconds: Math.round(v.engagedMs / 1000),
      pages: v.paths,
    },
    site: x.site,
  };
}

export function webhookOf(
  x: FiringContext,
  url: string,
  secret: string,
): Extract<Delivery, { kind: 'webhook' }> {
  return { kind: 'webhook', url, secret, body: webhookBodyOf(x) };
}

/** A Slack incoming-webhook message: a plain `text` fallback and Block Kit sections. */
export function slackOf(x: FiringContext, url: string): Extract<Delivery, { kind: 'slack' }> {
  const c = x.facts.company;
  const s = escapeSlack;
  const link = companyUrl(x.publicUrl, c.id);
  const pages = x.facts.visit.paths.slice(0, 10);
  const head = `${x.test ? '[Test] ' : ''}${c.name} is on ${x.site?.name ?? 'your site'} (${x.trigger.name})`;
  const detail = [
    where(c),
    `Pages: ${pages.join(', ')}${x.facts.visit.paths.length > 10 ? ', …' : ''}`,
  ]
    .filter(Boolean)
    .join('\n');
  const blocks: unknown[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${s(oneLine(head, 2900))}*\n${s(detail).slice(0, 2900)}` },
    },
  ];
  if (link) {
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Open in Leadlens' }, url: link },
      ],
    });
  }
  return { kind: 'slack', url, body: { text: s(oneLine(head, 3000)), blocks } };
}
