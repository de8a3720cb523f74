// The OpenAPI document and its docs page: valid OpenAPI 3, exactly the /api/v1 routes, each with
// its responses and the bearer scheme; a page that loads nothing from outside the server.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, walked generically
type J = any;
let doc: J;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
/** Elysia's `/a/:id` as OpenAPI's `/a/{id}`. */
const oasPath = (p: string) => p.replace(/:([^/]+)/g, '{$1}');

beforeAll(async () => {
  h = await createHarness();
  const res = await h.handle(new Request('http://leadlens.test/openapi/json'));
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => h.close());

describe('GET /openapi/json', () => {
  test('is an OpenAPI 3 document with the bearer scheme', () => {
    expect(doc.openapi).toMatch(/^3\.[01]\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Leadlens API', version: expect.any(String) });
    expect(doc.components.securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
  });

  test('documents every /api/v1 route and nothing else', () => {
    const v1 = h.app.routes
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method.toLowerCase()} ${oasPath(r.path)}`)
      .sort();
    expect(v1.length).toBeGreaterThanOrEqual(13); // sites 2, companies 7, visits 1, exports 3
    const documented = Object.entries(doc.paths as Record<string, object>)
      .flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter((m) => METHODS.includes(m))
          .map((m) => `${m} ${p}`),
      )
      .sort();
    expect(documented).toEqual(v1);
  });

  test('every operation: unique operationId, a success and a 401 response, path parameters declared', () => {
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, J>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!METHODS.includes(method)) continue;
        const where = `${method} ${path}`;
        expect({ where, id: typeof op.operationId }).toEqual({ where, id: 'string' });
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        const codes = Object.keys(op.responses ?? {});
        expect({
          where,
          ok: codes.some((c) => /^20\d$/.test(c)),
          auth: codes.includes('401'),
        }).toEqual({ where, ok: true, auth: true });
        if (method !== 'get')
          expect({ where, codes }).toEqual({ where, codes: expect.arrayContaining(['403']) });
        const declared = (op.parameters ?? [])
          .filter((p: J) => p.in === 'path')
          .map((p: J) => p.name);
        const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        expect({ where, declared: declared.sort() }).toEqual({ where, declared: inPath.sort() });
        expect(op.tags?.length ?? 0).toBeGreaterThan(0);
      }
    }
  });

  test('the CSV exports document their 503 busy answer', () => {
    for (const kind of ['companies', 'visits', 'pageviews']) {
      const op = (doc.paths as Record<string, Record<string, J>>)[`/api/v1/exports/${kind}.csv`]
        .get;
      expect(Object.keys(op.responses)).toContain('503');
      expect(op.responses['503'].description).toContain('Retry-After');
    }
  });

  test('every $ref resolves inside the document', () => {
    const refs: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) k === '$ref' ? refs.push(String(x)) : walk(x);
    };
    walk(doc);
    for (const r of refs) {
      expect(r.startsWith('#/')).toBe(true);
      const target = r
        .slice(2)
        .split('/')
        .reduce<J>((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
      expect({ r, found: target !== undefined }).toEqual({ r, found: true });
    }
  });

  test('the schemas are the routes’ t schemas: the inbox filters and the status enum', () => {
    const list = doc.paths['/api/v1/companies'].get;
    const names = list.parameters.map((p: J) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['country', 'class', 'tag', 'status', 'cursor', 'limit', 'sort']),
    );
    const put = doc.paths['/api/v1/companies/{id}/status'].put;
    expect(JSON.stringify(put.requestBody)).toContain('qualified');
    expect(JSON.stringify(doc)).not.toContain('/api/companies"');
  });
});

describe('GET /openapi (the docs page)', () => {
  test('references no http(s) URL outside this server; assets are served from here', async () => {
    const res = await h.handle(new Request('http://leadlens.test/openapi'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html.match(/(?:https?:)?\/\/[^\s"'<>]+/g) ?? []).toEqual([]);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1])
      .filter((r) => r !== 'data:,'); // the empty favicon: no request at all
    expect(refs.length).toBe(3);
    for (const ref of refs) {
      expect(ref.startsWith('/openapi/')).toBe(true);
      const asset = await h.handle(new Request(`http://leadlens.test${ref}`));
      expect({ ref, status: asset.status }).toEqual({ ref, status: 200 });
      const body = await asset.text();
      expect(body.length).toBeGreaterThan(100);
      if (ref.endsWith('init.js')) {
        expect(body).toContain("url: '/openapi/json'");
        expect(body).toContain('validatorUrl: null');
      }
    }
  });

  test('its CSP allows this origin only, no inline script, no framing', async () => {
    const res = await h.handle(new Request('http://leadlens.test/openapi'));
    const csp = Object.fromEntries(
      (res.headers.get('content-security-policy') ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v.join(' ')]),
    );
    expect(csp).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!<)/); // every script has a src
    expect(html).not.toMatch(/\son\w+=/); // no inline handlers
  });
});
