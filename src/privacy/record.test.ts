import { describe, expect, test } from 'bun:test';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { NoticeInput } from './notice-model.ts';
import { buildRecord, recordMarkdown } from './record.ts';
import { ProcessingRecord } from './record-model.ts';

const input = (over: Partial<NoticeInput['settings']> = {}): NoticeInput => ({
  settings: {
    controllerName: 'ACME *Corp* <b>',
    controllerAddress: 'Rue 1\n1000 Bruxelles',
    contactEmail: 'dpo@acme.example',
    publicBaseUrl: 'https://stats.acme.example',
    reverseDns: false,
    ...over,
  },
  sites: [
    { name: 'Shop', honorGpc: true, honorDnt: false, retentionDays: 90 },
    { name: 'Blog', honorGpc: true, honorDnt: true, retentionDays: 395 },
  ],
  sources: [
    {
      name: 'asn',
      format: 'ip-location-db',
      licence: 'CC BY 4.0',
      attribution: null,
      attributionUrl: null,
    },
  ],
});
const check = TypeCompiler.Compile(ProcessingRecord);

describe('processing record', () => {
  test('the JSON validates against its schema and carries the live facts', () => {
    const r = buildRecord(input({ dpoEmail: 'dpo@x.example' }), '2026-11-29T10:00:00.000Z');
    expect(check.Check(r)).toBe(true);
    expect(check.Check(JSON.parse(JSON.stringify(r)))).toBe(true);
    expect(r.controller.name).toBe('ACME *Corp* <b>');
    expect(r.dpo).toEqual({ name: null, email: 'dpo@x.example' });
    expect(r.retention).toEqual([
      { site: 'Shop', days: 90 },
      { site: 'Blog', days: 395 },
    ]);
    expect(r.thirdCountryTransfers.any).toBe(false);
    expect(r.sources.some((s) => s.includes('DB-IP'))).toBe(true);
    expect(r.securityMeasures.join(' ')).toContain('argon2id');
    expect(r.legalBasis).toContain('6(1)(f)');
  });

  test('reverse DNS adds a data category and a recipient', () => {
    const off = buildRecord(input(), 'x');
    const on = buildRecord(input({ reverseDns: true }), 'x');
    expect(on.personalData.length).toBe(off.personalData.length + 1);
    expect(on.recipients.join(' ')).toContain('DNS resolver');
    expect(off.recipients.join(' ')).not.toContain('DNS');
  });

  test('no sites: the default retention', () => {
    const r = buildRecord({ ...input(), sites: [] }, 'x');
    expect(r.retention).toEqual([{ site: '(default for new sites)', days: 395 }]);
    expect(check.Check(r)).toBe(true);
  });

  test('markdown escapes operator text', () => {
    const md = recordMarkdown(buildRecord(input(), '2026-11-29T10:00:00.000Z'));
    expect(md).toContain('# Record of processing activities (Art. 30 GDPR)');
    expect(md).toContain('ACME \\*Corp\\* &lt;b&gt;');
    expect(md).not.toContain('<b>');
    expect(md).toContain('Shop: 90 days');
  });
});
