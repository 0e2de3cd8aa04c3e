/**
 * Every tuned constant of recognition, with its unit and the reason for its value (as SDAPS' defs.py).
 * Tuned on simulator output and training/validation data by `npm run bench`, never on a test split.
 */

// ── Digits (handwritten comb cells) ─────────────────────────────────────────────────────────────────────────

/** Resolution at which scan samples a digit cell (crop = cell rectangle + margin). 8 px/mm puts a 0.35 mm border at ~3 px. */
export const DIGIT_CROP_PX_PER_MM = 8;
/** Paper sampled around the cell rectangle on every side, so the whole border is inside the crop at ±0.5 mm registration error. */
export const DIGIT_CROP_MARGIN_MM = 1;

// ── Registration and marks ──────────────────────────────────────────────────────────────────────────────────
/** Detection copy: raw pixels box-shrunk by the largest integer factor that keeps the long side ≥ this (px).
 * A 300 dpi A4 scan shrinks 3× (3.9 px/mm: marks 31 px wide, QR modules 3.4 px), a 150 dpi one not at all, and blob search and the first QR attempt cost a few ms instead of 50+. */
export const DETECTION_LONG_SIDE_PX = 1100;
/** Box-shrink factor never above this: a 8 mm disc must keep ≥ 20 px at the smallest page we accept. */
export const MAX_DETECTION_FACTOR = 4;
/** Half-width of the window searched around each predicted mark centre (mm): absorbs a coarse QR-corner fit
 * on a curled or tilted photo (a 0.5 mm error at a QR corner grows to ~8 mm at the far marks). */
export const MARK_SEARCH_HALF_MM = 20;
/** A dark blob counts as the registration disc when its area is within this factor of the printed disc's
 * (perspective, ink spread and toner loss change area by ±30 % at most; a QR finder square is rejected by fill). */
export const MARK_AREA_MIN_RATIO = 0.5;
export const MARK_AREA_MAX_RATIO = 1.7;
/** Disc area / bounding-box area: π/4 = 0.785 for a disc; a filled square is 1.0, a ring or tick far less. */
export const MARK_FILL_MIN = 0.62;
export const MARK_FILL_MAX = 0.92;
/** Bounding-box aspect (long/short) of a disc under perspective stays well under this. */
export const MARK_MAX_ASPECT = 1.6;
/** Mark found this far (mm) from its prediction is still trusted; further means the coarse fit was wrong. */
export const MARK_MAX_OFFSET_MM = 18;
/** Residual of the final fit (max over points, mm). Below WEAK: sure registration. Between: registered but
 * every value is less sure (registration-weak). Above FAIL: rejected; a 2 mm error is a third of a checkbox. */
export const REGISTRATION_WEAK_RESIDUAL_MM = 0.8;
export const REGISTRATION_FAIL_RESIDUAL_MM = 2.0;
/** Fewer pixels per mm than this cannot separate a tick from a box outline (≈ 64 dpi). A page printed at
 * "fit to page" (e.g. 97 %) shrinks marks, QR and boxes alike about one point: the homography absorbs it, so
 * only resolution is checked, not the printed scale (which a photo cannot measure without a known dpi). */
export const MIN_PX_PER_MM = 2.5;
/** A page whose detection copy has fewer dark pixels than this fraction has nothing printed on it: blank-page. */
export const BLANK_PAGE_MAX_DARK_FRACTION = 0.002;
/** Dark for the blank-page test: this far below the page's bright level (0..255 grey steps). */
export const BLANK_PAGE_DARK_STEP = 80;
/** jsqr (last QR fallback) runs on a copy with this long side (px): slow and memory-hungry at full size. */
export const JSQR_LONG_SIDE_PX = 1000;

// ── Checkboxes and choices ──────────────────────────────────────────────────────────────────────────────────
/** The printed outline is 0.35 mm wide; reading starts this far inside the box edge so that 0.5 mm of
 * registration error still keeps the outline out of the measured area. */
export const BOX_INSET_MM = 0.9;
/** Pitch of the sample grid inside a box (mm): ~18 × 18 samples in a 5.5 mm box, finer than a 0.4 mm pen line. */
export const BOX_SAMPLE_STEP_MM = 0.2;
/** The local paper level is read in a ring this far outside the box edge (mm): clear of the outline, nearer than labels. */
export const PAPER_RING_INNER_MM = 0.5;
export const PAPER_RING_OUTER_MM = 1.3;
/** Percentile of the ring samples taken as paper: robust to a label letter or a stroke crossing the ring. */
export const PAPER_RING_PERCENTILE = 0.8;
/** A sample is "dark" when it has at least this much ink (0 = local paper, 1 = the marks' ink). */
export const DARK_SAMPLE_INK = 0.5;
/** Tick mode: mean ink below EMPTY is an empty box (JPEG noise and outline bleed stay under 0.02); at or above
 * MARKED a tick or cross (a single 0.4 mm stroke across the inner area gives ≥ 0.1); between: marginal → review.
 * (VxSuite uses 0.05/0.07 for filled ovals; ticks cover less area, so the band sits a little higher.) */
export const TICK_EMPTY_MAX_INK = 0.04;
export const TICK_MARKED_MIN_INK = 0.08;
/** Tick mode: dark over at least this share of the inner area = blacked out = cancelled (the printed rule). */
export const CANCEL_MIN_DARK_FRACTION = 0.85;
/** Tick mode: between this and CANCEL_MIN_DARK_FRACTION a box is a heavy mark or a sloppy cancel: review. */
export const CANCEL_UNCLEAR_MIN_DARK_FRACTION = 0.6;
/** Fill mode: mean ink at or above this is a filled box; below FILL_EMPTY_MAX empty; between: marginal. */
export const FILL_MARKED_MIN_INK = 0.45;
export const FILL_EMPTY_MAX_INK = 0.08;

// ── Writing areas (text, signature, word grid, digit cells) ─────────────────────────────────────────────────
/** Crops for review: whole field area plus this margin (mm), at this resolution (px/mm ≈ 200 dpi). */
export const CROP_MARGIN_MM = 2;
export const CROP_PX_PER_MM = 8;
/** Writing is measured this far inside the printed outline (mm) and this far either side of printed rules. */
export const WRITING_INSET_MM = 1;
export const WRITING_RULE_CLEARANCE_MM = 0.6;
export const WRITING_SAMPLE_STEP_MM = 0.25;
/** Percentile of an area's own samples taken as its paper level: a writing area is mostly blank paper. */
export const WRITING_PAPER_PERCENTILE = 0.9;
/** Share of dark samples above which an area holds writing: one short handwritten word in an 8 mm line of a
 * 80 mm text box covers ~1 %; a clean blank scan stays under 0.05 %. */
export const WRITING_MIN_DARK_FRACTION = 0.004;
/** Signature: at least SIGNED dark share = signed; at most BLANK = not signed; between → review. */
export const SIGNATURE_SIGNED_MIN_DARK_FRACTION = 0.01;
export const SIGNATURE_BLANK_MAX_DARK_FRACTION = 0.002;
/** A digit cell with fewer dark samples than this share is blank (a "1" covers ~3 % of the inner cell). */
export const DIGIT_CELL_BLANK_MAX_DARK_FRACTION = 0.008;
/** Resolution of the upright page image kept for the review zoom view (px/mm ≈ 100 dpi). */
export const PAGE_IMAGE_PX_PER_MM = 4;
