import type { Lang } from './optout-requests.ts';

/** Every string of the public /opt-out page, in each language (written for Leadlens). */
export interface OptoutTexts {
  title: string;
  intro: string;
  yours: string;
  none: string;
  button: string;
  effect: string;
  done: string;
  otherTitle: string;
  otherIntro: string;
  name: string;
  domain: string;
  email: string;
  message: string;
  send: string;
  sent: string;
  invalid: string;
  limited: string;
  refused: string;
  back: string;
}

/** The page's texts; `{name}` is replaced with the (escaped) organisation name. */
export const OPTOUT_TEXTS: Record<Lang, OptoutTexts> = {
  en: {
    title: 'Stop being shown as a visiting organisation',
    intro:
      'This website uses Leadlens to learn which organisations visit it. Leadlens looks up which organisation runs the network a visit comes from. Your IP address is only used for that lookup and is never stored.',
    yours: 'Your network belongs to: {name}',
    none: 'No organisation is recognised for your network, so your visits are not shown as an organisation’s visits.',
    button: 'Stop showing {name}',
    effect:
      'This deletes every past visit of this organisation on all sites of this installation and ignores its future visits.',
    done: '{name} will no longer be shown. Its past visits have been deleted.',
    otherTitle: 'Another organisation',
    otherIntro:
      'Not on your organisation’s network right now? Send a request and an administrator will review it.',
    name: 'Organisation',
    domain: 'Website domain',
    email: 'Contact e-mail',
    message: 'Message (optional)',
    send: 'Send request',
    sent: 'Thank you. Your request will be reviewed.',
    invalid: 'Please give the organisation, its domain and a valid e-mail address.',
    limited: 'Too many requests. Please try again later.',
    refused: 'This request was refused: it did not come from this page.',
    back: 'Back',
  },
  fr: {
    title: 'Ne plus être affiché comme organisation visiteuse',
    intro:
      'Ce site utilise Leadlens pour savoir quelles organisations le consultent. Leadlens recherche l’organisation qui exploite le réseau d’où provient une visite. Votre adresse IP ne sert qu’à cette recherche et n’est jamais enregistrée.',
    yours: 'Votre réseau appartient à : {name}',
    none: 'Aucune organisation n’est reconnue pour votre réseau ; vos visites ne sont donc pas affichées comme celles d’une organisation.',
    button: 'Ne plus afficher {name}',
    effect:
      'Toutes les visites passées de cette organisation sont supprimées sur tous les sites de cette installation, et ses visites futures sont ignorées.',
    done: '{name} ne sera plus affichée. Ses visites passées ont été supprimées.',
    otherTitle: 'Une autre organisation',
    otherIntro:
      'Vous n’êtes pas sur le réseau de votre organisation en ce moment ? Envoyez une demande ; un administrateur l’examinera.',
    name: 'Organisation',
    domain: 'Domaine du site web',
    email: 'E-mail de contact',
    message: 'Message (facultatif)',
    send: 'Envoyer la demande',
    sent: 'Merci. Votre demande sera examinée.',
    invalid: 'Indiquez l’organisation, son domaine et une adresse e-mail valide.',
    limited: 'Trop de demandes. Veuillez réessayer plus tard.',
    refused: 'Cette demande a été refusée : elle ne provient pas de cette page.',
    back: 'Retour',
  },
  nl: {
    title: 'Niet langer getoond worden als bezoekende organisatie',
    intro:
      'Deze website gebruikt Leadlens om te zien welke organisaties haar bezoeken. Leadlens zoekt op welke organisatie het netwerk beheert waar een bezoek vandaan komt. Uw IP-adres wordt alleen daarvoor gebruikt en nooit opgeslagen.',
    yours: 'Uw netwerk hoort bij: {name}',
    none: 'Voor uw netwerk wordt geen organisatie herkend; uw bezoeken worden dus niet als bezoeken van een organisatie getoond.',
    button: '{name} niet meer tonen',
    effect:
      'Alle eerdere bezoeken van deze organisatie op alle sites van deze installatie worden verwijderd en toekomstige bezoeken worden genegeerd.',
    done: '{name} wordt niet meer getoond. De eerdere bezoeken zijn verwijderd.',
    otherTitle: 'Een andere organisatie',
    otherIntro:
      'Bent u nu niet op het netwerk van uw organisatie? Stuur een verzoek; een beheerder beoordeelt het.',
    name: 'Organisatie',
    domain: 'Domein van de website',
    email: 'Contact-e-mail',
    message: 'Bericht (optioneel)',
    send: 'Verzoek versturen',
    sent: 'Dank u. Uw verzoek wordt beoordeeld.',
    invalid: 'Vul de organisatie, het domein en een geldig e-mailadres in.',
    limited: 'Te veel verzoeken. Probeer het later opnieuw.',
    refused: 'Dit verzoek is geweigerd: het kwam niet van deze pagina.',
    back: 'Terug',
  },
  de: {
    title: 'Nicht mehr als besuchende Organisation angezeigt werden',
    intro:
      'Diese Website nutzt Leadlens, um zu erfahren, welche Organisationen sie besuchen. Leadlens ermittelt, welche Organisation das Netz betreibt, aus dem ein Besuch kommt. Ihre IP-Adresse dient nur dieser Abfrage und wird nie gespeichert.',
    yours: 'Ihr Netz gehört zu: {name}',
    none: 'Für Ihr Netz wird keine Organisation erkannt; Ihre Besuche werden daher nicht als Besuche einer Organisation angezeigt.',
    button: '{name} nicht mehr anzeigen',
    effect:
      'Damit werden alle bisherigen Besuche dieser Organisation auf allen Websites dieser Installation gelöscht und künftige Besuche ignoriert.',
    done: '{name} wird nicht mehr angezeigt. Die bisherigen Besuche wurden gelöscht.',
    otherTitle: 'Eine andere Organisation',
    otherIntro:
      'Gerade nicht im Netz Ihrer Organisation? Senden Sie eine Anfrage; eine Administratorin oder ein Administrator prüft sie.',
    name: 'Organisation',
    domain: 'Domain der Website',
    email: 'Kontakt-E-Mail',
    message: 'Nachricht (optional)',
    send: 'Anfrage senden',
    sent: 'Danke. Ihre Anfrage wird geprüft.',
    invalid: 'Bitte geben Sie die Organisation, ihre Domain und eine gültige E-Mail-Adresse an.',
    limited: 'Zu viele Anfragen. Bitte versuchen Sie es später erneut.',
    refused: 'Diese Anfrage wurde abgelehnt: Sie kam nicht von dieser Seite.',
    back: 'Zurück',
  },
};

/** The language names in the switcher, each in its own language. */
export const LANG_NAMES: Record<Lang, string> = {
  en: 'English',
  fr: 'Français',
  nl: 'Nederlands',
  de: 'Deutsch',
};

const LANGS = Object.keys(OPTOUT_TEXTS) as Lang[];

/**
 * The page language: `?lang=` when it names one, else the best `Accept-Language` match, else English.
 * @example pickLang(null, 'de-CH,de;q=0.9,en;q=0.5') // 'de'
 */
export function pickLang(query: string | null | undefined, acceptLanguage: string | null): Lang {
  if (query && (LANGS as string[]).includes(query)) return query as Lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 20)
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.q > 0 && (LANGS as string[]).includes(x.lang))
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Lang | undefined) ?? 'en';
}
