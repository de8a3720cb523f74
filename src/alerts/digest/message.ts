import type { Delivery } from '../model.ts';
import { companyUrl, escapeHtml as e } from '../triggers/messages.ts';
import type { DigestCompany, DigestContent } from './model.ts';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const facts = (c: DigestCompany) =>
  [
    c.domain,
    c.country,
    c.industry,
    `${c.visits} visit${c.visits === 1 ? '' : 's'}`,
    `score ${c.score}`,
  ]
    .filter(Boolean)
    .join(' · ');

/** The period in words: "2026-11-28" or "2026-11-23 to 2026-11-29". */
function periodText(p: DigestContent['period']): string {
  const last = p.to - 1;
  return day(p.from) === day(last) ? day(p.from) : `${day(p.from)} to ${day(last)}`;
}

/**
 * The digest e-mail: per site, the companies new in the period and the hot ones (score ≥ 60)
 * that came back, each with a link. Every company string is escaped in the HTML.
 */
export function digestEmail(
  content: DigestContent,
  to: string,
  publicUrl: string,
): Extract<Delivery, { kind: 'email' }> {
  let newCount = 0;
  let hotCount = 0;
  for (const s of content.sites) {
    newCount += s.newCompanies.length + s.newMore;
    hotCount += s.hotReturning.length + s.hotMore;
  }
  const kind = content.period.frequency === 'daily' ? 'Daily' : 'Weekly';
  const subject = `Leadlens ${kind.toLowerCase()} digest: ${newCount} new compan${newCount === 1 ? 'y' : 'ies'}, ${hotCount} hot returning`;
  const inbox = publicUrl ? `${publicUrl.replace(/\/+$/, '')}/` : null;

  const text: string[] = [`${kind} digest, ${periodText(content.period)} (UTC)`, ''];
  const html: string[] = [
    '<!doctype html><html><body style="font-family:sans-serif;color:#1f2933">',
    `<h2>${kind} digest</h2><p style="color:#52606d">${e(periodText(content.period))} (UTC)</p>`,
  ];
  const section = (title: string, list: DigestCompany[], more: number) => {
    if (list.length === 0) return;
    text.push(`  ${title}:`);
    html.push(`<h4 style="margin:12px 0 4px">${e(title)}</h4><ul>`);
    for (const c of list) {
      const link = companyUrl(publicUrl, c.id);
      text.push(`  - ${c.name} (${facts(c)})${link ? `\n    ${link}` : ''}`);
      const name = link ? `<a href="${e(link)}">${e(c.name)}</a>` : e(c.name);
      html.push(`<li>${name} <span style="color:#52606d">${e(facts(c))}</span></li>`);
    }
    if (more > 0) {
      text.push(`  … and ${more} more`);
      html.push(`<li>… and ${more} more</li>`);
    }
    html.push('</ul>');
  };
  for (const s of content.sites) {
    if (s.newCompanies.length + s.hotReturning.length === 0) continue;
    text.push(s.name);
    html.push(`<h3 style="margin:16px 0 0">${e(s.name)}</h3>`);
    section('New companies', s.newCompanies, s.newMore);
    section('Hot companies that came back', s.hotReturning, s.hotMore);
    text.push('');
  }
  if (inbox) {
    text.push(`Open the inbox: ${inbox}`);
    html.push(`<p><a href="${e(inbox)}">Open the inbox</a></p>`);
  }
  text.push('', 'Change or stop this digest under your account in Leadlens.');
  html.push(
    '<p style="color:#52606d;font-size:12px">Change or stop this digest under your account in Leadlens.</p></body></html>',
  );
  return { kind: 'email', to: [to], subject, text: text.join('\n'), html: html.join('\n') };
}
