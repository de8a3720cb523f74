/**
 * Leadlens companies CSV (our own format): UTF-8, RFC 4180, a required header naming any of
 * `range,name,domain,country,city,postal_code,street,industry,employees,phone,linkedin,priority`
 * in any order (`range` and `name` required). Cells are trimmed; empty cells are null.
 */
import { domainToASCII } from 'node:url';
import type { CompanyFields, ImportRecord, ParseContext, Parser } from '../types.ts';
import { type CsvRow, ipRangeFromText, quote, readRows } from './csv-common.ts';

const COLUMNS = [
  'range',
  'name',
  'domain',
  'country',
  'city',
  'postal_code',
  'street',
  'industry',
  'employees',
  'phone',
  'linkedin',
  'priority',
] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ['range', 'name'];

/** Longest accepted free-text cell; `name` and `employees` have their own documented limits. */
const MAX_TEXT = 200;
const MAX_EMPLOYEES = 32;

/** Column positions from the header (case-insensitive, trimmed); -1 = column absent. */
function readHeader(row: CsvRow): Record<Column, number> {
  const at = Object.fromEntries(COLUMNS.map((c) => [c, -1])) as Record<Column, number>;
  const unknown: number[] = [];
  row.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase() as Column;
    if (!COLUMNS.includes(name)) unknown.push(i);
    else if (at[name] >= 0) throw row.error(i, `duplicate column ${quote(name)}`);
    else at[name] = i;
  });
  if (unknown.length > 0) {
    const names = unknown.map((i) => quote(row.fields[i].trim())).join(', ');
    const s = unknown.length > 1 ? 's' : '';
    throw row.error(unknown[0], `unknown column${s} ${names} (known: ${COLUMNS.join(', ')})`);
  }
  for (const c of REQUIRED) if (at[c] < 0) throw row.error(0, `missing required column "${c}"`);
  return at;
}

const HOSTNAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Normalises a company domain so that one company is one key: lower case, IDN to punycode, and
 * a pasted `http(s)://` scheme, trailing `/` and leading `www.` removed (`www.example.com` and
 * `example.com` are the same company). Anything else that is not a hostname is refused.
 */
function normalizeDomain(text: string): string | null {
  let d = text.toLowerCase().replace(/^https?:\/\//, '');
  if (d.endsWith('/')) d = d.slice(0, -1);
  if (d.startsWith('www.') && d.indexOf('.', 4) > 0) d = d.slice(4);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/[^\x00-\x7f]/.test(d)) d = domainToASCII(d);
  return d.length <= 253 && HOSTNAME.test(d) ? d : null;
}

function isLinkedinUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const u = new URL(text);
  const host = u.hostname.toLowerCase();
  return u.protocol === 'https:' && (host === 'linkedin.com' || host.endsWith('.linkedin.com'));
}

/** Reads and validates one data row's company fields; throws at the offending cell. */
function readCompany(row: CsvRow, at: Record<Column, number>): CompanyFields {
  const cell = (c: Column): string | null => {
    const i = at[c];
    const v = i >= 0 ? row.fields[i].trim() : '';
    if (v === '') return null;
    if (v.includes('\uFFFD')) throw row.error(i, `invalid UTF-8 in ${c} (save the file as UTF-8)`);
    const max = c === 'employees' ? MAX_EMPLOYEES : MAX_TEXT;
    if (v.length > max) throw row.error(i, `${c} is longer than ${max} characters`);
    return v;
  };
  const company: CompanyFields = {
    name: cell('name') ?? '',
    domain: cell('domain'),
    country: cell('country'),
    city: cell('city'),
    postal_code: cell('postal_code'),
    address: cell('street'),
    industry: cell('industry'),
    employees: cell('employees'),
    phone: cell('phone'),
    linkedin: cell('linkedin'),
  };
  if (company.domain) {
    const d = normalizeDomain(company.domain);
    if (d === null) throw row.error(at.domain, `invalid domain ${quote(company.domain)}`);
    company.domain = d;
  }
  if (company.country) {
    if (!/^[A-Za-z]{2}$/.test(company.country)) {
      throw row.error(at.country, `invalid country ${quote(company.country)} (expected 2 letters)`);
    }
    company.country = company.country.toUpperCase();
  }
  if (company.linkedin && !isLinkedinUrl(company.linkedin)) {
    const why = `invalid LinkedIn URL ${quote(company.linkedin)} (expected https://…linkedin.com/…)`;
    throw row.error(at.linkedin, why);
  }
  return company;
}

function readPriority(row: CsvRow, i: number): number | null {
  const v = i >= 0 ? row.fields[i].trim() : '';
  if (v === '') return null;
  const n = /^\d{1,4}$/.test(v) ? Number(v) : -1;
  if (n < 0 || n > 1000) throw row.error(i, `invalid priority ${quote(v)} (expected 0..1000)`);
  return n;
}

/**
 * Parses companies CSV files: rows with a `range` become `company-range` records, rows with only
 * `name`/`domain` become `company` enrichment records (name '' when only the domain is given).
 * `priority` applies to ranges; on enrichment rows it is validated and otherwise unused.
 * @example for await (const r of parseCompanies(['companies.csv'], ctx)) r.kind
 */
export const parseCompanies: Parser = async function* (
  files: string[],
  ctx: ParseContext,
): AsyncGenerator<ImportRecord> {
  let at = {} as Record<Column, number>;
  let width = 0;
  for await (const row of readRows(files, ctx, { delimiter: ',', quoted: true })) {
    if (row.index === 0) {
      at = readHeader(row);
      width = row.fields.length;
      continue;
    }
    row.expectColumns(width);
    const company = readCompany(row, at);
    const priority = readPriority(row, at.priority);
    const rangeText = row.fields[at.range].trim();
    if (rangeText === '') {
      if (company.name === '' && !company.domain) {
        throw row.error(0, 'row has no range, name or domain');
      }
      yield { kind: 'company', company, line: row.line };
      continue;
    }
    const range = ipRangeFromText(rangeText);
    if (typeof range === 'string') throw row.error(at.range, range);
    if (company.name === '') throw row.error(at.name, 'name is required for a range');
    yield { kind: 'company-range', ...range, company, priority, line: row.line };
  }
};
