/** Public surface of the model: what a form is, its geometry, its sheet code, readings and outcomes. Pure. */
export * from './units.js';
export * from './errors.js';
export * from './form-definition.js';
export * from './problems.js';
export * from './parse-form.js';
export * from './page-furniture.js';
export * from './layout.js';
export * from './fingerprint.js';
export * from './sheet-code.js';
export * from './text-metrics.js';
export * from './gray-image.js';
export * from './reading.js';
export * from './outcome.js';
export * from './random.js';
export * from './check-fields.js';
export * from './site-agreement.js';
export * from './name-spellings.js';
