import type { Driver } from '../db/index.ts';

/**
 * A key-page pattern as a SQLite GLOB: `*` stays the only wildcard; GLOB's other specials
 * (`?`, `[`) are made literal by wrapping them in a character class.
 * @example patternToGlob('/demo*') // '/demo*'; patternToGlob('/faq?x') // '/faq[?]x'
 */
export function patternToGlob(pattern: string): string {
  return pattern.replace(/[?[]/g, (c) => `[${c}]`);
}

/** Trimmed, without blanks and duplicates, in the order given. */
export function cleanPatterns(patterns: string[]): string[] {
  return [...new Set(patterns.map((p) => p.trim()).filter(Boolean))];
}

/**
 * Replaces a site's key pages and marks the scores of the site's companies for recomputation
 * (their key-page part may change). Call inside or outside a transaction.
 * @example setKeyPages(db, 1, ['/pricing', '/demo*'])
 */
export function setKeyPages(db: Driver, siteId: number, patterns: string[]): string[] {
  const clean = cleanPatterns(patterns);
  db.transaction(() => {
    db.prepare('DELETE FROM key_pages WHERE site_id = ?').run(siteId);
    const ins = db.prepare(
      'INSERT INTO key_pages (site_id, pattern, glob, position) VALUES (?, ?, ?, ?)',
    );
    for (const [i, p] of clean.entries()) ins.run(siteId, p, patternToGlob(p), i);
    db.prepare(
      `UPDATE company_totals SET score_dirty = 1 WHERE score_dirty = 0
         AND company_id IN (SELECT company_id FROM company_site_totals WHERE site_id = ?)`,
    ).run(siteId);
  })();
  return clean;
}

/** A site's key-page patterns, in insertion order. */
export function keyPagesOf(db: Driver, siteId: number): string[] {
  return db
    .prepare<{ pattern: string }>(
      'SELECT pattern FROM key_pages WHERE site_id = ? ORDER BY position',
    )
    .all(siteId)
    .map((r) => r.pattern);
}
