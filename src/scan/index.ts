/** Public surface of scanning: ingest files into the workspace, export what was read. */
export { ingestFiles, expandInputPaths, type IngestOptions, type IngestProgress, type IngestItem, type IngestSummary } from './ingest.js';
export { exportResults, exportResultsJson, type ExportFormat } from './export-results.js';
export type { ExportJson, ExportedField, ExportedStatus } from './format-export.js';
export { defaultWorkerCount } from './worker-pool.js';
