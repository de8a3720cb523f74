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

const days = (n: number) => `${n} ${n === 1 ? 'jour' : 'jours'}`;

function signals(f: NoticeFacts): Block[] {
  const out: Block[] = [];
  const { gpc, dnt } = f;
  if (gpc.mode === 'all') {
    out.push({
      p: [
        'Nos sites respectent le signal Global Privacy Control (GPC) : lorsque votre navigateur l’envoie, la visite n’est pas enregistrée du tout.',
      ],
    });
  } else if (gpc.mode === 'some') {
    out.push({
      p: [
        `Les sites suivants respectent le signal Global Privacy Control (GPC) et n’enregistrent rien lorsque votre navigateur l’envoie : ${joinList('fr', gpc.sites)}. Nos autres sites n’en tiennent pas compte ; l’opposition décrite plus bas vaut pour tous.`,
      ],
    });
  } else {
    out.push({
      p: [
        'Nos sites ne tiennent pas compte, à ce jour, du signal Global Privacy Control (GPC). L’opposition décrite plus bas vaut pour tous.',
      ],
    });
  }
  if (dnt.mode === 'all') {
    out.push({ p: ['Le signal « Do Not Track » (DNT) est respecté de la même manière.'] });
  } else if (dnt.mode === 'some') {
    out.push({
      p: [`Le signal « Do Not Track » (DNT) est respecté sur : ${joinList('fr', dnt.sites)}.`],
    });
  }
  return out;
}

function retention(f: NoticeFacts): Block[] {
  const r = f.retention;
  if (r.mode === 'same') {
    return [
      { p: [`Les visites et pages vues sont supprimées automatiquement après ${days(r.days)}.`] },
    ];
  }
  if (r.mode === 'max') {
    return [
      {
        p: [
          `Les visites et pages vues sont supprimées automatiquement après la durée fixée pour chaque site, au plus ${days(r.days)}.`,
        ],
      },
    ];
  }
  return [
    {
      p: [
        'Les visites et pages vues sont supprimées automatiquement après la durée fixée pour chaque site :',
      ],
    },
    { ul: r.sites.map((s) => [`${s.name} : ${days(s.days)}`]) },
  ];
}

function sources(f: NoticeFacts): Block[] {
  const items: Inline[][] = f.credits.map(creditInline);
  for (const name of f.ownSources) items.push([`${name} (notre propre liste d’organisations)`]);
  if (items.length === 0) {
    return [{ p: ['Aucune source de données sur les organisations n’est chargée actuellement.'] }];
  }
  return [{ p: ['Les données sur les organisations proviennent de ces sources :'] }, { ul: items }];
}

