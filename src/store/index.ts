/** Public surface of the workspace store: knows model types, no feature. */
export * from './workspace.js';
export * from './migrations.js';
export * from './print-runs.js';
export * from './reviews.js';
export * from './inputs.js';
export * from './sheets.js';
export * from './values.js';
export * from './recurring-fields.js';
export * from './report-rows.js';
export * from './exercise-rows.js';
export * from './family-links.js';
export * from './office-keys.js';
export * from './bundle-rows.js';
export * from './bundle-import-rows.js';
export * from './workspace-key.js';
export * from './workspace-rekey.js';
export * from './radio-sitreps.js';
