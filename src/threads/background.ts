import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The nice value reader threads run at: below ingest and requests, never starved outright. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's CPU priority (Linux: nice is per thread; the thread's id is read
 * from /proc/thread-self). For the export and overview threads: on the one or two cores Leadlens
 * runs on, a CSV export or a year's overview otherwise takes the core from the event loop and the
 * ingest writer as an equal, and beacons wait behind it (the soak measured p99 past 2 s with the
 * server on one core). At nice 10 the scheduler gives them what ingest leaves; they still finish.
 * Raising nice needs no privilege; a thread already nicer (the whole server started under `nice`)
 * keeps its value. Elsewhere (no /proc), nothing changes. Returns whether the thread now runs at
 * `nice` or lower priority.
 * @example // first line of a Worker's code
 * runInBackground();
 */
export function runInBackground(nice = BACKGROUND_NICE): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    if (getPriority(tid) < nice) setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
