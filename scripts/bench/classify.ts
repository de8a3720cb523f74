/**
 * Measure the network classifier against the hand-labelled sample and check the largest
 * operators of the bundled ASN dataset.
 *
 *   bun scripts/bench/classify.ts [labelled.csv]
 *   bun scripts/bench/classify.ts --missing 1000   # top-N operators not in the override list
 *
 * Default input: ../shared/data/classify-labelled.csv (next to the repo), columns
 * `asn,org,addresses,label,note`; rows labelled `unknown` are left out. Exit 0 when every check
 * passes, 1 when one fails, 2 when the input is missing or malformed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import {
  type Classification,
  createClassifier,
  isLead,
  isNetworkClass,
  loadDefaultOverrides,
  NETWORK_CLASSES,
  type NetworkClass,
} from '../../src/classify/index.ts';

const MIN_WEIGHTED = 0.95;
const MIN_BY_COUNT = 0.85;
const TOP_N = 200;

// Operators among the top 200 by IPv4 addresses that really are organisations (leads), judged
// by hand: what each AS is, not what its name happens to contain. Anything else in the top 200
// that comes out as a lead fails the check.
const TRUE_LEADS: ReadonlyMap<number, string> = new Map([
  [3, 'MIT'],
  [56, 'US DoD'],
  [137, 'GARR, Italian research and education network'],
  [237, 'Merit Network, Michigan research and education network'],
  [270, 'NASA'],
  [306, 'US DoD NIC'],
  [367, 'US DoD NIC'],
  [521, 'Ford Motor Company'],
  [559, 'SWITCH, Swiss research and education network'],
  [668, 'US DoD'],
  [680, 'DFN, German research network'],
  [714, 'Apple'],
  [721, 'US DoD NIC'],
  [749, 'US DoD'],
  [786, 'Jisc, UK research and education network'],
  [1103, 'SURF, Dutch research and education network'],
  [1540, 'US Army Information Systems Command'],
  [1659, 'TANet, Taiwan academic network'],
  [1761, 'General Services Commission (Texas state agency)'],
  [2200, 'Renater, French research and education network'],
  [2907, 'SINET / National Institute of Informatics, Japan'],
  [4155, 'USDA'],
  [4249, 'Eli Lilly'],
  [4538, 'CERNET, China Education and Research Network'],
  [5774, 'United States Postal Service'],
  [6253, 'Prudential'],
  [7054, 'Merck'],
  [7377, 'UC San Diego'],
  [10794, 'Bank of America'],
  [11003, 'Procter & Gamble'],
  [31399, 'Mercedes-Benz Group'],
  [37937, 'China eGovNet (government network)'],
  [203665, 'UK Ministry of Defence'],
  [209502, 'Electricite de France'],
]);

interface Labelled {
  asn: number | null;
  org: string;
  addresses: number;
  label: NetworkClass;
  note: string;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function labelledPath(): string {
  const arg = process.argv[2];
  if (arg !== undefined) return resolve(process.cwd(), arg);
  return fileURLToPath(new URL('../../../shared/data/classify-labelled.csv', import.meta.url));
}

function readLabelled(path: string): Labelled[] {
  if (!existsSync(path)) {
    fail(
      `classify bench: labelled file not found: ${path}\n` +
        '  pass a path: bun scripts/bench/classify.ts <labelled.csv>',
    );
  }
  const records = parse(readFileSync(path, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  return records.map((r, i) => {
    const label = (r.label ?? '').toLowerCase();
    if (!isNetworkClass(label))
      fail(`classify bench: ${path} row ${i + 2}: bad label ${JSON.stringify(r.label)}`);
    const asn = r.asn === undefined || r.asn === '' ? null : Number(r.asn);
    const addresses = Number(r.addresses ?? 0);
    if ((asn !== null && !Number.isInteger(asn)) || !Number.isFinite(addresses)) {
      fail(`classify bench: ${path} row ${i + 2}: bad asn or addresses`);
    }
    return { asn, org: r.org ?? '', addresses, label, note: r.note ?? '' };
  });
}

function ipv4ToNumber(ip: string): number {
  let n = 0;
  for (const part of ip.split('.')) n = n * 256 + Number(part);
  return n;
}

// Bundled dataset: `start,end,asn,org` without a header; org is last and RFC 4180-quoted when it
// holds a comma, so splitting on the first three commas is enough (and fast on 400k lines).
function topOperators(n: number): { asn: number; org: string; addresses: number }[] {
  const path = fileURLToPath(
    new URL('../../node_modules/@ip-location-db/asn/asn-ipv4.csv', import.meta.url),
  );
  if (!existsSync(path)) fail(`classify bench: ASN dataset not found: ${path}`);
  const total = new Map<number, { org: string; addresses: number }>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    const c3 = line.indexOf(',', c2 + 1);
    const asn = Number(line.slice(c2 + 1, c3));
    let org = line.slice(c3 + 1);
    if (org.startsWith('"')) org = org.slice(1, -1).replaceAll('""', '"');
    const size = ipv4ToNumber(line.slice(c1 + 1, c2)) - ipv4ToNumber(line.slice(0, c1)) + 1;
    const entry = total.get(asn);
    if (entry) entry.addresses += size;
    else total.set(asn, { org, addresses: size });
  }
  return [...total]
    .map(([asn, e]) => ({ asn, ...e }))
    .sort((a, b) => b.addresses - a.addresses)
    .slice(0, n);
}

// Two decimals, so a value just under a target never prints as the target itself.
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
const pad = (s: string | number, w: number) => String(s).padStart(w);

// Helper for extending data/asn-overrides.csv: the largest operators it does not cover yet,
// with what the keyword rules alone would say (a hint, not the label).
function listMissing(n: number): void {
  const overrides = loadDefaultOverrides();
  const keywordsOnly = createClassifier(new Map());
  for (const [i, t] of topOperators(n).entries()) {
    if (overrides.has(t.asn)) continue;
    const hint = keywordsOnly({ asn: t.asn, name: t.org });
    console.log(`${i + 1}\t${t.asn}\t${t.addresses}\t${hint.class} (${hint.why})\t${t.org}`);
  }
}

function main(): void {
  if (process.argv[2] === '--missing') {
    const n = Number(process.argv[3] ?? 1000);
    if (!Number.isInteger(n) || n <= 0) fail('classify bench: --missing needs a positive count');
    listMissing(n);
    return;
  }
  const path = labelledPath();
  const rows = readLabelled(path).filter((r) => r.label !== 'unknown');
  if (rows.length === 0) fail(`classify bench: no labelled rows in ${path}`);
  const classify = createClassifier();
  const keywordsOnly = createClassifier(new Map());
  const results = rows.map((r) => ({ row: r, got: classify({ asn: r.asn, name: r.org }) }));

  console.log(`Labelled sample: ${path}\n${rows.length} rows (label unknown excluded)\n`);
  const labels = NETWORK_CLASSES.filter((c) => c !== 'unknown');
  console.log('Confusion matrix (rows: label, columns: predicted)');
  const header = NETWORK_CLASSES.map((c) => pad(c.slice(0, 8), 9)).join('');
  console.log(`${''.padEnd(11)}${header}${pad('total', 8)}`);
  for (const label of labels) {
    const mine = results.filter((x) => x.row.label === label);
    const cells = NETWORK_CLASSES.map((c) => pad(mine.filter((x) => x.got.class === c).length, 9));
    console.log(`${label.padEnd(11)}${cells.join('')}${pad(mine.length, 8)}`);
  }
  console.log('\nPer class: labelled / predicted / correct');
  for (const c of NETWORK_CLASSES) {
    const labelled = results.filter((x) => x.row.label === c).length;
    const predicted = results.filter((x) => x.got.class === c).length;
    const correct = results.filter((x) => x.row.label === c && x.got.class === c).length;
    console.log(`  ${c.padEnd(11)}${pad(labelled, 5)}${pad(predicted, 6)}${pad(correct, 6)}`);
  }

  const leadOk = (x: { row: Labelled; got: Classification }) =>
    isLead(x.row.label) === isLead(x.got.class);
  const okCount = results.filter(leadOk).length;
  const byCount = okCount / results.length;
  const totalAddr = results.reduce((s, x) => s + x.row.addresses, 0);
  const weighted = results.filter(leadOk).reduce((s, x) => s + x.row.addresses, 0) / totalAddr;
  const exact = results.filter((x) => x.got.class === x.row.label).length / results.length;
  const notOverridden = results.filter((x) => x.got.why !== 'override');
  const whyCounts = new Map<string, number>();
  for (const x of results) {
    const k = x.got.why.startsWith('keyword:') ? 'keyword' : x.got.why;
    whyCounts.set(k, (whyCounts.get(k) ?? 0) + 1);
  }
  console.log('\nLead vs not-lead');
  console.log(
    `  accuracy by count:            ${pct(byCount)} = ${okCount}/${results.length}` +
      ` (target ≥ ${pct(MIN_BY_COUNT)})`,
  );
  console.log(`  accuracy weighted by address: ${pct(weighted)} (target ≥ ${pct(MIN_WEIGHTED)})`);
  console.log(`  exact class accuracy:         ${pct(exact)}`);
  console.log(`  decided by: ${[...whyCounts].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(
    `  rows not decided by an override: ${notOverridden.length}, lead/not-lead accuracy ` +
      pct(notOverridden.filter(leadOk).length / Math.max(1, notOverridden.length)),
  );

  const wrong = results.filter((x) => x.got.class !== x.row.label);
  console.log(`\nMisclassified (${wrong.length}; "!!" = lead/not-lead wrong too)`);
  for (const x of wrong.sort((a, b) => b.row.addresses - a.row.addresses)) {
    const flag = leadOk(x) ? '  ' : '!!';
    console.log(
      `  ${flag} AS${x.row.asn} ${x.row.org} [${x.row.addresses}]` +
        ` label=${x.row.label} got=${x.got.class} (${x.got.why})`,
    );
  }

  const top = topOperators(TOP_N);
  const leads = top
    .map((t) => ({ ...t, got: classify({ asn: t.asn, name: t.org }) }))
    .filter((t) => isLead(t.got.class));
  const wrongLeads = leads.filter((t) => !TRUE_LEADS.has(t.asn));
  const kwLeads = top.filter((t) => isLead(keywordsOnly({ asn: t.asn, name: t.org }).class)).length;
  console.log(`\nTop ${TOP_N} operators by IPv4 addresses classed as a lead: ${leads.length}`);
  for (const t of leads) {
    const verdict = TRUE_LEADS.has(t.asn) ? `ok: ${TRUE_LEADS.get(t.asn)}` : 'WRONG';
    console.log(
      `  AS${t.asn} ${t.org} [${t.addresses}] ${t.got.class} (${t.got.why}) — ${verdict}`,
    );
  }
  console.log(
    `  (without the override list, keyword rules alone would make ${kwLeads} of them leads)`,
  );

  const checks: [string, boolean][] = [
    [`address-weighted lead/not-lead accuracy ≥ ${pct(MIN_WEIGHTED)}`, weighted >= MIN_WEIGHTED],
    [`by-count lead/not-lead accuracy ≥ ${pct(MIN_BY_COUNT)}`, byCount >= MIN_BY_COUNT],
    [`no top-${TOP_N} operator wrongly a lead`, wrongLeads.length === 0],
  ];
  console.log('\nChecks');
  for (const [name, ok] of checks) console.log(`  ${ok ? 'PASS' : 'FAIL'} ${name}`);
  const failed = checks.filter(([, ok]) => !ok).length;
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
