/**
 * What recognition says about a field: the measurements, the value, how sure, and why a person must look.
 * Every reader returns these; thresholds that turn metrics into values live in scan/thresholds.ts.
 */
import type { FieldId, LeafField } from './form-definition.js';

/** auto: read and sure · needs-review: a person must decide · reviewed: a person decided · empty: nothing written. */
export type FieldStatus = 'auto' | 'needs-review' | 'reviewed' | 'empty';

export type ReviewReason =
  | 'marginal-mark'        // a box is neither clearly empty nor clearly marked
  | 'several-choices'      // two or more options of a single choice are marked
  | 'cancel-unclear'       // a blacked-out box that is its field's only mark, or a heavy mark that is neither: cancel or meant?
  | 'digits-unsure'        // at least one digit cell is not confidently read
  | 'digits-out-of-range'  // the digits read, but break the preset's range (hour 27)
  | 'check-failed'         // a cross-field check (sum of bands ≠ total) failed
  | 'text-to-transcribe'   // handwriting for a person to key in
  | 'conflict'             // two captures of the same page disagree
  | 'registration-weak';   // page registered with a large residual: every value is less sure

/** Checkbox group: ticked option values. Choice: the option or null. Digits: the string ('?' per unread cell) or null. */
export type FieldValue = readonly string[] | string | boolean | null;

export type Metrics = Readonly<Record<string, number | string | boolean | readonly number[] | null>>;

/**
 * A page read's measurements, stored with its capture (captures.metrics_json). The ones code decides on or the
 * workspace queries by name are typed here; the steps' other measurements (QR attempts, registration residuals,
 * per-kind timings) ride along for the log, `inspect` and the bench, and nothing branches on them.
 */
export type PageMetrics = Metrics & {
  readonly imageWidth: number;
  readonly imageHeight: number;
  /** The image was shrunk by this factor for QR and mark detection. */
  readonly detectionFactor: number;
  /** Share of mid-grey pixels (0–1): almost none in a 1-bit capture. */
  readonly midToneShare: number;
  /** Captured in 1-bit black and white: light pencil may be lost (status advises greyscale; queried as `$.bilevel`). */
  readonly bilevel: boolean;
  /** Which QR decoder read the code (null: none did; absent: a keyed-in id, nothing decoded). */
  readonly qrDecoder?: string | null;
  readonly totalMs: number;
};

export interface FieldReading {
  readonly fieldId: FieldId;
  readonly kind: LeafField['kind'];
  readonly value: FieldValue;
  /** The machine's best guess where the value is not sure (shown to the reviewer, exported as `guess`). */
  readonly guess?: FieldValue;
  readonly status: FieldStatus;
  /** 0..1: how sure the reader is that `value` is right. */
  readonly confidence: number;
  readonly reasons: readonly ReviewReason[];
  readonly metrics: Metrics;
}

/** The value of an empty field of each kind (what is exported when nothing is written). */
export function emptyValue(kind: LeafField['kind']): FieldValue {
  return kind === 'checkbox' ? [] : null;
}
