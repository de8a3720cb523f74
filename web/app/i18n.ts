import { configureLocalization } from '@lit/localize';
// A static import: the catalogue is small, and one bundle keeps serving and caching simple.
import * as fr from './locales/fr.ts';

/** The languages the UI speaks; English is the source. */
export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

// A UI preference of the admin's own browser, not a visitor identifier.
const STORAGE_KEY = 'leadlens.locale';

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: 'en',
  targetLocales: ['fr'],
  loadLocale: async () => fr,
});

/** The active locale ('en' or 'fr'). */
export function currentLocale(): Locale {
  return getLocale() as Locale;
}

/**
 * The saved choice, else the first of the browser's languages we speak, else English.
 * @example pickLocale(['fr-CH', 'en'], null) // 'fr'
 */
export function pickLocale(languages: readonly string[], saved: string | null): Locale {
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  for (const lang of languages) {
    const base = lang.toLowerCase().split('-')[0];
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

function saved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: follow the browser
  }
}

/** Applies the saved or browser language at start. */
export async function initLocale(): Promise<void> {
  await applyLocale(pickLocale(navigator.languages ?? [navigator.language], saved()));
}

/** Switches the language, re-renders every `@localized` element, and remembers the choice. */
export async function switchLocale(locale: Locale): Promise<void> {
  await applyLocale(locale);
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted; the switch still applies to this tab.
  }
}

async function applyLocale(locale: Locale): Promise<void> {
  await setLocale(locale);
  document.documentElement.lang = locale;
}
