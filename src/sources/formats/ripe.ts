/**
 * RIPE NCC split dumps (RPSL, RFC 2622): `ripe.db.organisation`, `ripe.db.aut-num`,
 * `ripe.db.inetnum`, `ripe.db.inet6num`. The RIPE Database terms forbid marketing use; this
 * importer serves operators whose use is permitted (see docs/formats README §4).
 *
 * Rules:
 * - A file's class is the class of its first object; every object in it must be of that class
 *   (an inetnum file may also hold inet6num objects and vice versa).
 * - Organisation files are read first (into memory), then aut-num, then inetnum/inet6num, so
 *   `org:` references resolve whatever order the files are given in.
 * - Range name: the org-name of its `org:` when that resolves, else its first `descr:`, else its
 *   `netname:`. Customer ASSIGNED PA blocks usually carry no `org:` and name the customer in
 *   `descr:`; allocations carry the LIR's `org:`, so the LIR holds the space no customer does.
 * - Skipped (placeholders, not holders): netname IANA-BLK or NON-RIPE-NCC-MANAGED-ADDRESS-BLOCK,
 *   a range covering a whole address family, and ranges whose `org:` is a registry (org-type IANA
 *   or RIR: the RIPE NCC's own blocks from IANA). LIR allocations (ALLOCATED PA, ALLOCATED
 *   UNSPECIFIED held by an LIR) are yielded: most-specific-wins lets their customers win.
 * - Country: first `country:` (end-of-line `#` comment removed), two letters uppercased; EU, ZZ
 *   and XX mean "no single country" → null. A range without one takes its org's country.
 */
import { statSync } from 'node:fs';
import { IPV6_MAX, parseIp } from '../../ipindex/convert.ts';
import { readLines } from '../read.ts';
import { ImportError, type ImportRecord, type Parser } from '../types.ts';

interface Attr {
  /** Lowercased attribute name. */
  name: string;
  /** Value with continuation lines joined by single spaces, trimmed. */
  value: string;
  line: number;
  /** 1-based column where the value starts on its first line. */
  column: number;
}

type RpslClass = 'organisation' | 'aut-num' | 'inetnum' | 'inet6num';

/** Pass in which each class is read: organisations before anything that references them. */
const PASS: Readonly<Record<RpslClass, number>> = {
  organisation: 0,
  'aut-num': 1,
  inetnum: 2,
  inet6num: 2,
};

interface Org {
  name: string;
  country: string | null;
}

const ATTR_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const SKIP_NETNAMES = new Set(['IANA-BLK', 'NON-RIPE-NCC-MANAGED-ADDRESS-BLOCK']);
const REGISTRY_ORG_TYPES = new Set(['IANA', 'RIR']);
const NO_COUNTRY = new Set(['EU', 'ZZ', 'XX']);
const IPV4_MAX = 0xffffffffn;

/** Streams RIPE split dumps; yields aut-num `asn-meta` records, then inetnum/inet6num ranges. */
export const parseRipe: Parser = async function* (files, ctx) {
  const inputs: { file: string; size: number; cls: RpslClass | null }[] = [];
  for (const file of files) {
    inputs.push({ file, size: statSync(file).size, cls: await firstClass(file) });
  }
  inputs.sort((a, b) => (a.cls ? PASS[a.cls] : 0) - (b.cls ? PASS[b.cls] : 0));

  // The one thing held in memory: org-id → {org-name, country}. A real dump has ~100 k
  // organisations, a few tens of MB; acceptable, and it is what lets `org:` resolve.
  const orgs = new Map<string, Org>();
  const registries = new Set<string>();
  let base = 0;
  for (const { file, size, cls } of inputs) {
    if (cls) {
      const lines = readLines(file, { encoding: 'latin1', onBytes: (n) => ctx.onBytes(n), base });
      for await (const attrs of readObjects(file, lines)) {
        const head = attrs[0];
        if (!sameClass(cls, head.name)) {
          throw new ImportError(
            file,
            head.line,
            1,
            `expected an ${cls} object, found '${head.name}'`,
          );
        }
        if (cls === 'organisation') addOrg(file, attrs, orgs, registries);
        else if (cls === 'aut-num') yield autNumRecord(file, attrs, orgs);
        else {
          const record = rangeRecord(file, attrs, orgs, registries);
          if (record) yield record;
        }
      }
    }
    base += size;
    ctx.onBytes(base);
  }
};