/** The French privacy notice. */
export const fr: NoticeText = {
  title: 'Politique de confidentialité : quelles organisations visitent notre site',
  build(f) {
    const s = f.settings;
    const authority = authorityInline(s);
    const optOut = link(f.optOutUrl, f.optOutUrl);
    const processed: Inline[][] = [
      [
        'Votre adresse IP, un court instant et uniquement en mémoire : elle sert à rechercher quelle organisation détient le réseau auquel elle appartient, puis elle est écartée. Elle n’est jamais enregistrée, jamais écrite dans un journal et jamais transmise. Pour regrouper les pages d’une même visite, une empreinte à clé de l’adresse et du nom du navigateur est gardée en mémoire ; la clé est aléatoire, change chaque jour et n’est jamais enregistrée.',
      ],
      [
        'Des données sur cette organisation : son nom et, si elles sont connues, son domaine, son pays, sa ville et son secteur.',
      ],
      [
        'Sur la visite : les pages consultées, le temps passé sur chacune, la page d’où vous venez (référent), une classe de taille d’écran (par exemple « mobile » ou « ordinateur ») et l’heure de la visite.',
      ],
      [
        'Si le réseau appartient à un fournisseur d’accès à internet, un opérateur mobile ou un hébergeur, aucune visite n’est enregistrée : seul un compteur journalier augmente.',
      ],
    ];
    if (s.reverseDns) {
      processed.push([
        'DNS inverse : après la visite, le nom d’hôte inscrit dans le DNS public pour le réseau de l’organisation peut être consulté afin de mieux l’identifier. Cette requête part vers le résolveur DNS qu’utilise notre serveur ; votre adresse IP n’est pas enregistrée pour autant.',
      ]);
    }
    return [
      { h: 1, text: fr.title },
      {
        p: [
          `${s.controllerName} utilise Leadlens, un logiciel installé sur son propre serveur, pour savoir quelles organisations visitent ses sites web. Cette notice explique ce que cela implique et ce que vous pouvez faire.`,
        ],
      },
      ...(f.date ? [{ p: [`Dernière mise à jour : ${f.date}.`] }] : []),
      { h: 2, text: 'Responsable du traitement' },
      {
        ul: controllerLines(s, {
          email: 'Courriel :',
          dpo: 'Délégué à la protection des données :',
        }),
      },
      { h: 2, text: 'Finalité' },
      {
        p: [
          'Nous souhaitons savoir quelles organisations (entreprises, organismes publics, universités…) visitent nos sites, afin de donner suite à leur intérêt commercial : l’identification de prospects entre professionnels (B2B). Nous ne cherchons pas à savoir qui vous êtes en tant que personne.',
        ],
      },
      { h: 2, text: 'Base juridique' },
      {
        p: [
          'Nous nous fondons sur notre intérêt légitime, article 6(1)(f) du Règlement général sur la protection des données (RGPD). Notre raisonnement :',
        ],
      },
      {
        ul: [
          [
            'Notre intérêt : savoir quelles organisations s’intéressent à notre offre fait partie de la vente entre professionnels.',
          ],
          [
            'Le résultat décrit une organisation, non une personne : nous voyons le nom de l’organisation qui détient le réseau, jamais votre nom, votre adresse électronique ni un profil de vous.',
          ],
          [
            'Aucun profilage des personnes : les visites ne sont pas suivies d’un jour à l’autre ni d’un appareil à l’autre, et aucune décision concernant une personne n’en est tirée.',
          ],
          [
            'Données minimales : l’adresse IP sert un instant puis est écartée ; nous ne gardons que ce qui décrit une visite.',
          ],
          [
            'Vous pouvez vous opposer à tout moment, en une seule étape, pour toute votre organisation (voir plus bas).',
          ],
        ],
      },
      {
        p: [
          'Après mise en balance, nous estimons que notre intérêt ne prévaut pas sur vos intérêts, droits et libertés.',
        ],
      },
      { h: 2, text: 'Données traitées' },
      { ul: processed },
      ...sources(f),
      { h: 2, text: 'Cookies' },
      {
        p: [
          'Aucun cookie ni technique similaire (stockage local, empreinte du navigateur) ne sert à vous reconnaître : l’organisation est identifiée par le réseau, rien n’a besoin d’être stocké sur votre appareil.',
        ],
      },
      { h: 2, text: 'Signaux de confidentialité du navigateur' },
      ...signals(f),
      { h: 2, text: 'Destinataires' },
      {
        p: [
          'Aucun. Leadlens fonctionne sur notre propre serveur ; les données ne sont partagées ni avec les auteurs de Leadlens ni avec aucun autre tiers, hormis un éventuel hébergeur qui fait tourner le serveur selon nos instructions. Rien n’est transféré hors de l’Espace économique européen à cette fin. Les sources de données citées plus haut sont des fichiers que nous téléchargeons : la recherche se fait sur notre serveur et rien n’est envoyé à leurs éditeurs.',
        ],
      },
      { h: 2, text: 'Durée de conservation' },
      ...retention(f),
      { h: 2, text: 'Vos droits' },
      {
        ul: [
          [
            'Opposition (article 21 du RGPD) : sur la page ',
            optOut,
            ', les visites passées de votre organisation sont supprimées immédiatement et ses visites futures ne sont plus enregistrées.',
          ],
          [
            `Accès, rectification, effacement et limitation du traitement (articles 15 à 18 du RGPD) : écrivez à ${s.contactEmail}. Comme nous n’enregistrons ni adresse IP ni identifiant vous concernant, nous ne retrouvons en général que des données sur votre organisation, pas sur vous personnellement.`,
          ],
          authority
            ? [
                'Réclamation auprès d’une autorité de contrôle (article 77 du RGPD), par exemple ',
                ...authority,
                ', ou celle de votre lieu de résidence ou de travail.',
              ]
            : [
                'Réclamation auprès d’une autorité de contrôle (article 77 du RGPD), notamment celle de votre lieu de résidence ou de travail.',
              ],
        ],
      },
      { h: 2, text: 'Opposition' },
      {
        p: ['Pour que votre organisation ne nous soit plus présentée, rendez-vous sur : ', optOut],
      },
    ];
  },
};
