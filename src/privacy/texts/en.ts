import type { Block, Inline } from '../notice-render.ts';
import {
  authorityInline,
  controllerLines,
  creditInline,
  joinList,
  link,
  type NoticeFacts,
  type NoticeText,
} from './types.ts';

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

function signals(f: NoticeFacts): Block[] {
  const out: Block[] = [];
  const { gpc, dnt } = f;
  if (gpc.mode === 'all') {
    out.push({
      p: [
        'Our websites honour Global Privacy Control (GPC): when your browser sends this signal, the visit is not recorded at all.',
      ],
    });
  } else if (gpc.mode === 'some') {
    out.push({
      p: [
        `These websites honour Global Privacy Control (GPC) and record nothing when your browser sends it: ${joinList('en', gpc.sites)}. Our other websites do not act on the signal; the opt-out below works on all of them.`,
      ],
    });
  } else {
    out.push({
      p: [
        'Our websites do not currently act on the Global Privacy Control (GPC) signal. The opt-out below works on all of them.',
      ],
    });
  }
  if (dnt.mode === 'all') {
    out.push({ p: ['The "Do Not Track" (DNT) signal is honoured in the same way.'] });
  } else if (dnt.mode === 'some') {
    out.push({
      p: [`The "Do Not Track" (DNT) signal is honoured on: ${joinList('en', dnt.sites)}.`],
    });
  }
  return out;
}

function retention(f: NoticeFacts): Block[] {
  const r = f.retention;
  if (r.mode === 'same') {
    return [{ p: [`Visits and page views are deleted automatically after ${days(r.days)}.`] }];
  }
  if (r.mode === 'max') {
    return [
      {
        p: [
          `Visits and page views are deleted automatically after the period set for each website, at most ${days(r.days)}.`,
        ],
      },
    ];
  }
  return [
    {
      p: ['Visits and page views are deleted automatically after the period set for each website:'],
    },
    { ul: r.sites.map((s) => [`${s.name}: ${days(s.days)}`]) },
  ];
}

function sources(f: NoticeFacts): Block[] {
  const items: Inline[][] = f.credits.map(creditInline);
  for (const name of f.ownSources) items.push([`${name} (our own list of organisations)`]);
  if (items.length === 0) return [{ p: ['No organisation data source is loaded at present.'] }];
  return [{ p: ['The organisation data comes from these sources:'] }, { ul: items }];
}

/** The English privacy notice. */
export const en: NoticeText = {
  title: 'Privacy notice: which organisations visit our website',
  build(f) {
    const s = f.settings;
    const authority = authorityInline(s);
    const optOut = link(f.optOutUrl, f.optOutUrl);
    const processed: Inline[][] = [
      [
        'Your IP address, only for a moment and only in memory: it is used to look up which organisation holds the network the address belongs to, then discarded. It is never stored, never written to a log and never passed on. To group the pages of one visit, a keyed hash of the address and the browser name is kept in memory; the key is random, changes every day and is never stored.',
      ],
      [
        'Data about that organisation: its name and, where known, its domain, country, city and industry.',
      ],
      [
        'About the visit: the pages viewed, the time spent on each, the page you came from (referrer), a screen-size class (such as "mobile" or "desktop") and the time of the visit.',
      ],
      [
        'If the network belongs to an internet access provider, a mobile operator or a hosting company, no visit is recorded: only a daily count goes up.',
      ],
    ];
    if (s.reverseDns) {
      processed.push([
        "Reverse DNS: after the visit, the host name registered in the public DNS for the organisation's network may be looked up to identify the organisation better. This query goes to the DNS resolver our server uses; your IP address is not stored for it.",
      ]);
    }
    return [
      { h: 1, text: en.title },
      {
        p: [
          `${s.controllerName} uses Leadlens, software running on its own server, to learn which organisations visit its websites. This notice explains what that involves and what you can do about it.`,
        ],
      },
      ...(f.date ? [{ p: [`Last updated: ${f.date}.`] }] : []),
      { h: 2, text: 'Who is responsible' },
      { ul: controllerLines(s, { email: 'E-mail:', dpo: 'Data protection officer:' }) },
      { h: 2, text: 'Purpose' },
      {
        p: [
          'We want to know which organisations (companies, public bodies, universities and the like) visit our websites, so that we can follow up on their business interest: business-to-business lead identification. We do not want to know who you are as a person, and we do not try to find out.',
        ],
      },
      { h: 2, text: 'Legal basis' },
      {
        p: [
          'We rely on our legitimate interests, Article 6(1)(f) of the General Data Protection Regulation (GDPR). Our reasoning:',
        ],
      },
      {
        ul: [
          [
            'Our interest: knowing which organisations take an interest in what we offer is an ordinary part of selling to businesses.',
          ],
          [
            'The result describes an organisation, not a person: we see the name of the organisation that holds the network, never your name, e-mail address or a profile of you.',
          ],
          [
            'No profiling of individuals: visits are not followed across days or devices, and no decision about any person is made from them.',
          ],
          [
            'Minimal data: the IP address is used for a moment and discarded; we keep only what describes a visit.',
          ],
          ['You can object at any time, in one step, for your whole organisation (see below).'],
        ],
      },
      {
        p: [
          'Having weighed these points, we consider that our interest does not override your interests, rights and freedoms.',
        ],
      },
      { h: 2, text: 'What we process' },
      { ul: processed },
      ...sources(f),
      { h: 2, text: 'Cookies' },
      {
        p: [
          'No cookie and no similar technique (local storage, fingerprinting) is used to recognise you: the organisation is identified from the network, so nothing needs to be stored on your device.',
        ],
      },
      { h: 2, text: 'Browser privacy signals' },
      ...signals(f),
      { h: 2, text: 'Recipients' },
      {
        p: [
          'None. Leadlens runs on our own server; the data is not shared with the makers of Leadlens or any other third party, apart from a hosting provider that may run the server on our instructions. Nothing is transferred to countries outside the European Economic Area for this purpose. The data sources named above are files we download: addresses are looked up on our server and nothing is sent to their publishers.',
        ],
      },
      { h: 2, text: 'How long we keep the data' },
      ...retention(f),
      { h: 2, text: 'Your rights' },
      {
        ul: [
          [
            'Objection (Article 21 GDPR): on the opt-out page, ',
            optOut,
            ", your organisation's past visits are deleted at once and its future visits are no longer recorded.",
          ],
          [
            `Access, rectification, erasure and restriction of processing (Articles 15 to 18 GDPR): write to ${s.contactEmail}. As we store no IP address and no identifier of you, we can usually find data about your organisation only, not about you personally.`,
          ],
          authority
            ? [
                'Complaint to a supervisory authority (Article 77 GDPR), such as ',
                ...authority,
                ', or the authority where you live or work.',
              ]
            : [
                'Complaint to a supervisory authority (Article 77 GDPR), in particular where you live or work.',
              ],
        ],
      },
      { h: 2, text: 'Opt-out' },
      { p: ['To stop your organisation being shown to us, visit: ', optOut] },
    ];
  },
};