function sameClass(cls: RpslClass, name: string): boolean {
  return PASS[cls] === 2 ? name === 'inetnum' || name === 'inet6num' : name === cls;
}

/** Class of a file's first object (null for a file with none); reads only that object. */
async function firstClass(file: string): Promise<RpslClass | null> {
  for await (const attrs of readObjects(file, readLines(file, { encoding: 'latin1' }))) {
    const name = attrs[0].name;
    if (Object.hasOwn(PASS, name)) return name as RpslClass;
    throw new ImportError(
      file,
      attrs[0].line,
      1,
      `unsupported object class '${name}' (expected inetnum, inet6num, organisation or aut-num)`,
    );
  }
  return null;
}

/** Groups lines into objects (lists of attributes); comments and blank lines removed. */
async function* readObjects(
  file: string,
  lines: AsyncIterable<{ text: string; line: number }>,
): AsyncGenerator<Attr[]> {
  let attrs: Attr[] = [];
  for await (const { text, line } of lines) {
    const c = text.charCodeAt(0);
    // `#`/`%` lines are dump headers and server notes; they never carry data.
    if (c === 35 || c === 37) continue;
    if (c === 32 || c === 9 || c === 43) {
      // A whitespace-only line separates objects like an empty one; `+` alone is an empty
      // continuation line.
      if (c !== 43 && text.trim() === '') {
        if (attrs.length) yield attrs;
        attrs = [];
        continue;
      }
      const last = attrs[attrs.length - 1];
      if (!last) throw new ImportError(file, line, 1, 'continuation line outside an object');
      const more = text.slice(1).trim();
      if (more) last.value = last.value ? `${last.value} ${more}` : more;
      continue;
    }
    if (text.length === 0) {
      if (attrs.length) yield attrs;
      attrs = [];
      continue;
    }
    const colon = text.indexOf(':');
    if (colon <= 0 || !ATTR_NAME.test(text.slice(0, colon))) {
      throw new ImportError(file, line, 1, `expected 'attribute: value', found ${quote(text)}`);
    }
    const raw = text.slice(colon + 1);
    const lead = raw.length - raw.trimStart().length;
    attrs.push({
      name: text.slice(0, colon).toLowerCase(),
      value: raw.trim(),
      line,
      column: colon + 2 + lead,
    });
  }
  if (attrs.length) yield attrs;
}

function addOrg(file: string, attrs: Attr[], orgs: Map<string, Org>, registries: Set<string>) {
  const head = attrs[0];
  const id = keyText(head.value).toUpperCase();
  if (!id) throw new ImportError(file, head.line, head.column, 'empty organisation id');
  const type = keyText(attrValue(attrs, 'org-type') ?? '').toUpperCase();
  if (REGISTRY_ORG_TYPES.has(type)) registries.add(detach(id));
  const name = attrValue(attrs, 'org-name');
  if (name) orgs.set(detach(id), { name: detach(name), country: countryOf(attrs) });
}

function autNumRecord(file: string, attrs: Attr[], orgs: Map<string, Org>): ImportRecord {
  const head = attrs[0];
  const m = /^AS(\d{1,10})$/i.exec(keyText(head.value));
  const asn = m ? Number(m[1]) : 0;
  if (asn < 1 || asn > 0xffffffff) {
    throw new ImportError(file, head.line, head.column, `invalid aut-num ${quote(head.value)}`);
  }
  const org = orgs.get(keyText(attrValue(attrs, 'org') ?? '').toUpperCase());
  const asName = attrValue(attrs, 'as-name');
  return {
    kind: 'asn-meta',
    asn,
    name: org?.name ?? (asName ? detach(asName) : null),
    country: org?.country ?? null,
    category: null,
    role: null,
    line: head.line,
  };
}

