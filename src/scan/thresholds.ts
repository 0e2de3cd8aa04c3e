/**
 * Every tuned constant of recognition, with its unit and the reason for its value (as SDAPS' defs.py).
 * Tuned on simulator output and training/validation data by `npm run bench`, never on a test split.
 */

// ── Digits (handwritten comb cells) ─────────────────────────────────────────────────────────────────────────

/** Resolution at which scan samples a digit cell (crop = cell rectangle + margin). 8 px/mm puts a 0.35 mm border at ~3 px. */
export const DIGIT_CROP_PX_PER_MM = 8;
/** Paper sampled around the cell rectangle on every side, so the whole border is inside the crop at ±0.5 mm registration error. */
export const DIGIT_CROP_MARGIN_MM = 1;
/** How far a printed border may sit from where registration says it is (registration error plus print drift). */
export const DIGIT_BORDER_SEARCH_MM = 0.8;
/** A row/column is a border line when at least this share of its span is dark: handwriting rarely covers 55 % of a cell side. */
export const DIGIT_BORDER_MIN_COVERAGE = 0.55;
/** Relative darkness (paper − pixel) / paper at which a pixel counts as ink: ink at 120 on paper at 180 is 0.33, paper noise stays < 0.15. */
export const DIGIT_INK_MIN_DARKNESS = 0.22;
/** Relative darkness that counts as full ink when paper and ink levels cannot be estimated from the crop (blank-looking cells). */
export const DIGIT_INK_FULL_DARKNESS = 0.5;
/** Ink components smaller than this are specks (dust, JPEG noise, pen touch-downs): 0.25 mm² at 8 px/mm. */
export const DIGIT_SPECK_MAX_AREA_PX = 16;
/** Components below this share of the cell's total ink are dropped as stray marks unless they touch the main stroke's box. */
export const DIGIT_STRAY_MAX_INK_SHARE = 0.06;
/** Below this ink ratio (ink area / cell area after border removal) a cell is blank: the smallest written "1" measures ~0.02. */
export const DIGIT_BLANK_MAX_INK_RATIO = 0.006;
/** Above this ink ratio a cell certainly holds a mark; between the two it is read but never accepted without review. */
export const DIGIT_PRESENT_MIN_INK_RATIO = 0.012;
/** Largest slant (horizontal shift per unit height) that deskewing corrects; larger estimates come from odd shapes, not slant. */
export const DIGIT_MAX_DESKEW_SLOPE = 0.6;
/** Confidence of a cell read as blank. Asserted, not calibrated: above DIGIT_ACCEPT_MIN_CONFIDENCE so clean blanks pass; the bench measures blanks and lost digits. */
export const DIGIT_BLANK_CONFIDENCE = 0.9995;
/** Ceiling on confidence for a faint mark between the blank and present ink ratios, so it always goes to review. */
export const DIGIT_AMBIGUOUS_MAX_CONFIDENCE = 0.5;
/** A cell is accepted without review at or above this calibrated probability: lowest value whose accepted validation cells stay under 0.05 % error (npm run train:digits prints it). */
export const DIGIT_ACCEPT_MIN_CONFIDENCE = 0.999;
/** Widest a printed 0.35 mm border line gets once blurred by a phone: wiping wider would eat strokes alongside it. */
export const DIGIT_BORDER_MAX_WIDTH_MM = 0.75;
