import type { NetworkClass } from './classes.ts';

/**
 * Keyword rules on the AS organisation name.
 *
 * Names are normalised first (NFD, combining marks stripped, a few letters that do not decompose
 * folded, lower-cased, every run of non-letters/digits turned into one space), so `Télécom`,
 * `TELECOM` and `telecom` are the same word and `S.A.` becomes the phrase `s a`.
 *
 * A keyword is one or more words separated by spaces and must match whole words. A `*` inside a
 * word stands for any letters/digits (`+` for at least one), so `telecommunicat*` also matches
 * `telecommunications`, while `*telecom` does not match `telecomputing` (an IT-services name,
 * not a telco).
 *
 * Tiers are tried in order and the first tier with a match decides. Within a tier every keyword
 * names the same class, so which keyword matched only changes the `why`.
 */
interface Tier {
  readonly class: NetworkClass;
  readonly words: readonly string[];
  /** If any of these words is in the name, the whole tier is skipped (false-positive guard). */
  readonly unless?: readonly string[];
}

// Why this order:
// 1. Named institutions (university, school, college) first: "X University Hospital" and
//    "Government Engineering College" are campuses; their networks belong to the institution.
// 2. Strong government words next: "Ministry of Education" is a ministry, "City of Mobile" a city.
//    These phrases almost never name a carrier.
// 3. Access/hosting words, mobile before hosting before ISP: a name that says it is a mobile
//    operator ("Mobile Telesystems", "Telecom Italia Mobile") is more specific than "telecom";
//    "China Telecom IDC" is the hosting arm.
// 4. Weak ISP words (cable, fiber, wireless, communications) are skipped when the name says it
//    makes things ("Cable Manufacturing Co", "Fiber Optic Products Inc").
// 5. Weak education/government words (research, institute, county, authority) come after the
//    carrier words because carriers use them too ("County Broadband", "Cyprus Telecommunications
//    Authority", "Administracion Nacional de Telecomunicaciones").
// 6. Sector words (bank, insurance, hospital), then the generic "network"/"online"/"…net"
//    words, then legal forms (GmbH, S.A., Ltd, Inc …): nearly every carrier is also a company,
//    so a legal form is the weakest signal of all.
// biome-ignore format: keyword lists read better packed than one word per line
const TIERS: readonly Tier[] = [
  { class: 'education', words: [
    'universit*', 'universid*', 'univ', 'college', 'colleges', 'colegio', 'school', 'schools',
    '*schule', 'hogeschool', 'hogskola', 'hogskolan', 'hogskole', 'escuela', 'escola', 'ecole',
    'scuola', 'academy', 'academie', 'akademie', 'akademia', 'academia', 'polytechnic',
    'polytechnique', 'politecnico', 'politechnika', 'institute of technology',
    'instituto tecnologico', 'instituto federal', 'k12', 'k 12', 'isd',
  ] },
  { class: 'government', words: [
    'government', 'gov', 'govt', 'gouvernement', 'gobierno', 'governo', 'regierung', 'pemerintah',
    'ministry', 'ministries', 'ministerio', 'ministere', 'ministerie', 'ministero',
    'ministerstvo', 'ministerstwo', '*ministerium', 'department of', 'dept of', 'state of',
    'etat de', 'city of', 'county of', 'town of', 'village of', 'borough of', 'province of',
    'commonwealth of', 'municipality', 'municipalities', 'municipalidad', 'municipio',
    'gemeente', 'kommune', 'kommun', 'stadt', 'landkreis', 'comune', 'ayuntamiento',
    'prefeitura', 'mairie', 'ville de', 'kabupaten', 'dinas', 'diskominfo', 'kominfo',
    'wojewodztwo', 'voivodeship',
    'police', 'polizei', 'policia', 'politie', 'gendarmerie', 'sheriff', 'army', 'navy',
    'air force', 'armed forces', 'military', 'defense', 'defence', 'dod', 'parliament',
    'bundestag', 'senate', 'judiciary', 'supreme court', 'tribunal', 'bundesamt*',
    'bundesanstalt*', 'bundesverwaltung*', 'bundeswehr', 'embassy', 'united nations', 'nato',
  ] },
  { class: 'mobile', words: [
    'mobile', 'mobiles', 'movil', 'moviles', 'movel', 'radiomovil', 'telemovil', 'mobilfunk*',
    'mobilkom', 'mobiltelefon*', 'mobitel', 'cellular', 'celular', 'cellulaire',
    'radiotelephone', 'radiotelefon*', 'gsm', 'umts', 'lte', '3g', '4g', '5g',
    // Group brands of multinational mobile-first operators: their subsidiaries' AS names often
    // carry only the brand and a country ("Vodacom", "Airtel Uganda Limited").
    'vodafone', 'vodacom', 'airtel', 'movistar', 'telcel', 'tigo', 'digicel', 'mtn', 'zain',
    'ooredoo', 'safaricom', 'turkcell', 'megafon', 'beeline', 'kyivstar', 'lifecell',
    'mobilink', 'telkomsel', 'tele2', 'grameenphone', 'banglalink', 'mts', 'vimpelcom',
  ] },
  // "cloud" counts: an organisation that registers an AS under a "cloud" name sells
  // infrastructure; a company that merely uses the cloud does not name its network after it.
  // Glued names ("Netcloud") do not match.
  { class: 'hosting', words: [
    'hosting', '*hosting', 'webhost*', 'hoster', 'host', 'data center', 'data centre',
    'data centers', 'data centres', 'datacenter', 'datacentre', 'datacenters', 'datacentres',
    'rechenzentrum', 'colocation', 'colo', 'server', 'servers', 'vps', 'vds', 'cloud', 'clouds',
    'bulut', 'veri merkezi', 'webbhotell', 'tarhely', 'mizban', 'cdn', 'content delivery',
    'idc', 'vpn',
    // Cloud, CDN and hosting brands: their many smaller ASNs (regional entities, acquisitions)
    // are not in the override list, and a bare "Inc."/"GmbH" would call them businesses.
    'amazon', 'aws', 'microsoft', 'google', 'oracle', 'alibaba', 'aliyun', 'tencent', 'akamai',
    'cloudflare', 'fastly', 'incapsula', 'zscaler', 'digitalocean', 'linode', 'vultr', 'choopa',
    'hetzner', 'ovh', 'leaseweb', 'contabo', 'rackspace', 'godaddy', 'hostinger', 'equinix',
    'm247',
  ] },
  { class: 'isp', words: [
    '*telecom', '*telecoms', '*telekom', '*telcom', '*telkom', 'telikom', 'telecon',
    'telecommunicat*', 'telecomunica*', 'telekomunika*', 'telekommunika*', 'telco', 'telko',
    'telefon*', 'telephone', 'telephones', 'telefone', 'svyaz', 'broadband', 'banda ancha',
    'banda larga', 'breitband', 'bredband*', 'internet', 'isp', 'provedor', 'provedores',
    'proveedor', 'service provider', 'multimidia', 'ptt', 'infocomm', 'infocom', 'backbone',
    'internet exchange', 'exchange point', 'dsl', 'adsl', 'ftth', 'fttx', 'fttb',
    // Brands of fixed-line incumbents and large cable operators.
    'telenor', 'telia', 'comcast', 'verizon', 'centurylink', 'swisscom', 'proximus', 'at t',
  ] },
  // A cable/fibre maker or a PR firm is a business, not a carrier.
  { class: 'isp', words: [
    'cable', 'cablevision', 'telecable', 'megacable', 'catv', 'kabel*', 'kablo*', 'fiber*',
    'fibre*', 'fibra*', 'wireless', 'wifi', 'wisp', 'satellite', 'satelite', 'teleport',
    'communications', 'communication', 'comunicaciones', 'comunicacion', 'comunicacoes',
    'comunicacao', 'comunicazioni', 'kommunikation', 'iletisim',
  ], unless: [
    'manufactur*', 'industries', 'industrial', 'industry', 'factory', 'products', 'equipment',
    'wire and cable', 'marketing', 'advertising', 'public relations',
  ] },
  { class: 'education', words: [
    'education', 'educational', 'educacional', 'educacion', 'educacao', 'educativ*', 'ensino',
    'enseignement', 'research', 'recherche', 'forschung*', 'investigacion', 'investigacao',
    'pesquisa', 'academic', 'academico', 'academica', 'akademisch*', 'scientific', 'science',
    'sciences', 'wissenschaft*', 'institut', 'institute', 'instituto', 'istituto', 'instytut',
    'nren', 'laboratory', 'laboratorio', 'laboratoire', 'observatory',
  ] },
  { class: 'government', words: [
    'county', 'council', 'authority', 'commission', 'administration', 'agency', 'department',
    'dept', 'court', 'courts', 'library', 'municipal', 'district', 'region', 'regione',
    'regiao', 'provincia', 'estado', 'kanton', 'landsting',
  ] },
  // Sector words say what an organisation does ("Medisys Health Network" is a hospital group).
  { class: 'business', words: [
    'bank', 'banco', 'bancorp', 'insurance', 'capital', 'investment', 'investments',
    'asset management', 'securities', 'financial', 'finance', 'hospital', 'hospitals', 'clinic',
    'health', 'healthcare', 'medical', 'pharma*', 'motors', 'airlines', 'airways', 'logistics',
  ] },
  // Measured on the whole ASN dataset: most organisations calling themselves "X Networks",
  // "X Online", "X Multimedia", "X Informatica", "Conecta X" (or the Portuguese/Indonesian/
  // Russian for network) are small access providers, mostly in Brazil and Indonesia.
  // Equipment makers ("Juniper Networks") use the word too, hence this low rank.
  { class: 'isp', words: [
    'network', 'networks', 'online', 'rede', 'redes', 'jaringan', 'seti', 'multimedia',
    'informatica', 'conect*', 'shabak*', 'netze', 'netzdienste', 'e s p',
  ] },
  // Glued "…net" names ("Chinanet", "SilesNet", "Dnepronet") are overwhelmingly access
  // providers; "+net" needs at least one letter before "net", so the bare word "net" is NOT a
  // keyword. Ordinary words that end in "net" veto the rule.
  { class: 'isp', words: ['+net'], unless: [
    'planet', 'magnet', 'cabinet', 'garnet', 'hornet', 'bonnet', 'sonnet', 'bayonet', 'clarinet',
    'fortinet',
  ] },
  // Legal forms. Left out on purpose, because random draws from this dataset showed them to
  // register mostly access/hosting providers, not customers: Indonesian "PT", Brazilian
  // "Ltda"/"EIRELI"/"ME", Russian "OOO", Czech/Slovak "s.r.o.", Hungarian "Kft.". Those names
  // fall through to the default.
  { class: 'business', words: [
    'gmbh', 'mbh', 'ag', 'kg', 'ohg', 'ug', 'se', 'sa', 's a', 'sas', 'sasu', 'sarl', 'eurl',
    'srl', 's r l', 'spa', 's p a', 'sl', 's l', 'slu', 's l u', 'sau', 's a u', 'sac', 'lda',
    's de r l', 'ltd', 'limited', 'plc', 'pvt', 'pte', 'pty', 'inc', 'incorporated', 'llc',
    'l l c', 'llp', 'lp', 'corp', 'corporation', 'co', 'company', 'kk', 'kabushiki kaisha',
    'bv', 'b v', 'nv', 'n v', 'ab', 'asa', 'a s', 'oy', 'oyj', 'aps', 'sp z o o', 'doo',
    'd o o', 'd d', 'ead', 'eood', 'jsc', 'pjsc', 'ojsc', 'cjsc', 'zao', 'oao', 'tbk', 'bhd',
    'zrt', 'nyrt', 'sia', 'uab', 'ehf', 'sca', 'cie', 'aktiengesellschaft', 'gesellschaft',
    'spolka akcyjna', 'sociedad anonima', 'societe anonyme', 'anonim sirketi',
    'limited liability company', 'joint stock company', 'holding', 'holdings', 'group', 'grupo',
    'gruppe', 'enterprises', 'industries',
  ] },
];

