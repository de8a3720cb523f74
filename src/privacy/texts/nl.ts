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

const days = (n: number) => `${n} ${n === 1 ? 'dag' : 'dagen'}`;

function signals(f: NoticeFacts): Block[] {
  const out: Block[] = [];
  const { gpc, dnt } = f;
  if (gpc.mode === 'all') {
    out.push({
      p: [
        'Onze websites respecteren Global Privacy Control (GPC): stuurt uw browser dit signaal, dan wordt het bezoek helemaal niet vastgelegd.',
      ],
    });
  } else if (gpc.mode === 'some') {
    out.push({
      p: [
        `Deze websites respecteren Global Privacy Control (GPC) en leggen niets vast wanneer uw browser het signaal stuurt: ${joinList('nl', gpc.sites)}. Onze andere websites doen niets met het signaal; het bezwaar hieronder geldt voor al onze websites.`,
      ],
    });
  } else {
    out.push({
      p: [
        'Onze websites doen op dit moment niets met het signaal Global Privacy Control (GPC). Het bezwaar hieronder geldt voor al onze websites.',
      ],
    });
  }
  if (dnt.mode === 'all') {
    out.push({ p: ['Het signaal "Do Not Track" (DNT) wordt op dezelfde manier gerespecteerd.'] });
  } else if (dnt.mode === 'some') {
    out.push({
      p: [`Het signaal "Do Not Track" (DNT) wordt gerespecteerd op: ${joinList('nl', dnt.sites)}.`],
    });
  }
  return out;
}

function retention(f: NoticeFacts): Block[] {
  const r = f.retention;
  if (r.mode === 'same') {
    return [
      { p: [`Bezoeken en paginaweergaven worden na ${days(r.days)} automatisch verwijderd.`] },
    ];
  }
  if (r.mode === 'max') {
    return [
      {
        p: [
          `Bezoeken en paginaweergaven worden automatisch verwijderd na de termijn die per website is ingesteld, uiterlijk na ${days(r.days)}.`,
        ],
      },
    ];
  }
  return [
    {
      p: [
        'Bezoeken en paginaweergaven worden automatisch verwijderd na de termijn die per website is ingesteld:',
      ],
    },
    { ul: r.sites.map((s) => [`${s.name}: ${days(s.days)}`]) },
  ];
}

function sources(f: NoticeFacts): Block[] {
  const items: Inline[][] = f.credits.map(creditInline);
  for (const name of f.ownSources) items.push([`${name} (onze eigen lijst van organisaties)`]);
  if (items.length === 0)
    return [{ p: ['Er is momenteel geen gegevensbron over organisaties geladen.'] }];
  return [{ p: ['De gegevens over organisaties komen uit deze bronnen:'] }, { ul: items }];
}

