/** Public surface of simulation: printed sheets → filled-in, scanned or photographed images with exact ground truth. */
export { simulateBatch, simulatePages, mnistDigitSource, validateSimulateRequest, type SimulateBatchRequest, type SimulateBatchResult, type Truth, type TruthImage,
  type TruthSheet, type OutputContainer, type ImageFormat, type ScriptedSheet, type SheetEffects, type SimulatedPage } from './simulate-batch.js';
export { simulateForm, sheetCodesForSimulation, type SimulateFormRequest } from './simulate-form.js';
export { CAMERA_PROFILES, PROFILE_NAMES, type CameraProfile, type CameraParams, type ProfileName } from './camera.js';
export { fillBatchValues, NAME_LISTS, type TruthValue, type SheetValues } from './fill-values.js';
export { MARK_STYLES, INKS, type MarkStyle } from './pen-marks.js';
export type { DigitSource } from './handwriting.js';
export type { BoxMark } from './fill-page.js';
export { createRng, hashSeed, type Rng } from '../model/index.js';
export { generateFamilyLinkBatch, type FamilyLinkBatchRequest, type FamilyLinkBatch, type FamilyLinkSimSheet, type FamilyLinkTruth } from './family-link-batch.js';
export { simulateFamilyLinks, type SimulatedFamilyLinks } from './simulate-family-links.js';
