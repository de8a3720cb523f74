import { t } from 'elysia';

/** A user's digest subscription (GET/PUT /api/me/digest). `siteId` null: every site. */
export const DigestSettings = t.Object(
  {
    frequency: t.Union([t.Literal('daily'), t.Literal('weekly'), t.Literal('off')]),
    siteId: t.Union([t.Integer({ minimum: 1 }), t.Null()]),
  },
  { additionalProperties: false },
);
export type DigestSettings = typeof DigestSettings.static;

/** One company line of a digest. */
export interface DigestCompany {
  id: number;
  name: string;
  domain: string | null;
  country: string | null;
  industry: string | null;
  visits: number;
  score: number;
}

/** What one digest e-mail says, per site. */
export interface DigestContent {
  period: { from: number; to: number; frequency: 'daily' | 'weekly' };
  sites: Array<{
    id: number;
    name: string;
    newCompanies: DigestCompany[];
    newMore: number;
    hotReturning: DigestCompany[];
    hotMore: number;
  }>;
}
