import { describe, expect, test } from 'bun:test';
import {
  type ClassifyInput,
  classFromIpverseCategory,
  createClassifier,
  isLead,
  isNetworkClass,
  loadDefaultOverrides,
  NETWORK_CLASSES,
  type NetworkClass,
  parseOverrides,
} from './index.ts';
import { normalizeName } from './keywords.ts';

// Documentation-range ASNs (RFC 5398) so no case depends on the bundled override list.
const AS_A = 64496;
const AS_B = 64497;

describe('precedence', () => {
  const classify = createClassifier(new Map<number, NetworkClass>([[AS_A, 'government']]));
  const cases: [string, ClassifyInput, NetworkClass, string][] = [
    [
      'override beats category and keywords',
      { asn: AS_A, name: 'Example Telecom', category: 'isp' },
      'government',
      'override',
    ],
    [
      'override beats keywords',
      { asn: AS_A, name: 'Example Hosting Ltd' },
      'government',
      'override',
    ],
    [
      'category beats keywords',
      { asn: AS_B, name: 'Example University', category: 'hosting' },
      'hosting',
      'source',
    ],
    [
      'category is used without an ASN',
      { asn: null, name: 'Example', category: 'business' },
      'business',
      'source',
    ],
    [
      'category unknown is no opinion',
      { asn: AS_B, name: 'Example Telecom', category: 'unknown' },
      'isp',
      'keyword:telecom',
    ],
    [
      'category null falls through',
      { asn: AS_B, name: 'Example Telecom', category: null },
      'isp',
      'keyword:telecom',
    ],
    ['null ASN skips overrides', { asn: null, name: 'Example Telecom' }, 'isp', 'keyword:telecom'],
    ['nothing matches', { asn: AS_B, name: 'Zorblax' }, 'unknown', 'default'],
    ['empty name', { asn: AS_B, name: '' }, 'unknown', 'default'],
    ['punctuation only', { asn: AS_B, name: '-- . --' }, 'unknown', 'default'],
  ];
  test.each(cases)('%s', (_, input, cls, why) => {
    expect(classify(input)).toEqual({ class: cls, why });
  });
});

describe('keyword rules', () => {
  const classify = createClassifier(new Map());
  const cases: [string, NetworkClass, string][] = [
    // Languages and diacritics.
    ['Télécom Bretagne', 'isp', 'telecom'],
    ['TÉLÉCOM BRETAGNE', 'isp', 'telecom'],
    ['Türk Telekomünikasyon A.Ş.', 'isp', 'telekomunikasyon'],
    ['Empresa de Telecomunicações do Norte', 'isp', 'telecomunicacoes'],
    ['SÃO PAULO FIBRA LTDA', 'isp', 'fibra'],
    ['Universität Stuttgart', 'education', 'universitat'],
    ['Université de Lyon', 'education', 'universite'],
    ['Universidad de Chile', 'education', 'universidad'],
    ['Universiteit Gent', 'education', 'universiteit'],
    ['Fachhochschule Nordwest', 'education', 'fachhochschule'],
    ['Ministère des Armées', 'government', 'ministere'],
    ['Ministerio de Hacienda', 'government', 'ministerio'],
    ['Ministerie van Financiën', 'government', 'ministerie'],
    ['Gemeente Utrecht', 'government', 'gemeente'],
    ['Bergen Kommune', 'government', 'kommune'],
    ['Województwo Przykładowe', 'government', 'wojewodztwo'],
    ['Telefónica Móviles Ejemplo', 'mobile', 'moviles'],
    ['Example Cellular Company', 'mobile', 'cellular'],
    // Which rule wins when several match.
    ['Mobile Telesystems', 'mobile', 'mobile'],
    ['Telecom Italia Mobile', 'mobile', 'mobile'],
    ['Harbor University Hospital', 'education', 'university'],
    ['Government Engineering College', 'education', 'college'],
    ['Ministry of Education', 'government', 'ministry'],
    ['City of Mobile', 'government', 'city of'],
    ['Springfield Police Department', 'government', 'police'],
    ['County Broadband Ltd', 'isp', 'broadband'],
    ['Cyprus Telecommunications Authority', 'isp', 'telecommunications'],
    ['Example Telecom IDC', 'hosting', 'idc'],
    ['Medisys Health Network', 'business', 'health'],
    ['Example Research Institute', 'education', 'research'],
    ['Example County Council', 'government', 'county'],
    // Word boundaries: "telecom" is a whole word (or the end of a glued one), never a prefix.
    ['Telecomputing Ltd', 'business', 'ltd'],
    ['Gtelecom Pty Ltd', 'isp', 'gtelecom'],
    ['Netcloud Ltd', 'business', 'ltd'],
    ['Example Cloud GmbH', 'hosting', 'cloud'],
    ['Net Solutions Ltd', 'business', 'ltd'],
    ['SilesNet s.r.o.', 'isp', 'silesnet'],
    ['Planet Foods Ltd', 'business', 'ltd'],
    ['Fortinet Inc', 'business', 'inc'],
    ['Example Networks', 'isp', 'networks'],
    // Real company names that are not carriers.
    ['Acme Cable Manufacturing Co', 'business', 'co'],
    ['Fiber Optic Products Inc', 'business', 'inc'],
    ['Exxon Mobil Corporation', 'business', 'corporation'],
    ['PSA Automobiles SA', 'business', 'sa'],
    ['Deutsche Bank AG', 'business', 'bank'],
    ['Cable & Wireless Panama', 'isp', 'cable'],
    ['Example Data Center LLC', 'hosting', 'data center'],
    ['Hetzner Online GmbH', 'hosting', 'hetzner'],
    // Company suffixes only after every stronger rule.
    ['Example Widgets GmbH', 'business', 'gmbh'],
    ['Example Widgets S.A.', 'business', 's a'],
    ['Example Widgets B.V.', 'business', 'b v'],
  ];
  test.each(cases)('%s → %s', (name, cls, word) => {
    expect(classify({ asn: null, name })).toEqual({ class: cls, why: `keyword:${word}` });
  });

  // Legal forms that, in this dataset, mostly register access providers: no signal either way.
  test.each(['PT Contoh Nusantara', 'Exemplo Servicos Ltda', 'OOO Primer', 'Priklad s.r.o.'])(
    '%s → default',
    (name) => {
      expect(classify({ asn: null, name })).toEqual({ class: 'unknown', why: 'default' });
    },
  );
});

