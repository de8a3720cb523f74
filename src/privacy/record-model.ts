import { t } from 'elysia';

const Nullable = <T extends ReturnType<typeof t.String>>(s: T) => t.Union([s, t.Null()]);

/**
 * The GDPR Art. 30(1) record-of-processing entry for Leadlens's one processing activity
 * (GET /api/privacy/record?format=json). Every field maps to a point of Art. 30(1) (a)–(g).
 */
export const ProcessingRecord = t.Object({
  activity: t.String(),
  /** Art. 30(1)(a) */
  controller: t.Object({ name: t.String(), address: t.String(), email: t.String() }),
  dpo: t.Union([t.Object({ name: Nullable(t.String()), email: Nullable(t.String()) }), t.Null()]),
  /** Art. 30(1)(b) */
  purposes: t.Array(t.String()),
  legalBasis: t.String(),
  /** Art. 30(1)(c) */
  dataSubjects: t.Array(t.String()),
  personalData: t.Array(t.Object({ category: t.String(), detail: t.String() })),
  /** Where the organisation data comes from (downloaded files; nothing is sent to them). */
  sources: t.Array(t.String()),
  /** Art. 30(1)(d) */
  recipients: t.Array(t.String()),
  /** Art. 30(1)(e) */
  thirdCountryTransfers: t.Object({ any: t.Boolean(), detail: t.String() }),
  /** Art. 30(1)(f): per site, in days. */
  retention: t.Array(t.Object({ site: t.String(), days: t.Integer({ minimum: 1 }) })),
  /** Art. 30(1)(g) */
  securityMeasures: t.Array(t.String()),
  /** ISO 8601 time the entry was generated. */
  generatedAt: t.String(),
});
export type ProcessingRecord = typeof ProcessingRecord.static;
