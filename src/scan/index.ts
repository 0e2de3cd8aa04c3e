/**
 * Public surface of scanning: ingest files into the workspace and export what was read; underneath, open input files,
 * read a page image (QR → registration → fields), thresholds.
 */
export { ingestFiles, NO_FORMS_HINT, type IngestOptions, type IngestProgress, type IngestSummary } from './ingest.js';
export type { IngestItem } from './record-outcomes.js';
export { walkInputs, IMAGE_EXTENSIONS, SKIPS_NOT_READ, type SkipReason, type SkippedEntry, type WalkedInputs } from './walk-inputs.js';
export { identifyStoredPage, type IdentifyResult } from './identify-page.js';
export { exportResults, exportResultsJson, type ExportFormat } from './export-results.js';
export type { ExportJson, ExportedField, ExportedStatus } from './format-export.js';
export { defaultWorkerCount } from './worker-pool.js';
export { openInput, MAX_INPUT_PIXELS, MAX_PDF_PAGES, PDF_RENDER_DPI, PDF_JPEG_PAGE_FIT_PT, WORKING_MAX_PIXELS, type OpenedInput, type OpenInputOptions, type InputFormat, type LoadedPage, type PageSource, type PageResolution } from './load-image.js';
export { readInputPage, type SafeReading } from './scan-worker.js';
export { readPage, type PageReading, type ReadPageOptions, type LayoutLookup, type PageTransform } from './read-sheet.js';
export { identifySheet, type QrDecoder, type SheetIdentity } from './decode-sheet-code.js';
export { qrCornersMm, type InkLevels } from './register-page.js';
export { fieldArea } from './crop-field.js';
export { applyHomography, invertHomography, fitHomography, pageToImage, imageToPage, type Homography, type Point2 } from './transform.js';
export * from './thresholds.js';
