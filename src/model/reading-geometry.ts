/**
 * The reading geometry of a layout: registration marks, the QR placement and every field's boxes, in millimetres.
 * Exactly what the scanner reads and the fingerprint hashes; layout.ts makes it, fingerprint.ts and scan/ consume it.
 */
import type { FieldId, LeafField } from './form-definition.js';
import type { Rect } from './units.js';

export interface Mark { readonly xMm: number; readonly yMm: number; readonly sizeMm: number }
export interface QrPlacement { readonly xMm: number; readonly yMm: number; readonly sizeMm: number; readonly quietMm: number }

export type BoxShape = 'square' | 'circle' | 'cell' | 'area';
export interface BoxLayout extends Rect {
  readonly shape: BoxShape;
  /** Option value for checkbox and choice boxes; cell index for digit and word-grid cells. */
  readonly value?: string | number;
}

export interface FieldLayout {
  readonly id: FieldId;
  readonly kind: LeafField['kind'];
  readonly page: number;
  readonly boxes: readonly BoxLayout[];
}
