export { reclassifyNetworks } from './commit.ts';
export {
  DEFAULT_SOURCE,
  defaultDatasetFiles,
  hasNoRanges,
  importDefaultDataset,
} from './default.ts';
export { type ImportOptions, type ImportSummary, importSource } from './load.ts';
export { AttributionLine, SourceInfo } from './model.ts';
export { createProgress, type Progress, silentProgress } from './progress.ts';
export { totalBytes } from './read.ts';
export { FORMAT_ALIASES, FORMATS, type Format, findFormat } from './registry.ts';
export {
  attributionLines,
  createSourceCatalog,
  createSourceRoutes,
  type SourceRouteDeps,
} from './routes.ts';
export {
  type CompanyFields,
  ImportError,
  type ImportRecord,
  type ParseContext,
  type Parser,
} from './types.ts';
