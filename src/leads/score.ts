import type { ScoreBreakdown } from './model.ts';

/** Weights of the score's parts (they sum to 100). See README.md for the formula. */
export const WEIGHTS = {
  recency: 30,
  visits: 20,
  pages: 15,
  engagement: 15,
  keyPages: 20,
} as const;

/** The score looks at this many UTC days, today included. */
export const SCORE_WINDOW_DAYS = 90;

/** What the score is computed from, all within the window. */
export interface ScoreInputs {
  /** Whole UTC days since the company's last activity (0 = today); null: never. */
  daysSinceLast: number | null;
  visits: number;
  /** Distinct pages viewed. */
  pages: number;
  engagedMs: number;
  /** Distinct pages viewed that match a key-page pattern of their site. */
  keyPages: number;
}

/** 100·(1 − base^x): 0 at x = 0, rising fast at first, then flattening towards 100. */
const saturate = (x: number, base: number) => Math.round(100 * (1 - base ** Math.max(0, x)));

/**
 * The lead score and its parts, each 0–100; the total is the weighted mean of the rounded parts.
 * @example scoreOf({ daysSinceLast: 0, visits: 1, pages: 1, engagedMs: 0, keyPages: 0 }).total // 36
 */
export function scoreOf(i: ScoreInputs): ScoreBreakdown {
  const d = i.daysSinceLast;
  // Half-life of two weeks: yesterday 95, a week ago 71, a month ago 23, nothing from day 90.
  const recency =
    d === null || d >= SCORE_WINDOW_DAYS ? 0 : Math.round(100 * 0.5 ** (Math.max(0, d) / 14));
  const parts = {
    recency,
    visits: saturate(i.visits, 0.8), // 1 → 20, 3 → 49, 10 → 89
    pages: saturate(i.pages, 0.85), // 1 → 15, 5 → 56, 20 → 96
    engagement: saturate(i.engagedMs / 60_000, 0.9), // 1 min → 10, 5 → 41, 30 → 96
    keyPages: saturate(i.keyPages, 0.4), // 1 → 60, 2 → 84, 3 → 94
  };
  let sum = 0;
  for (const k of Object.keys(WEIGHTS) as (keyof typeof WEIGHTS)[]) sum += WEIGHTS[k] * parts[k];
  return { total: Math.round(sum / 100), ...parts };
}
