import type { Driver } from '../db/index.ts';
import { dataVersion } from '../db/index.ts';
import { IpIndex } from './ip-index.ts';
import { type LoadedIndex, loadIndex } from './store.ts';

/**
 * Holds the live index. A reload builds the new index completely beside the old one and swaps it
 * in with one assignment, so a lookup sees either the old or the new index, never a half-built one.
 */
export class IndexHolder {
  #current: IpIndex;
  #version: number;

  constructor(index: IpIndex = IpIndex.empty(), version = -1) {
    this.#current = index;
    this.#version = version;
  }

  get current(): IpIndex {
    return this.#current;
  }

  get version(): number {
    return this.#version;
  }

  swap(index: IpIndex, version: number): void {
    this.#current = index;
    this.#version = version;
  }

  /** Loads from the DB and swaps in. */
  reload(db: Driver): LoadedIndex {
    const loaded = loadIndex(db);
    this.swap(loaded.index, loaded.version);
    return loaded;
  }

  /** Reloads only when another process (e.g. `leadlens import`) changed the data. */
  reloadIfChanged(db: Driver): LoadedIndex | null {
    return dataVersion(db) === this.#version ? null : this.reload(db);
  }
}
