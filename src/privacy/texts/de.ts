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

const days = (n: number) => `${n} ${n === 1 ? 'Tag' : 'Tagen'}`;

function signals(f: NoticeFacts): Block[] {
  const out: Block[] = [];
  const { gpc, dnt } = f;
  if (gpc.mode === 'all') {
    out.push({
      p: [
        'Unsere Websites beachten Global Privacy Control (GPC): Sendet Ihr Browser dieses Signal, wird der Besuch überhaupt nicht erfasst.',
      ],
    });
  } else if (gpc.mode === 'some') {
    out.push({
      p: [
        `Diese Websites beachten Global Privacy Control (GPC) und erfassen nichts, wenn Ihr Browser das Signal sendet: ${joinList('de', gpc.sites)}. Unsere übrigen Websites werten das Signal nicht aus; der Widerspruch unten gilt für alle.`,
      ],
    });
  } else {
    out.push({
      p: [
        'Unsere Websites werten das Signal Global Privacy Control (GPC) derzeit nicht aus. Der Widerspruch unten gilt für alle.',
      ],
    });
  }
  if (dnt.mode === 'all') {
    out.push({ p: ['Das Signal „Do Not Track“ (DNT) wird ebenso beachtet.'] });
  } else if (dnt.mode === 'some') {
    out.push({
      p: [`Das Signal „Do Not Track“ (DNT) wird beachtet auf: ${joinList('de', dnt.sites)}.`],
    });
  }
  return out;
}

function retention(f: NoticeFacts): Block[] {
  const r = f.retention;
  if (r.mode === 'same') {
    return [{ p: [`Besuche und Seitenaufrufe werden nach ${days(r.days)} automatisch gelöscht.`] }];
  }
  if (r.mode === 'max') {
    return [
      {
        p: [
          `Besuche und Seitenaufrufe werden nach der für jede Website eingestellten Frist automatisch gelöscht, spätestens nach ${days(r.days)}.`,
        ],
      },
    ];
  }
  return [
    {
      p: [
        'Besuche und Seitenaufrufe werden nach der für jede Website eingestellten Frist automatisch gelöscht:',
      ],
    },
    // A list item stands alone: nominative "Tage", not the dative after "nach".
    { ul: r.sites.map((s) => [`${s.name}: ${s.days} ${s.days === 1 ? 'Tag' : 'Tage'}`]) },
  ];
}

function sources(f: NoticeFacts): Block[] {
  const items: Inline[][] = f.credits.map(creditInline);
  for (const name of f.ownSources) items.push([`${name} (unsere eigene Liste von Organisationen)`]);
  if (items.length === 0)
    return [{ p: ['Derzeit ist keine Datenquelle zu Organisationen geladen.'] }];
  return [{ p: ['Die Daten zu Organisationen stammen aus diesen Quellen:'] }, { ul: items }];
}

