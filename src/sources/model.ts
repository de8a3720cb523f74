import { t } from 'elysia';

const Nullable = <T extends ReturnType<typeof t.String>>(s: T) => t.Union([s, t.Null()]);

/** A loaded data source, as Settings lists it (GET /api/sources). */
export const SourceInfo = t.Object({
  name: t.String(),
  format: t.String(),
  /** Where ranges overlap with equal specificity, the higher priority wins. */
  priority: t.Integer(),
  licence: Nullable(t.String()),
  attribution: Nullable(t.String()),
  attributionUrl: Nullable(t.String()),
  importedAt: Nullable(t.String({ format: 'date-time' })),
  /** Records the last import read. */
  rowCount: t.Integer({ minimum: 0 }),
  /** IP ranges the source holds now. */
  ranges: t.Integer({ minimum: 0 }),
});
export type SourceInfo = typeof SourceInfo.static;

/**
 * One credit the UI must show for the loaded data (GET /api/attribution): the text, linked to
 * `url` when there is one, and the licence, linked to `licenceUrl`. Links are http(s) only.
 */
export const AttributionLine = t.Object({
  text: t.String(),
  url: Nullable(t.String()),
  licence: Nullable(t.String()),
  licenceUrl: Nullable(t.String()),
  /** The loaded sources this credit is for. */
  sources: t.Array(t.String()),
});
export type AttributionLine = typeof AttributionLine.static;
