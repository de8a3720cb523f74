import { noticeFacts } from './notice.ts';
import { DEFAULT_RETENTION_DAYS, type NoticeInput } from './notice-model.ts';
import { type Block, type Inline, renderMarkdown } from './notice-render.ts';
import type { ProcessingRecord } from './record-model.ts';

/**
 * The Art. 30 record entry for the live settings, sites and sources (English: the record is an
 * internal document for the controller and its authority, unlike the notice for visitors).
 * @example buildRecord({ settings, sites, sources }, new Date().toISOString())
 */
export function buildRecord(input: NoticeInput, generatedAt: string): ProcessingRecord {
  const s = input.settings;
  const f = noticeFacts(input);
  const sources = [
    ...f.credits.map((c) => (c.licence ? `${c.text} (${c.licence})` : c.text)),
    ...f.ownSources.map((n) => `${n} (the controller's own list of organisations)`),
  ];
  const recipients = [
    'None: Leadlens is self-hosted; the data stays on the controller\u2019s server.',
    'A hosting provider acting as processor (Art. 28 GDPR), if the server is hosted by one.',
  ];
  if (s.reverseDns) {
    recipients.push(
      "The DNS resolver configured on the server receives reverse-DNS queries for organisations' networks (not visitors' addresses).",
    );
  }
  return {
    activity: 'Identification of organisations visiting the controller\u2019s websites (Leadlens)',
    controller: { name: s.controllerName, address: s.controllerAddress, email: s.contactEmail },
    dpo: s.dpoName || s.dpoEmail ? { name: s.dpoName ?? null, email: s.dpoEmail ?? null } : null,
    purposes: [
      'Business-to-business lead identification: knowing which organisations visit the websites, to follow up on their business interest.',
    ],
    legalBasis:
      'Art. 6(1)(f) GDPR, legitimate interests: organisation-level data, no profiling of individuals, minimal data, a one-step opt-out for a whole organisation.',
    dataSubjects: [
      'Employees and representatives of organisations whose networks visit the websites (a visit is tied to the organisation, not to a person).',
    ],
    personalData: [
      {
        category: 'IP address',
        detail:
          'Held only in memory during the request to look up the organisation; never stored, logged or passed on.',
      },
      {
        category: 'Organisation data',
        detail: 'Name and, where known, domain, country, city and industry of the network holder.',
      },
      {
        category: 'Visit data',
        detail:
          'Pages viewed, time on page, referrer, screen-size class, time of visit; organisation-level visits only (ISP, mobile and hosting networks are only counted per day).',
      },
      ...(s.reverseDns
        ? [
            {
              category: 'Reverse-DNS host name',
              detail: "The host name registered in public DNS for the organisation's network.",
            },
          ]
        : []),
    ],
    sources,
    recipients,
    thirdCountryTransfers: {
      any: false,
      detail:
        'None by Leadlens. If a hosting provider outside the EEA is used, the controller documents the safeguards (Chapter V GDPR).',
    },
    retention:
      input.sites.length > 0
        ? input.sites.map((x) => ({ site: x.name, days: x.retentionDays }))
        : [{ site: '(default for new sites)', days: DEFAULT_RETENTION_DAYS }],
    securityMeasures: [
      'No IP address at rest: not in the database, its WAL, logs, exports or backups (enforced by an automated byte-scan test).',
      'Visits are grouped by an HMAC of site, address and user agent under a random salt held only in memory and rotated daily at UTC midnight; the salt is never persisted.',
      'No identification cookies on the websites.',
      'Dashboard passwords hashed with argon2id; server-side sessions in HttpOnly, SameSite=Strict cookies (Secure over HTTPS); CSRF origin checks; login rate limits; roles (owner, admin, viewer).',
      "TLS terminated by the operator's reverse proxy; forwarded client addresses are trusted only from configured proxy ranges.",
      'One SQLite database file; its directory and backups readable only by the service account (file permissions set by the operator).',
      'Backups of the database file hold no IP address either; the operator stores them with the same protection as the database.',
      'Retention enforced by a daily purge; an opted-out organisation\u2019s visits are deleted at once.',
    ],
    generatedAt,
  };
}

const li = (label: string, value: string): Inline[] => [`${label}: ${value}`];

/** The record entry as Markdown, every value escaped (controller fields are operator text). */
export function recordMarkdown(r: ProcessingRecord): string {
  const dpo = r.dpo ? [r.dpo.name, r.dpo.email].filter(Boolean).join(', ') : 'none designated';
  const blocks: Block[] = [
    { h: 1, text: `Record of processing activities (Art. 30 GDPR): ${r.activity}` },
    { p: [`Generated: ${r.generatedAt}`] },
    { h: 2, text: 'Controller' },
    {
      ul: [
        li('Name', r.controller.name),
        li('Address', r.controller.address),
        li('E-mail', r.controller.email),
        li('Data protection officer', dpo),
      ],
    },
    { h: 2, text: 'Purposes and legal basis' },
    { ul: [...r.purposes.map((p) => [p]), [r.legalBasis]] },
    { h: 2, text: 'Categories of data subjects' },
    { ul: r.dataSubjects.map((d) => [d]) },
    { h: 2, text: 'Categories of personal data' },
    { ul: r.personalData.map((d) => li(d.category, d.detail)) },
    { h: 2, text: 'Sources of organisation data' },
    r.sources.length ? { ul: r.sources.map((x) => [x]) } : { p: ['None loaded.'] },
    { h: 2, text: 'Recipients' },
    { ul: r.recipients.map((x) => [x]) },
    { h: 2, text: 'Transfers to third countries' },
    { p: [r.thirdCountryTransfers.any ? 'Yes. ' : 'None. ', r.thirdCountryTransfers.detail] },
    { h: 2, text: 'Retention' },
    { ul: r.retention.map((x) => li(x.site, `${x.days} days`)) },
    { h: 2, text: 'Technical and organisational security measures' },
    { ul: r.securityMeasures.map((m) => [m]) },
  ];
  return renderMarkdown(blocks);
}