/** The German privacy notice. */
export const de: NoticeText = {
  title: 'Datenschutzhinweis: welche Organisationen unsere Website besuchen',
  build(f) {
    const s = f.settings;
    const authority = authorityInline(s);
    const optOut = link(f.optOutUrl, f.optOutUrl);
    const processed: Inline[][] = [
      [
        'Ihre IP-Adresse, nur kurz und nur im Arbeitsspeicher: Sie dient dazu nachzuschlagen, welche Organisation das Netz hält, zu dem die Adresse gehört, und wird danach verworfen. Sie wird nie gespeichert, nie protokolliert und nie weitergegeben. Um die Seiten eines Besuchs zusammenzufassen, bleibt ein mit Schlüssel gebildeter Hash aus Adresse und Browserkennung im Arbeitsspeicher; der Schlüssel ist zufällig, wechselt täglich und wird nie gespeichert.',
      ],
      [
        'Daten über diese Organisation: ihr Name und, soweit bekannt, Domain, Land, Ort und Branche.',
      ],
      [
        'Zum Besuch: die aufgerufenen Seiten, die Verweildauer auf jeder Seite, die Seite, von der Sie kamen (Referrer), eine Klasse der Bildschirmgröße (etwa „mobil“ oder „Desktop“) und der Zeitpunkt des Besuchs.',
      ],
      [
        'Gehört das Netz einem Internetzugangsanbieter, einem Mobilfunkbetreiber oder einem Hosting-Unternehmen, wird kein Besuch erfasst, nur ein Tageszähler erhöht.',
      ],
    ];
    if (s.reverseDns) {
      processed.push([
        'Reverse DNS: Nach dem Besuch kann der Hostname, der im öffentlichen DNS für das Netz der Organisation eingetragen ist, abgefragt werden, um die Organisation besser zu erkennen. Diese Anfrage geht an den DNS-Resolver unseres Servers; Ihre IP-Adresse wird dafür nicht gespeichert.',
      ]);
    }
    return [
      { h: 1, text: de.title },
      {
        p: [
          `${s.controllerName} setzt Leadlens ein, eine Software auf dem eigenen Server, um zu erfahren, welche Organisationen die eigenen Websites besuchen. Dieser Hinweis erklärt, was das bedeutet und was Sie dagegen tun können.`,
        ],
      },
      ...(f.date ? [{ p: [`Stand: ${f.date}.`] }] : []),
      { h: 2, text: 'Verantwortlicher' },
      { ul: controllerLines(s, { email: 'E-Mail:', dpo: 'Datenschutzbeauftragte(r):' }) },
      { h: 2, text: 'Zweck' },
      {
        p: [
          'Wir möchten wissen, welche Organisationen (Unternehmen, Behörden, Hochschulen und ähnliche) unsere Websites besuchen, um auf ihr geschäftliches Interesse eingehen zu können: die Erkennung von Geschäftskontakten im B2B-Bereich. Wer Sie als Person sind, wollen wir nicht wissen, und wir versuchen auch nicht, es herauszufinden.',
        ],
      },
      { h: 2, text: 'Rechtsgrundlage' },
      {
        p: [
          'Wir stützen uns auf unser berechtigtes Interesse, Art. 6(1)(f) der Datenschutz-Grundverordnung (DSGVO, Art. 6 Abs. 1 lit. f). Unsere Abwägung:',
        ],
      },
      {
        ul: [
          [
            'Unser Interesse: Zu wissen, welche Organisationen sich für unser Angebot interessieren, gehört zum gewöhnlichen Vertrieb an Unternehmen.',
          ],
          [
            'Das Ergebnis beschreibt eine Organisation, keine Person: Wir sehen den Namen der Organisation, die das Netz hält, nie Ihren Namen, Ihre E-Mail-Adresse oder ein Profil von Ihnen.',
          ],
          [
            'Keine Profilbildung über Personen: Besuche werden nicht über Tage oder Geräte hinweg verfolgt, und es wird keine Entscheidung über eine Person daraus abgeleitet.',
          ],
          [
            'Datensparsamkeit: Die IP-Adresse wird kurz verwendet und verworfen; wir behalten nur, was einen Besuch beschreibt.',
          ],
          [
            'Sie können jederzeit in einem Schritt für Ihre ganze Organisation widersprechen (siehe unten).',
          ],
        ],
      },
      {
        p: [
          'Nach Abwägung dieser Punkte überwiegen unseres Erachtens Ihre Interessen, Grundrechte und Grundfreiheiten unser Interesse nicht.',
        ],
      },
      { h: 2, text: 'Welche Daten wir verarbeiten' },
      { ul: processed },
      ...sources(f),
      { h: 2, text: 'Cookies' },
      {
        p: [
          'Es wird kein Cookie und keine vergleichbare Technik (Local Storage, Fingerprinting) verwendet, um Sie wiederzuerkennen: Die Organisation wird am Netz erkannt, auf Ihrem Gerät muss nichts gespeichert werden.',
        ],
      },
      { h: 2, text: 'Datenschutzsignale des Browsers' },
      ...signals(f),
      { h: 2, text: 'Empfänger' },
      {
        p: [
          'Keine. Leadlens läuft auf unserem eigenen Server; die Daten werden weder an die Hersteller von Leadlens noch an andere Dritte weitergegeben, abgesehen von einem etwaigen Hoster, der den Server in unserem Auftrag betreibt. Für diesen Zweck wird nichts in Länder außerhalb des Europäischen Wirtschaftsraums übermittelt. Die oben genannten Datenquellen sind Dateien, die wir herunterladen: Nachgeschlagen wird auf unserem Server, an ihre Herausgeber wird nichts gesendet.',
        ],
      },
      { h: 2, text: 'Speicherdauer' },
      ...retention(f),
      { h: 2, text: 'Ihre Rechte' },
      {
        ul: [
          [
            'Widerspruch (Art. 21 DSGVO): Auf der Seite ',
            optOut,
            ' werden die bisherigen Besuche Ihrer Organisation sofort gelöscht und künftige Besuche nicht mehr erfasst.',
          ],
          [
            `Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung (Art. 15 bis 18 DSGVO): Schreiben Sie an ${s.contactEmail}. Da wir weder IP-Adressen noch eine Kennung von Ihnen speichern, finden wir in der Regel nur Daten zu Ihrer Organisation, nicht zu Ihnen persönlich.`,
          ],
          authority
            ? [
                'Beschwerde bei einer Aufsichtsbehörde (Art. 77 DSGVO), etwa bei ',
                ...authority,
                ', oder bei der Behörde Ihres Wohn- oder Arbeitsorts.',
              ]
            : [
                'Beschwerde bei einer Aufsichtsbehörde (Art. 77 DSGVO), insbesondere an Ihrem Wohn- oder Arbeitsort.',
              ],
        ],
      },
      { h: 2, text: 'Widerspruch' },
      {
        p: ['Wenn Ihre Organisation uns nicht mehr angezeigt werden soll, besuchen Sie: ', optOut],
      },
    ];
  },
};
