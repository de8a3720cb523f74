// Overview top-pages benchmark: `bun scripts/bench/overview.ts --db PATH [--reps 2]`.
// PATH is a database built by scripts/seed-large.ts (read only). The baseline, measured in the
// same run, is the single `GROUP BY path` statement the overview used before its reads were
// sliced; the case is src/stats/top-pages.ts. For 30 days and a year, all sites and the busiest
// site, it prints both times, their ratio, the longest time between two slices (how long the
// sliced read can hold the WAL) and whether both give the same rows. Exit 1 if any differ.
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/index.ts';
import { createTopPages } from '../../src/stats/top-pages.ts';

const { values } = parseArgs({ options: { db: { type: 'string' }, reps: { type: 'string' } } });
if (!values.db) {
  console.error('usage: bun scripts/bench/overview.ts --db PATH (built by scripts/seed-large.ts)');
  process.exit(2);
}
const REPS = Number(values.reps ?? 2);
const DAY = 86_400_000;
const TOP = 10;
const db = openDatabase(values.db, { migrate: false });
const count = (sql: string) => (db.prepare<{ n: number }>(sql).get() as { n: number }).n;
console.log(
  `${values.db}: ${count('SELECT count(*) AS n FROM visits')} visits, ` +
    `${count('SELECT max(id) AS n FROM pageviews')} pageviews`,
);
const busiest = db
  .prepare<{ site: number }>(
    'SELECT site_id AS site FROM visits GROUP BY site_id ORDER BY count(*) DESC LIMIT 1',
  )
  .get()?.site;

const oneStatement = (site: boolean) =>
  db.prepare<{ path: string; pageviews: number; companies: number }>(
    `SELECT p.path, count(*) AS pageviews, count(DISTINCT v.company_id) AS companies
       FROM visits v INDEXED BY ${site ? 'visits_site_started' : 'visits_started'}
       JOIN pageviews p ON p.visit_id = v.id
      WHERE ${site ? 'v.site_id = ? AND' : ''} v.started_at >= ? AND v.started_at < ?
        AND p.ts >= ? AND p.ts < ?
      GROUP BY p.path ORDER BY pageviews DESC, p.path LIMIT ${TOP}`,
  );

const now = Date.now();
const today = now - (now % DAY);
let differ = 0;
for (const site of busiest === undefined ? [false] : [false, true]) {
  const baseline = oneStatement(site);
  const sliced = createTopPages(db, site);
  for (const days of [30, 365]) {
    const from = today - (days - 1) * DAY;
    const end = today + DAY;
    const s = site ? [busiest as number] : [];
    for (let rep = 0; rep < REPS; rep++) {
      let t = performance.now();
      const want = baseline.all(...s, from - DAY, end, from, end);
      const base = performance.now() - t;
      let longest = 0;
      let last = performance.now();
      t = last;
      const got = sliced(
        {
          site: site ? busiest : undefined,
          from: from - DAY,
          end,
          pvFrom: from,
          pvEnd: end,
          top: TOP,
        },
        () => {
          const x = performance.now();
          longest = Math.max(longest, x - last);
          last = x;
        },
      );
      const took = performance.now() - t;
      const same = JSON.stringify(want) === JSON.stringify(got);
      if (!same) differ++;
      console.log(
        `${days} days, ${site ? `site ${busiest}` : 'all sites'}: one statement ${base.toFixed(0)} ms, ` +
          `sliced ${took.toFixed(0)} ms (×${(took / base).toFixed(2)}), longest slice ${longest.toFixed(0)} ms, ` +
          `${same ? 'same rows' : 'ROWS DIFFER'}`,
      );
    }
  }
}
db.close();
process.exit(differ ? 1 : 0);
