import { t } from 'elysia';
import { CompanyProfile, Note, Status, Visit } from './model.ts';

const Iso = t.String({ format: 'date-time' });
const Profile = CompanyProfile.properties;

/**
 * GET /api/companies/:id/export — everything Leadlens holds about one company, as one JSON
 * document (a data subject's access request). There is no address in it: none is stored.
 */
export const CompanyExport = t.Object({
  format: t.Literal('leadlens-company-export/1'),
  exportedAt: Iso,
  company: t.Object({
    ...Profile.company.properties,
    postalCode: t.Union([t.String(), t.Null()]),
    createdAt: Iso,
    updatedAt: Iso,
  }),
  /** How it was identified: data source, network, AS number and class. */
  identifiedBy: Profile.identifiedBy,
  /** True when the company objected: its history was deleted and new visits are dropped. */
  optedOut: t.Boolean(),
  status: t.Object({
    status: Status,
    /** Null while the status was never set ('new'). */
    updatedAt: t.Union([Iso, t.Null()]),
    updatedBy: t.Union([t.String(), t.Null()]),
  }),
  tags: t.Array(t.Object({ tag: t.String(), createdAt: Iso })),
  notes: t.Array(Note),
  stats: Profile.stats,
  /** Every visit, newest first, each with its pages in order. */
  visits: t.Array(Visit),
});
export type CompanyExport = typeof CompanyExport.static;