/** The Dutch privacy notice. */
export const nl: NoticeText = {
  title: 'Privacyverklaring: welke organisaties onze website bezoeken',
  build(f) {
    const s = f.settings;
    const authority = authorityInline(s);
    const optOut = link(f.optOutUrl, f.optOutUrl);
    const processed: Inline[][] = [
      [
        'Uw IP-adres, slechts even en alleen in het geheugen: het dient om op te zoeken welke organisatie het netwerk beheert waartoe het adres behoort, en wordt daarna weggegooid. Het wordt nooit opgeslagen, nooit in een logbestand geschreven en nooit doorgegeven. Om de pagina’s van één bezoek te groeperen, blijft een hash met sleutel van het adres en de browsernaam in het geheugen; de sleutel is willekeurig, verandert elke dag en wordt nooit opgeslagen.',
      ],
      [
        'Gegevens over die organisatie: de naam en, voor zover bekend, het domein, land, plaats en de sector.',
      ],
      [
        'Over het bezoek: de bekeken pagina’s, de tijd op elke pagina, de pagina waar u vandaan kwam (referrer), een klasse van schermgrootte (zoals "mobiel" of "desktop") en het tijdstip van het bezoek.',
      ],
      [
        'Hoort het netwerk bij een internetprovider, een mobiele operator of een hostingbedrijf, dan wordt geen bezoek vastgelegd: alleen een dagelijkse teller gaat omhoog.',
      ],
    ];
    if (s.reverseDns) {
      processed.push([
        'Reverse DNS: na het bezoek kan de hostnaam die in de openbare DNS voor het netwerk van de organisatie staat, worden opgevraagd om de organisatie beter te herkennen. Die vraag gaat naar de DNS-resolver van onze server; uw IP-adres wordt daarvoor niet opgeslagen.',
      ]);
    }
    return [
      { h: 1, text: nl.title },
      {
        p: [
          `${s.controllerName} gebruikt Leadlens, software op een eigen server, om te weten welke organisaties zijn websites bezoeken. Deze verklaring legt uit wat dat inhoudt en wat u ertegen kunt doen.`,
        ],
      },
      ...(f.date ? [{ p: [`Laatst bijgewerkt: ${f.date}.`] }] : []),
      { h: 2, text: 'Wie is verantwoordelijk' },
      {
        ul: controllerLines(s, { email: 'E-mail:', dpo: 'Functionaris voor gegevensbescherming:' }),
      },
      { h: 2, text: 'Doel' },
      {
        p: [
          'We willen weten welke organisaties (bedrijven, overheidsinstellingen, universiteiten en dergelijke) onze websites bezoeken, zodat we kunnen inspelen op hun zakelijke interesse: het herkennen van zakelijke leads (B2B). We willen niet weten wie u als persoon bent en proberen dat ook niet te achterhalen.',
        ],
      },
      { h: 2, text: 'Rechtsgrond' },
      {
        p: [
          'We baseren ons op ons gerechtvaardigd belang, artikel 6(1)(f) van de Algemene verordening gegevensbescherming (AVG). Onze afweging:',
        ],
      },
      {
        ul: [
          [
            'Ons belang: weten welke organisaties belangstelling hebben voor ons aanbod hoort bij zakelijke verkoop.',
          ],
          [
            'Het resultaat beschrijft een organisatie, geen persoon: we zien de naam van de organisatie die het netwerk beheert, nooit uw naam, e-mailadres of een profiel van u.',
          ],
          [
            'Geen profilering van personen: bezoeken worden niet over dagen of apparaten heen gevolgd, en er wordt geen besluit over een persoon op gebaseerd.',
          ],
          [
            'Zo weinig mogelijk gegevens: het IP-adres wordt even gebruikt en weggegooid; we bewaren alleen wat een bezoek beschrijft.',
          ],
          [
            'U kunt op elk moment in één stap bezwaar maken, voor uw hele organisatie (zie hieronder).',
          ],
        ],
      },
      {
        p: [
          'Na afweging van deze punten zijn we van oordeel dat ons belang niet zwaarder weegt dan uw belangen, rechten en vrijheden.',
        ],
      },
      { h: 2, text: 'Welke gegevens we verwerken' },
      { ul: processed },
      ...sources(f),
      { h: 2, text: 'Cookies' },
      {
        p: [
          'Er wordt geen cookie of vergelijkbare techniek (local storage, fingerprinting) gebruikt om u te herkennen: de organisatie wordt herkend aan het netwerk, dus er hoeft niets op uw apparaat te worden opgeslagen.',
        ],
      },
      { h: 2, text: 'Privacysignalen van de browser' },
      ...signals(f),
      { h: 2, text: 'Ontvangers' },
      {
        p: [
          'Geen. Leadlens draait op onze eigen server; de gegevens worden niet gedeeld met de makers van Leadlens of andere derden, behalve eventueel een hostingpartij die de server volgens onze instructies draait. Voor dit doel wordt niets doorgegeven naar landen buiten de Europese Economische Ruimte. De bovengenoemde gegevensbronnen zijn bestanden die we downloaden: het opzoeken gebeurt op onze server en er gaat niets naar de uitgevers ervan.',
        ],
      },
      { h: 2, text: 'Hoe lang we de gegevens bewaren' },
      ...retention(f),
      { h: 2, text: 'Uw rechten' },
      {
        ul: [
          [
            'Bezwaar (artikel 21 AVG): op de pagina ',
            optOut,
            ' worden de eerdere bezoeken van uw organisatie direct verwijderd en worden toekomstige bezoeken niet meer vastgelegd.',
          ],
          [
            `Inzage, rectificatie, wissing en beperking van de verwerking (artikelen 15 tot en met 18 AVG): schrijf naar ${s.contactEmail}. Omdat we geen IP-adres en geen kenmerk van u bewaren, kunnen we meestal alleen gegevens over uw organisatie vinden, niet over u persoonlijk.`,
          ],
          authority
            ? [
                'Een klacht bij een toezichthoudende autoriteit (artikel 77 AVG), zoals ',
                ...authority,
                ', of de autoriteit waar u woont of werkt.',
              ]
            : [
                'Een klacht bij een toezichthoudende autoriteit (artikel 77 AVG), met name waar u woont of werkt.',
              ],
        ],
      },
      { h: 2, text: 'Bezwaar maken' },
      { p: ['Wilt u niet dat uw organisatie aan ons wordt getoond, ga dan naar: ', optOut] },
    ];
  },
};