function rangeRecord(
  file: string,
  attrs: Attr[],
  orgs: Map<string, Org>,
  registries: Set<string>,
): ImportRecord | null {
  const head = attrs[0];
  const family = head.name === 'inetnum' ? 4 : 6;
  const { start, end } = parseBounds(file, head, family);
  const netname = keyText(attrValue(attrs, 'netname') ?? '');
  const orgId = keyText(attrValue(attrs, 'org') ?? '').toUpperCase();
  const whole = start === 0n && end === (family === 4 ? IPV4_MAX : IPV6_MAX);
  if (whole || SKIP_NETNAMES.has(netname.toUpperCase()) || registries.has(orgId)) return null;
  const org = orgs.get(orgId);
  const name = org?.name ?? attrValue(attrs, 'descr') ?? netname;
  if (!name) throw new ImportError(file, head.line, 1, `${head.name} has no org, descr or netname`);
  return {
    kind: 'range',
    family,
    start,
    end,
    asn: null,
    name: detach(name),
    country: countryOf(attrs) ?? org?.country ?? null,
    line: head.line,
  };
}

/** Bounds of `a - b` (either family) or `prefix/len` (RIPE writes inet6num so). */
function parseBounds(file: string, head: Attr, family: 4 | 6): { start: bigint; end: bigint } {
  const v = keyText(head.value);
  const fail = (why: string) =>
    new ImportError(file, head.line, head.column, `${why} ${quote(head.value)}`);
  const dash = v.indexOf('-');
  if (dash >= 0) {
    const a = parseIp(v.slice(0, dash).trim());
    const b = parseIp(v.slice(dash + 1).trim());
    if (!a || !b || a.family !== family || b.family !== family) throw fail(`invalid ${head.name}`);
    if (a.value > b.value) throw fail(`${head.name} start is after its end`);
    return { start: a.value, end: b.value };
  }
  const slash = v.indexOf('/');
  const bits = family === 4 ? 32 : 128;
  const lenText = v.slice(slash + 1).trim();
  const a = slash > 0 ? parseIp(v.slice(0, slash).trim()) : null;
  if (!a || a.family !== family || !/^\d{1,3}$/.test(lenText) || Number(lenText) > bits) {
    throw fail(`invalid ${head.name}`);
  }
  const size = 1n << BigInt(bits - Number(lenText));
  if (a.value % size !== 0n) throw fail(`${head.name} prefix has host bits set`);
  return { start: a.value, end: a.value + size - 1n };
}

/** First non-empty value of an attribute. */
function attrValue(attrs: Attr[], name: string): string | undefined {
  for (const a of attrs) if (a.name === name && a.value) return a.value;
  return undefined;
}

function countryOf(attrs: Attr[]): string | null {
  const c = keyText(attrValue(attrs, 'country') ?? '').toUpperCase();
  return /^[A-Z]{2}$/.test(c) && !NO_COUNTRY.has(c) ? detach(c) : null;
}

/** A key-like value without its end-of-line comment (`country: EU # really world wide`). */
function keyText(v: string): string {
  const hash = v.indexOf('#');
  return (hash >= 0 ? v.slice(0, hash) : v).trim();
}

function quote(s: string): string {
  return `'${s.length > 80 ? `${s.slice(0, 77)}...` : s}'`;
}

/**
 * A flat copy of a string. Bun's substrings keep their whole 1 MB source chunk alive; strings
 * held past the current object (the org map, yielded names) would otherwise pin the whole file.
 */
function detach(s: string): string {
  return [s, ''].join('');
}
