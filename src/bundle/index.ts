/** Public surface of bundles: signed offline exchange of events between offices (USB stick). */
export { exportBundle, type ExportOptions, type ExportResult } from './export-bundle.js';
export { importBundles, type ImportOptions, type BundleImportResult } from './import-bundles.js';
export { ensureOfficeKey, fingerprintOf, normaliseFingerprint } from './office-identity.js';
export { parseBundle, BUNDLE_FORMAT, type BundleManifest, type BundleEvent, type ParsedBundle } from './bundle-format.js';
export { canonicalJson } from './canonical-json.js';