// Letters that NFD does not split into base + mark.
const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
};

/**
 * Normalise an organisation name for keyword matching: lower case, no diacritics, words
 * separated by single spaces.
 * @example normalizeName('Télécom  S.A.') // 'telecom s a'
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæøœđðłıþ]/g, (ch) => FOLD[ch] ?? ch)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .join(' ');
}

function keywordSource(keyword: string): string {
  return keyword
    .split(' ')
    .map((word) =>
      word
        .replace(/[.?^${}()|[\]\\]/g, '\\$&')
        .replaceAll('*', '[\\p{L}\\p{N}]*')
        .replaceAll('+', '[\\p{L}\\p{N}]+'),
    )
    .join(' ');
}

// One RegExp per list, built once at module load; matching is then a pure function.
function compile(words: readonly string[]): RegExp {
  return new RegExp(`(?<=^| )(?:${words.map(keywordSource).join('|')})(?= |$)`, 'u');
}

interface CompiledTier {
  readonly class: NetworkClass;
  readonly match: RegExp;
  readonly unless: RegExp | null;
}

const COMPILED: readonly CompiledTier[] = TIERS.map((t) => ({
  class: t.class,
  match: compile(t.words),
  unless: t.unless ? compile(t.unless) : null,
}));

/** Result of the keyword rules: the class and the matched word(s) as normalised text. */
export interface KeywordMatch {
  class: NetworkClass;
  word: string;
}

/**
 * Apply the keyword rules to an organisation name; null when no rule matches.
 * @example matchKeywords('Universität Stuttgart') // { class: 'education', word: 'universitat' }
 */
export function matchKeywords(name: string): KeywordMatch | null {
  const text = normalizeName(name);
  if (text === '') return null;
  for (const tier of COMPILED) {
    const m = tier.match.exec(text);
    if (m === null) continue;
    if (tier.unless?.test(text)) continue;
    return { class: tier.class, word: m[0] };
  }
  return null;
}
