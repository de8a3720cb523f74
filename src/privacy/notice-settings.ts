import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type Driver, getSetting, setSetting } from '../db/index.ts';
import { PrivacySettings } from './notice-model.ts';

/** Privacy settings failed validation; the message names the field, never echoes the input. */
export class PrivacySettingsError extends Error {
  readonly code = 'invalid_privacy_settings';

  /** The 400 envelope, so any host app's error handler answers it as the module does. */
  toResponse(): Response {
    return Response.json({ error: { code: 'invalid', message: this.message } }, { status: 400 });
  }
}

const check = TypeCompiler.Compile(PrivacySettings);

const FIELDS = [
  'controllerName',
  'controllerAddress',
  'contactEmail',
  'dpoName',
  'dpoEmail',
  'authorityName',
  'authorityUrl',
  'publicBaseUrl',
] as const;
const OPTIONAL = new Set<string>(['dpoName', 'dpoEmail', 'authorityName', 'authorityUrl']);
const URL_FIELDS = ['authorityUrl', 'publicBaseUrl'] as const;
const key = (field: string) => `privacy.${field}`;

/**
 * Checks what an admin typed: strings trimmed, empty optional fields dropped (a cleared form
 * field means "none"), then the schema, then the URLs parsed for real. Throws PrivacySettingsError.
 * @example validatePrivacySettings({ controllerName: ' ACME ', …, dpoName: '' }) // { controllerName: 'ACME', … }
 */
export function validatePrivacySettings(raw: unknown): PrivacySettings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new PrivacySettingsError('settings: expected an object');
  }
  const input: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const [k, v] of Object.entries(input)) {
    if (typeof v !== 'string') continue;
    input[k] = v.trim();
    if (input[k] === '' && OPTIONAL.has(k)) delete input[k];
  }
  input.reverseDns ??= false;
  if (!check.Check(input)) {
    const e = check.Errors(input).First();
    throw new PrivacySettingsError(`${e?.path || 'settings'}: ${e?.message ?? 'invalid'}`);
  }
  for (const f of URL_FIELDS) {
    const v = input[f];
    if (typeof v !== 'string') continue;
    const u = URL.canParse(v) ? new URL(v) : null;
    if (!u || !/^https?:$/.test(u.protocol) || u.username || u.password || u.hash) {
      throw new PrivacySettingsError(`/${f}: must be an http(s) URL without credentials`);
    }
  }
  if (new URL(input.publicBaseUrl as string).search) {
    throw new PrivacySettingsError('/publicBaseUrl: must not have a query');
  }
  return input as PrivacySettings;
}

/** The opt-out page of a base URL; a base with a path (behind a proxy prefix) keeps it. */
export function optOutUrl(publicBaseUrl: string): string {
  const u = new URL(publicBaseUrl);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/opt-out`;
  return u.toString();
}

/**
 * The privacy settings in the `settings` table, one `privacy.*` key per field. Optional fields
 * that were cleared are stored as '' (the table has no delete helper) and read back as absent.
 */
export function createPrivacySettingsStore(db: Driver) {
  const save = db.transaction((s: PrivacySettings) => {
    for (const f of FIELDS) setSetting(db, key(f), s[f] ?? '');
    setSetting(db, key('reverseDns'), s.reverseDns ? 'true' : 'false');
  });
  return {
    /** The saved settings, or null until an admin has saved them once. */
    get(): PrivacySettings | null {
      if (!getSetting(db, key('controllerName'))) return null;
      const out: Record<string, unknown> = {
        reverseDns: getSetting(db, key('reverseDns')) === 'true',
      };
      for (const f of FIELDS) {
        const v = getSetting(db, key(f));
        if (v) out[f] = v;
      }
      // Re-check on the way out: a hand-edited row must not reach a public page unvalidated.
      return check.Check(out) ? (out as PrivacySettings) : null;
    },
    /** Validates and replaces all privacy settings in one transaction; throws PrivacySettingsError. */
    put(raw: unknown): PrivacySettings {
      const s = validatePrivacySettings(raw);
      save(s);
      return s;
    },
  };
}

export type PrivacySettingsStore = ReturnType<typeof createPrivacySettingsStore>;
