import { describe, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { templates } from './locales/fr.ts';

const ROOT = import.meta.dir;

/** Every .ts source of the UI except tests and the catalogues. */
function sources(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

interface Use {
  file: string;
  id: string;
  text: string;
  /** Placeholders in a str`…` template; -1 for a plain string. */
  slots: number;
}

// msg('text', { id: 'x' }), msg("text", …) or msg(str`… ${a} …`, { id: 'x' }), as the formatter
// lays them out (trailing commas, line breaks). The template is matched up to its closing
// backtick: expressions inside msg templates stay simple on purpose.
const CALL =
  /msg\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|str`((?:[^`\\]|\\.)*)`)\s*,\s*\{\s*id:\s*'([^']+)'\s*,?\s*\}\s*,?\s*\)/g;

function uses(): { found: Use[]; bare: string[] } {
  const found: Use[] = [];
  const bare: string[] = [];
  for (const file of sources()) {
    const src = readFileSync(file, 'utf8');
    const name = relative(ROOT, file);
    let matched = 0;
    for (const m of src.matchAll(CALL)) {
      matched++;
      const tpl = m[3];
      const slots = tpl === undefined ? -1 : (tpl.match(/\$\{/g) ?? []).length;
      found.push({ file: name, id: m[4], text: m[1] ?? m[2] ?? tpl, slots });
    }
    // Every msg( call must be one the pattern understands, i.e. carry an explicit id.
    const calls = (src.match(/\bmsg\(/g) ?? []).length;
    if (calls !== matched)
      bare.push(`${name}: ${calls - matched} msg() call(s) without a literal id`);
  }
  return { found, bare };
}

describe('French catalogue', () => {
  const { found, bare } = uses();
  const fr = templates as Record<string, unknown>;

  test('the scan finds the messages', () => {
    expect(found.length).toBeGreaterThan(100);
  });

  test('every msg() call has an explicit id', () => {
    expect(bare).toEqual([]);
  });

  test('one id means one English text', () => {
    const seen = new Map<string, Use>();
    const clashes: string[] = [];
    for (const u of found) {
      const prev = seen.get(u.id);
      if (prev && (prev.text !== u.text || prev.slots !== u.slots))
        clashes.push(`${u.id}: "${prev.text}" (${prev.file}) vs "${u.text}" (${u.file})`);
      seen.set(u.id, u);
    }
    expect(clashes).toEqual([]);
  });

  test('every id has a French translation', () => {
    const missing = [...new Set(found.map((u) => u.id))].filter((id) => !(id in fr));
    expect(missing).toEqual([]);
  });

  test('the catalogue has no id that nobody uses', () => {
    const used = new Set(found.map((u) => u.id));
    expect(Object.keys(fr).filter((id) => !used.has(id))).toEqual([]);
  });

  test('translations keep the placeholders of their source', () => {
    const wrong: string[] = [];
    for (const u of found) {
      const t = fr[u.id] as string | { strTag?: true; values?: number[] } | undefined;
      if (t === undefined) continue;
      if (u.slots === -1) {
        if (typeof t !== 'string')
          wrong.push(`${u.id}: source is plain text, French is a template`);
        continue;
      }
      const values = typeof t === 'object' && t.strTag ? [...(t.values ?? [])].sort() : null;
      const want = Array.from({ length: u.slots }, (_, i) => i);
      if (!values || JSON.stringify(values) !== JSON.stringify(want))
        wrong.push(`${u.id}: want str\`\` using \${0}…\${${u.slots - 1}} once each`);
    }
    expect(wrong).toEqual([]);
  });

  test('no translation is empty', () => {
    const empty = Object.entries(fr)
      .filter(([, v]) => typeof v === 'string' && !v.trim())
      .map(([k]) => k);
    expect(empty).toEqual([]);
  });
});
