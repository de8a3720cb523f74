// Open-loop beacon sender for the overload phase, run as its own process (on CPU 1):
//   bun scripts/soak/openloop.ts <base> <siteKey> <rate/s> <seconds> <path prefix>
// Unlike wrk, it does not wait for answers before sending more: beacons arrive at `rate` whatever
// the server does, as they would from many browsers. Prints one `OPENLOOP {json}` line at the end.
import { BROWSER_UA } from '../../src/testing/server.ts';
import { LEADS, percentile } from './kit.ts';

const [base, siteKey, rateArg, secondsArg, prefix] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const TICK_MS = 10;

const statuses: Record<string, number> = {};
const latencies: number[] = [];
let sent = 0;
let outstanding = 0;
let peakOutstanding = 0;
let retryAfter = 0;
const pending = new Set<Promise<void>>();

async function one(n: number): Promise<void> {
  const t0 = performance.now();
  outstanding++;
  peakOutstanding = Math.max(peakOutstanding, outstanding);
  let status = 'error';
  try {
    const res = await fetch(`${base}/e`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'user-agent': BROWSER_UA,
        'x-forwarded-for': LEADS[n % LEADS.length],
      },
      body: JSON.stringify({
        s: siteKey,
        e: 'pageview',
        u: `https://example.com${prefix}/${n}`,
        w: 1440,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    await res.arrayBuffer();
    status = String(res.status);
    if (res.headers.get('retry-after')) retryAfter++;
  } catch (e) {
    status = (e as Error).name === 'TimeoutError' ? 'timeout' : 'error';
  }
  outstanding--;
  statuses[status] = (statuses[status] ?? 0) + 1;
  latencies.push(performance.now() - t0);
}

const start = performance.now();
const end = start + seconds * 1000;
while (performance.now() < end) {
  // Catch up to where the schedule says we should be: a late tick sends more, not fewer.
  const due = Math.floor(((performance.now() - start) / 1000) * rate);
  while (sent < due) {
    const p = one(sent++);
    pending.add(p);
    p.finally(() => pending.delete(p));
  }
  await Bun.sleep(TICK_MS);
}
const sendSeconds = (performance.now() - start) / 1000;
await Promise.all(pending);
console.log(
  `OPENLOOP ${JSON.stringify({
    sent,
    offeredRps: sent / sendSeconds,
    statuses,
    retryAfter,
    peakOutstanding,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.reduce((a, b) => Math.max(a, b), 0),
  })}`,
);