describe('normalizeName', () => {
  test.each([
    ['Große Straße Télécom S.A.', 'grosse strasse telecom s a'],
    ['  AT&T   Corp. ', 'at t corp'],
    ['Łódź Øresund İstanbul', 'lodz oresund istanbul'],
    ['', ''],
  ])('%p', (input, out) => {
    expect(normalizeName(input)).toBe(out);
  });
});

describe('parseOverrides', () => {
  test('reads header, quoted names, CRLF, BOM and blank lines', () => {
    const text = [
      '\uFEFFasn,class,name\r',
      '16509,hosting,"Amazon.com, Inc."\r',
      '\r',
      '749,government,DoD',
      '3,education,"MIT ""Tech"""',
      '',
    ].join('\n');
    expect([...parseOverrides(text)]).toEqual([
      [16509, 'hosting'],
      [749, 'government'],
      [3, 'education'],
    ]);
  });

  test('header and name are optional', () => {
    expect([...parseOverrides('64496,isp\n64497,mobile,Example')]).toEqual([
      [64496, 'isp'],
      [64497, 'mobile'],
    ]);
  });

  test.each([
    ['asn,class,name\n12x,isp,Foo', /^line 2: bad asn "12x"/],
    ['asn,class,name\n-1,isp,Foo', /^line 2: bad asn/],
    ['asn,class,name\n4294967296,isp,Foo', /^line 2: bad asn/],
    ['asn,class,name\n,isp,Foo', /^line 2: bad asn ""/],
    ['asn,class,name\n1,isp,A\n2,ISP,B', /^line 3: bad class "ISP" for AS2/],
    ['asn,class,name\n1,isp,A\n2,lead,B', /^line 3: bad class "lead"/],
    ['asn,class,name\n1,isp,A\n1,mobile,B', /^line 3: duplicate asn 1 \(first on line 2\)/],
    ['asn,class,name\n1', /^line 2: expected asn,class,name but got 1 fields/],
    ['asn,class,name\n1,isp,A,extra', /^line 2: expected asn,class,name but got 4 fields/],
    ['asn,class,name\n1,isp,"unterminated', /^line 2: malformed quoting/],
    ['asn,klass,name\n1,isp,A', /^line 1: header must be asn,class,name/],
  ])('rejects %p', (text, message) => {
    expect(() => parseOverrides(text)).toThrow(message);
  });
});

describe('loadDefaultOverrides', () => {
  const overrides = loadDefaultOverrides();
  test('loads the curated list', () => {
    expect(overrides.size).toBeGreaterThan(1000);
    for (const c of overrides.values()) expect(isNetworkClass(c)).toBe(true);
  });
  test.each([
    [749, 'government'],
    [16509, 'hosting'],
    [4134, 'isp'],
    [21928, 'mobile'],
    [4538, 'education'],
    [714, 'business'],
  ] as const)('AS%i is %s', (asn, cls) => {
    expect(overrides.get(asn)).toBe(cls);
  });
  test('createClassifier() uses it by default', () => {
    expect(createClassifier()({ asn: 16509, name: 'Amazon.com, Inc.' })).toEqual({
      class: 'hosting',
      why: 'override',
    });
  });
});

describe('classes', () => {
  test.each([
    ['business', true],
    ['education', true],
    ['government', true],
    ['isp', false],
    ['mobile', false],
    ['hosting', false],
    ['unknown', false],
  ] as const)('isLead(%s) is %p', (c, lead) => {
    expect(isLead(c)).toBe(lead);
  });

  test('isNetworkClass', () => {
    for (const c of NETWORK_CLASSES) expect(isNetworkClass(c)).toBe(true);
    for (const s of ['', 'ISP', 'lead', 'toString', '__proto__'])
      expect(isNetworkClass(s)).toBe(false);
  });

  test.each([
    ['isp', 'isp'],
    ['hosting', 'hosting'],
    ['business', 'business'],
    ['education_research', 'education'],
    ['government_admin', 'government'],
    [' Education_Research ', 'education'],
    [null, null],
    [undefined, null],
    ['', null],
    ['unknown', null],
    ['mobile', null],
    ['toString', null],
  ] as const)('classFromIpverseCategory(%p) is %p', (category, cls) => {
    expect(classFromIpverseCategory(category)).toBe(cls);
  });
});
