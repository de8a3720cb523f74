import { parseCompanies } from './formats/companies.ts';
import { parseIpLocationDb } from './formats/ip-location-db.ts';
import { parseIptoasn } from './formats/iptoasn.ts';
import { parseIpverse } from './formats/ipverse.ts';
import { parseMaxmind } from './formats/maxmind.ts';
import { parseRipe } from './formats/ripe.ts';
import type { Parser } from './types.ts';

/** A format Leadlens imports, with the defaults its source row gets. */
export interface Format {
  parse: Parser;
  /** Source name when the operator gives none; re-importing under the same name replaces it. */
  defaultName: string;
  /** Where ranges overlap with equal specificity, the higher priority wins. */
  priority: number;
  licence: string;
  attribution: string;
  attributionUrl: string;
  help: string;
}

/** Every importable format by its CLI name. */
export const FORMATS: Record<string, Format> = {
  'ip-location-db': {
    parse: parseIpLocationDb,
    defaultName: 'ip-location-db-asn',
    priority: 10,
    licence: 'CC BY 4.0',
    attribution: 'IP Geolocation by DB-IP; RouteViews; NRO (via ip-location-db)',
    attributionUrl: 'https://db-ip.com',
    help: 'ip-location-db / DB-IP "IP to ASN Lite" CSV: start,end,asn,org (dotted, numeric, IPv4, IPv6 or mixed)',
  },
  maxmind: {
    parse: parseMaxmind,
    defaultName: 'maxmind-geolite2-asn',
    priority: 20,
    licence: 'GeoLite2 End User License Agreement',
    attribution: 'This product includes GeoLite2 data created by MaxMind',
    attributionUrl: 'https://www.maxmind.com',
    help: 'MaxMind GeoLite2-ASN-Blocks-IPv4/IPv6.csv (network,autonomous_system_number,autonomous_system_organization)',
  },
  iptoasn: {
    parse: parseIptoasn,
    defaultName: 'iptoasn',
    priority: 10,
    licence: 'PDDL 1.0',
    attribution: 'iptoasn.com',
    attributionUrl: 'https://iptoasn.com',
    help: 'iptoasn.com ip2asn-v4/-v6/-combined/-v4-u32 TSV (start end asn country description)',
  },
  ripe: {
    parse: parseRipe,
    defaultName: 'ripe',
    priority: 50,
    licence: 'RIPE Database Terms and Conditions (no marketing use)',
    attribution: 'RIPE NCC',
    attributionUrl: 'https://www.ripe.net/manage-ips-and-asns/db/support/documentation/terms',
    help: 'RIPE NCC split dumps: ripe.db.inetnum, .inet6num, .organisation, .aut-num (give several files)',
  },
  ipverse: {
    parse: parseIpverse,
    defaultName: 'ipverse-as-metadata',
    priority: 30,
    licence: 'CC0 1.0',
    attribution: 'ipverse as-metadata',
    attributionUrl: 'https://github.com/ipverse/as-metadata',
    help: 'ipverse as-metadata as.json: network categories (isp, hosting, business, education, government)',
  },
  companies: {
    parse: parseCompanies,
    defaultName: 'companies',
    priority: 100,
    licence: 'operator-provided',
    attribution: '',
    attributionUrl: '',
    help: 'Leadlens companies CSV: range,name,domain,country,city,postal_code,street,industry,employees,phone,linkedin,priority',
  },
};

/** Aliases accepted on the command line. */
export const FORMAT_ALIASES: Record<string, string> = {
  dbip: 'ip-location-db',
  geolite2: 'maxmind',
  rpsl: 'ripe',
};

export function findFormat(name: string): [string, Format] | undefined {
  const key = FORMAT_ALIASES[name] ?? name;
  const f = FORMATS[key];
  return f ? [key, f] : undefined;
}
