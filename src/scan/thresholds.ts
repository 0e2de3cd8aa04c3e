/**
 * Every tuned constant of recognition, with its unit and the reason for its value (as SDAPS' defs.py).
 * Tuned on simulator output and training/validation data by `npm run bench`, never on a test split.
 */

import type { DigitsPreset } from '../model/index.js';

// ── Digits (handwritten comb cells) ─────────────────────────────────────────────────────────────────────────

/** The digit rules as tune-digits.ts printed them for the shipped nets (see the constants below for what each means). */
const TUNED = {
  cell: 0.9999,
  // 1.01: no confidence suffices (a ten-digit phone number with one misread digit still passes its checks).
  field: { date: 0.991, dob: 0.9965, time: 0.98, postcode: 0.991, phone: 1.01, count: 0.95, plain: 0.9915 },
  sum: 0.6,
} as const;


/** Resolution at which scan samples a digit cell (crop = cell rectangle + margin). 8 px/mm puts a 0.35 mm border at ~3 px. */
export const DIGIT_CROP_PX_PER_MM = 8;
/** Paper sampled around the cell rectangle on every side, so the whole border is inside the crop at ±0.5 mm registration error. */
export const DIGIT_CROP_MARGIN_MM = 1;
/** How far a printed border may sit from where registration says it is (registration error plus print drift). */
export const DIGIT_BORDER_SEARCH_MM = 0.8;
/** A row/column is a border line when at least this share of its span is dark: handwriting rarely covers 55 % of a cell side. */
export const DIGIT_BORDER_MIN_COVERAGE = 0.55;
/** A horizontal border candidate must run across the crop at least this share of the longest candidate's length:
 * printed lines continue into the neighbour cells (~100 %), the bar of a 7 or 5 written next to the border stays inside
 * the cell (≤ 75 %). Among the candidates this long the innermost wins (a neighbour's or table's line is outside). */
export const DIGIT_BORDER_MIN_LENGTH_SHARE = 0.9;
/** The same for vertical lines, stricter: comb lines stop at the cell's top and bottom, so a thick "1" written along
 * one (up to ~90 % of the cell height) reaches 90–96 % of the line's length. At 0.9 it was taken for the border,
 * wiped, and the cell read as a confident blank (the "1 along the border" error). */
export const DIGIT_BORDER_TIE_SHARE = 0.98;
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
/** The first look at a comb cell (digit-ink.ts): a row or column dark over at least this share of its length is a
 * printed line (or a fax streak), not writing. A handwritten "1" spans at most ~90 % of the cell's height (the
 * simulator draws digits 70–90 % tall), ~93 % of the span between the lines: 0.97 keeps it as writing. */
export const DIGIT_LINE_MIN_COVERAGE = 0.97;
/** Pixels next to a found line left out of the first look: its blurred flank, and the partial column a line tilted by
 * a pixel over the cell's height leaves beside it. A stroke against the border is wider (0.3 mm ≥ 2.4 px). */
export const DIGIT_LINE_FLANK_PX = 2;
/** How much wider than on its clear rows the dark run from a line inwards may be before the extra counts as ink: a line
 * tilted by a pixel over the cell's height (registration, paper curl) widens it by one on part of the rows. */
export const DIGIT_LINE_TILT_PX = 1;
/** Rows in a row (px at 8 px/mm) a widening along a line must last to count as a stroke: 0.5 mm, a tenth of the
 * shortest digit, while noise and JPEG ringing widen the run on single rows. */
export const DIGIT_STROKE_MIN_ROWS = 4;
/** Faint-or-darker 2×2 blocks inside the cell from which the first look says "ink here" and the cell is read. A thin
 * "1" (0.3 mm × 6 mm) gives ~100; see DIGIT_INK_SEEN_MIN_PX's test and the bench's blank-cell figures. */
export const DIGIT_INK_SEEN_MIN_PX = 12;
/** Largest slant (horizontal shift per unit height) that deskewing corrects; larger estimates come from odd shapes, not slant. */
export const DIGIT_MAX_DESKEW_SLOPE = 0.6;
/** Confidence of a cell read as blank. Asserted, not calibrated: above DIGIT_ACCEPT_MIN_CONFIDENCE so clean blanks pass; the bench measures blanks and lost digits. */
export const DIGIT_BLANK_CONFIDENCE = 0.99995;
/** Relative darkness of a faint mark: below ink (DIGIT_INK_MIN_DARKNESS) but well above paper noise (< 0.05 on phones). */
export const DIGIT_FAINT_INK_MIN_DARKNESS = 0.1;
/** A cell without ink but with at least this share of faint area (2×2 faint blocks) is not a sure blank: it goes to
 * review with blank as the guess. Measured on validation renders (seed 4242): digits lost as blank measure 0.005–0.094
 * (5 of 6 ≥ 0.012); true blank cells (harsh and simulator-style, scan and phone, 4,000) measure at most 0.0093. */
export const DIGIT_FAINT_MAX_BLANK_RATIO = 0.012;
/** Ceiling on confidence for a faint mark between the blank and present ink ratios, so it always goes to review. */
export const DIGIT_AMBIGUOUS_MAX_CONFIDENCE = 0.5;
/** A cell is sure at or above this calibrated probability: the mean of the ensemble members' softmax outputs
 * (models/digits-v2.json, each member at its own fitted temperature). A cell below it shows as '?' in the field's value
 * and the synthetic bench counts cells against it. Derived by `node dist/scripts/tune-digits.js MEMBERS…` on the
 * VALIDATION half of MNIST's test digits only (5,000 digits by writers the training set does not contain, rendered 10
 * times each as simulator-style and harsh cells, scan and phone): the lowest value whose accepted cells stay within
 * 0.1 % wrong (one-sided 95 % Wilson upper limit, each validation digit one trial since its renders are not
 * independent), pooled and within every capture condition. */
export const DIGIT_ACCEPT_MIN_CONFIDENCE = TUNED.cell;
/** A field is accepted when its value passes its preset's checks (decide-digits.ts validateDigits: dates and times in
 * range, full postcodes, Dutch phone numbers, counts right-aligned) and its least sure cell reaches its preset's value
 * here. What the form knows is evidence: a misread that breaks a date or a time is caught by the check, so such a
 * preset can accept at a lower confidence than a free number. Each is the lowest value at which fields of that preset,
 * assembled from the validation cells with values as people write them (tune-digits.ts), stay within 0.3 % wrong
 * among accepted fields (95 % Wilson upper limit), pooled and within every capture condition. */
export const DIGIT_FIELD_ACCEPT_MIN_CONFIDENCE: Readonly<Record<DigitsPreset, number>> = TUNED.field;
/** Counts in a form's sum check (household bands and total) whose values add up are accepted together when every
 * cell reaches this (check-fields.ts acceptBySumChecks). Tuned like the presets on validation households in which one
 * writer's repeated digit is the same written cell, so that equal misreads in a band and the total (which still add
 * up) are counted as the errors they are. */
export const DIGIT_SUM_ACCEPT_MIN_CONFIDENCE = TUNED.sum;
/** A recurring field (`recursAtSite`: site code, volunteer number) is a candidate for agreement across the site's
 * sheets (model/site-agreement.ts) when it is whole and every cell reaches this. Not tuned: the same floor as the
 * sum check, whose evidence is weaker (a sum can hold with two compensating misreads; agreement needs the whole
 * number to equal, digit for digit, a value two other sheets of the site carry as settled). At 0.6 the top reading
 * is the reading of the cell by a wide margin; below it two digits compete and a person should look. */
export const DIGIT_SITE_AGREEMENT_MIN_CONFIDENCE = TUNED.sum;
/** Widest a printed 0.35 mm border line gets once blurred by a phone: wiping wider would eat strokes alongside it. */
export const DIGIT_BORDER_MAX_WIDTH_MM = 0.75;
/** A row/column beside a found border line belongs to the (blurred) line when its coverage along the crop reaches
 * this share of the line's: blur darkens a line's flank evenly all along, a stroke written along the border covers
 * only part of the side (was 0.6, which let a "1" or the side of a "0" along the border be wiped with the line). */
export const DIGIT_BORDER_FLANK_MIN_SHARE = 0.85;
/** Birth years a dob field accepts without review: the oldest living people were born after 1900; a year after
 * DOB_MAX_YEAR is a misread (or a date of today written in the wrong box). Checked without a clock, so it stays pure. */
export const DOB_MIN_YEAR = 1900;
export const DOB_MAX_YEAR = 2035;

// ── Registration and marks ──────────────────────────────────────────────────────────────────────────────────
/** Detection copy: raw pixels box-shrunk by the largest integer factor that keeps the long side ≥ this (px).
 * Marks (8 mm) stay ≥ 30 px wide and QR modules ≥ 3.5 px on an A4 page filling the frame, and blob search and the first QR attempt cost a few ms instead of 50+.
 * (1100 would shrink 300 dpi scans 3× instead of 2×; not taken: registration was tuned on simulator corpora at 1200.) */
export const DETECTION_LONG_SIDE_PX = 1200;
/** Box-shrink factor never above this: a 8 mm disc must keep ≥ 20 px at the smallest page we accept. */
export const MAX_DETECTION_FACTOR = 4;
/** Half-widths of the windows searched around each predicted mark centre (mm), stage by stage: the QR corners
 * alone predict the far marks within ~20 mm on a flat scan, but a 20–35° phone perspective puts them 30–60 mm off;
 * after each stage the model is refitted through the marks found, so later, wider windows centre on better guesses. */
export const MARK_SEARCH_STAGES_MM = [20, 45, 80] as const;
/** Dark-blob thresholds tried in a mark's search window, as a share of the way from its darkest ink (2nd percentile)
 * to its paper (90th): halfway first; a shadow band over a mark (paper at 40–55 % of the light) drops the paper
 * around the disc below halfway, so 0.3 isolates the disc's core (ink stays < 15 % of the light) from the shadowed paper. */
export const MARK_THRESHOLD_SHARES = [0.5, 0.3] as const;
/** Quiet zone checked around a disc candidate (mm outside its edge): the layout keeps ≥ 3 mm of blank paper around
 * every mark; 1 mm clears the disc's own blur (motion blur ≤ 0.9 mm on phone-poor). A candidate with more than
 * MARK_QUIET_MAX_DARK_SHARE of that ring dark is a blurred word or a box, not the mark (a wrong "mark" 35 mm off
 * was fitted on a phone-poor tuning page: a heading blurred into a disc-sized blob, 9 % of its ring dark; real
 * marks measure 0.0 on the tuning pages). */
export const MARK_QUIET_INNER_MM = 1;
export const MARK_QUIET_OUTER_MM = 2.5;
export const MARK_QUIET_MAX_DARK_SHARE = 0.03;
/** Half-size of the opening (erode + dilate) used when no disc stands alone: removes lines up to ~1 mm thick
 * (fax streaks 1–3 px, pen strokes, folds) that touch the 8 mm disc, which survives it. */
export const MARK_OPENING_MM = 0.5;
/** A dark blob counts as the registration disc when its area is within this factor of the area the current model
 * predicts. Ink spread and toner loss change the area by ±30 %; but the first models come from the QR corners (or
 * marks on one edge) and miss the perspective's change of scale across the page: on a 25–35° tilted phone-poor
 * tuning photo the far mark was 1.5× larger in diameter (2.2× in area) than predicted and was rejected at 1.7.
 * The quiet-zone test (MARK_QUIET_*) keeps blurred words out; a QR finder square is rejected by fill. When the search
 * has several models (affine and homography through one band of the page), the band spans all their predicted areas:
 * on a 29° tilted tuning photo with two marks in a shadow the near marks were 0.3× what the homography predicted and
 * 2.8× what the affine fit predicted, and were refused by both. */
export const MARK_AREA_MIN_RATIO = 0.4;
export const MARK_AREA_MAX_RATIO = 2.6;
/** Disc area / bounding-box area: π/4 = 0.785 for a disc; a filled square is 1.0, a ring or tick far less. */
export const MARK_FILL_MIN = 0.62;
export const MARK_FILL_MAX = 0.92;
/** Bounding-box aspect (long/short) of a disc under perspective stays well under this. */
export const MARK_MAX_ASPECT = 1.6;
/** Residual of the final fit (max over points, mm). Below WEAK: sure registration. Between: registered but
 * every value is less sure (registration-weak). Above FAIL: rejected; a 2 mm error is a third of a checkbox. */
export const REGISTRATION_WEAK_RESIDUAL_MM = 0.8;
export const REGISTRATION_FAIL_RESIDUAL_MM = 2.0;
/** A located box outline is confirmed when its path is at least this many grey steps darker than the same path
 * OUTLINE_CHECK_OFFSET_MM outside it: tuning seed 4242 phone-poor outlines measure ≥ 25 (in a deep shadow band),
 * median ~105; blank paper measures ~0 ± noise. */
export const OUTLINE_MIN_CONTRAST = 12;
/** Registration from the page's own outlines (a curled page, or a mark missing): the refit through marks, QR and
 * confirmed outlines drops outlines it misses by more than OUTLINE_FIT_OUTLIER_MM (a box located on a neighbour's
 * line, a tick along the outline) and is trusted when at least OUTLINE_FIT_MIN_COUNT outlines and
 * OUTLINE_FIT_MIN_SHARE of the page's boxes and cells remain, all within REGISTRATION_WEAK_RESIDUAL_MM of the fit.
 * A share of 0.7: shadows, black-outs and digits written over the cell borders hide up to ~20 % of outlines. */
export const OUTLINE_FIT_OUTLIER_MM = 1;
export const OUTLINE_FIT_MIN_COUNT = 8;
export const OUTLINE_FIT_MIN_SHARE = 0.7;
/** A page registered from 3 marks is refused unless at least this share of its boxes and cells is confirmed where
 * the fit puts them: with the QR beside one mark, 3 marks fit a wrong blob as the third with a small residual
 * (bench seed 7301, n30: a blob 39 mm from the prediction taken as a mark, residual 0.35 mm, 9 of 89 outlines
 * confirmed; curled but correct fits confirm 90–99 % of outlines on the tuning pages). */
export const OUTLINE_MISSING_MARK_MIN_SHARE = 0.5;
/** Local registration (a page that is no plane: curled, bowed): a correction field through the offsets of marks, QR
 * corners and confirmed box outlines (local-correction.ts). Its weights fall to a quarter at LOCAL_CORRECTION_RADIUS_MM:
 * a curl bends over 50–150 mm (simulator: displacement ∝ distance³ from the flat edge), boxes sit 6–15 mm apart, so
 * 20 mm lets each field follow its own neighbourhood while a lone wrong anchor is outvoted by several right ones. */
export const LOCAL_CORRECTION_RADIUS_MM = 20;
/** An anchor whose offset the field through all other anchors misses by more than this (mm) is dropped (a box located
 * on a neighbour's line or a table rule, a blob taken for a mark); the same bound as a weak registration residual. */
export const LOCAL_ANCHOR_MAX_DEVIATION_MM = 0.8;
/** Rounds of locate-boxes → refit: each round finds the outlines within BOX_LOCATE_REACH_MM of the corrected prediction,
 * which then moves the prediction for the boxes further in (a 5 mm curl is 2–4 mm off the page-wide fit mid-edge). */
export const LOCAL_ROUNDS = 4;
/** Local registration is trusted when at least this share of the page's boxes and cells is confirmed and consistent
 * (as OUTLINE_FIT_MIN_SHARE: shadows, black-outs and digits over the cell borders hide up to ~20 % of outlines). A
 * page where it is not trusted is refused (registration-failed), as before. */
export const LOCAL_FIT_MIN_SHARE = 0.7;
/** A box not found in one round is searched again only when the correction at its place moved at least this far (mm):
 * the ±BOX_LOCATE_REACH_MM search already covered the old prediction's surroundings (saves ~3/4 of the searches on
 * a page where the fit goes wrong). */
export const LOCAL_RETRY_MIN_MOVE_MM = 0.5;
/** Candidate starting fits (all marks; with four marks, each leaving one out) are ranked by how many of about this
 * many boxes spread over the page they confirm, so the fit without a wrong "mark" is usually tried first. */
export const LOCAL_SAMPLE_BOXES = 24;
/** A page registered surely from four marks is still registered locally when a spread sample of its checkboxes is
 * located this far (mm) from the marks' fit or further: flat pages locate within ~1 mm (phone-good, scan-300), a curl
 * the marks' fit absorbs moves mid-edge boxes to the search's 2.5 mm end, where they are not trusted (read-checkbox). */
export const LOCAL_TRIGGER_DRIFT_MM = 2;
/** The sample is located on a 0.5 mm grid (a quarter of the searches of BOX_LOCATE_STEP_MM): it only has to tell a
 * 2.5 mm drift from a flat page's ≤ 1 mm, and costs every page (≈ 8 ms instead of ≈ 19 ms per 300-dpi scan, measured under load). */
export const LOCAL_TRIGGER_STEP_MM = 0.5;
/** A 1-bit capture (scanner set to black and white, a fax) holds almost no grey: a page is called bilevel when at most
 * BILEVEL_MAX_MIDTONE_SHARE of its pixels (sampled every BILEVEL_SAMPLE_STEP_PX px both ways) lie between
 * BILEVEL_MIDTONE_MIN and BILEVEL_MIDTONE_MAX. Measured on tuning seed 4242 (4 pages each): 1-bit scans and faxes
 * 0.00 % (0.1 % after re-encoding one as JPEG quality 50); greyscale 300 dpi scans 1.8–3.0 % (anti-aliased print
 * edges); phone photos 30–65 %. Only advice hangs on it (scan light pencil in greyscale), never a reading. */
export const BILEVEL_MIDTONE_MIN = 64;
export const BILEVEL_MIDTONE_MAX = 192;
export const BILEVEL_MAX_MIDTONE_SHARE = 0.003;
export const BILEVEL_SAMPLE_STEP_PX = 5;
/** Fewer pixels per mm than this cannot separate a tick from a box outline (≈ 64 dpi). A page printed at
 * "fit to page" (e.g. 97 %) shrinks marks, QR and boxes alike about one point: the homography absorbs it, so
 * only resolution is checked, not the printed scale (which a photo cannot measure without a known dpi). */
export const MIN_PX_PER_MM = 2.5;
/**
 * Fields of a page decoded at half size (load-image.ts HALF_SIZE_MIN_LONG_SIDE_PX) are read from it only when the
 * registered page has at least this many px/mm (≈ 100 dpi); below, the page is decoded whole and read again. Half of a
 * 300-dpi scan has 5.9; half of a 12 MP phone photo 4.3–6.0 (the page fills 60–85 % of the frame). Tuning seed 4242
 * (phone-good, phone-poor, scan-300): at 4 px/mm instead of 5.5 (which sent most photos back to a whole decode) tick
 * fields read the same but for 3 more phone-poor fields in review (marginal marks), 0 wrong among accepted either way.
 * Digit fields are safe at any of these: one not sure at half size is read again from the whole pixels.
 */
export const HALF_SIZE_FIELD_MIN_PX_PER_MM = 4;
/** A page whose detection copy has fewer dark pixels than this fraction has nothing printed on it: blank-page. */
export const BLANK_PAGE_MAX_DARK_FRACTION = 0.002;
/** Dark for the blank-page test: this far below the page's bright level (0..255 grey steps). */
export const BLANK_PAGE_DARK_STEP = 80;
/** jsqr (last QR fallback) runs on a copy with this long side (px): slow and memory-hungry at full size. */
export const JSQR_LONG_SIDE_PX = 1000;
/** Fax line errors (fax-streaks.ts; a QR retry only after every reader missed). A pixel is dark below
 * FAX_STREAK_DARK_LEVEL (grey 0..255: 1-bit pages are 0 or 255, JPEG ringing stays far from mid-grey). A streak row
 * holds a dark run (bridging up to FAX_STREAK_GAP_PX light px of speckle: faxes flip 0.2–0.6 % of pixels) of at least
 * FAX_STREAK_MIN_RUN_SHARE of the image width: the code is 25 mm, ≤ 12 % of a page's width (A4 portrait 210 mm), so no
 * run of its modules is that long, while a line error runs on through the quiet zone; likewise no row through the code
 * is light that far, so a light run that long with print ≤ FAX_STREAK_MAX_ROWS above and below is a white line error
 * cutting it (findCutPixels; on a tuning fax page a 4-row white line through a finder row stopped zxing, with and
 * without tryDenoise, in 9 of 67 places across the code, mended in all). Printed rules pass too: mending
 * them is harmless, the copy only feeds the QR reader. A band of such rows is a streak when at most FAX_STREAK_MAX_ROWS
 * tall (px: the tuning fax pages, seed 4242, showed 1–4 scanline streaks; a module at 200 dpi is ≥ 5 px, so copying
 * the rows beside a band over it never erases a whole module row); taller is a bar, a background or a shadow. */
export const FAX_STREAK_DARK_LEVEL = 128;
export const FAX_STREAK_GAP_PX = 2;
export const FAX_STREAK_MIN_RUN_SHARE = 0.2;
export const FAX_STREAK_MAX_ROWS = 6;
/** Deblurred QR attempt (the chain's last, only when every other reader found nothing): the code's crop keeps this much
 * paper (mm) beyond its quiet zone, since the square is placed from the corner discs alone. */
export const QR_CROP_MARGIN_MM = 6;
/** A motion blur shorter than this (px, after the offset below) is not what stops the readers (they read 1–2 px of
 * smear): no attempt. */
export const DEBLUR_MIN_LENGTH_PX = 4;
/** The disc-edge measure (estimateMotionBlur) reads a shake short: the focus blur on top rounds the edge ramp. On 8
 * tuning photos (seed 4242, shakes of 4–11 px) it read 1.7–4.3 px short, 2.75 on average: added before deconvolving. */
export const DEBLUR_LENGTH_OFFSET_PX = 2.75;
/** Richardson–Lucy rounds after which the reader tries the estimate: a tuning photo (11 px shake at 63°, 6–7 px
 * modules, JPEG 50) read after 25–30 rounds with kernels near the true one; more rounds amplify the JPEG noise. */
export const DEBLUR_SNAPSHOTS: readonly number[] = [20, 30];
/** Kernels tried around the measured blur, [Δlength px, Δangle °], nearest first. With the tuning photo's code the
 * reader needs the kernel within ~1 px and ~5° of the shake (10.5–12.5 px at 58–64° read, 9.5 px or 70° did not),
 * while the measure errs by ±1.5 px and ±4°. At most 15 × 2 reads, only on a page no other attempt read. */
export const DEBLUR_VARIANTS: readonly (readonly [number, number])[] = [
  [0, 0], [-1, 0], [1, 0], [0, -4], [0, 4], [-1, -4], [-1, 4], [1, -4], [1, 4], [-2, 0], [2, 0], [-2, -4], [-2, 4], [2, -4], [2, 4],
];

// ── Checkboxes and choices ──────────────────────────────────────────────────────────────────────────────────
/** The printed outline is 0.35 mm wide; reading starts this far inside the box edge so that 0.5 mm of
 * registration error still keeps the outline out of the measured area. */
export const BOX_INSET_MM = 0.9;
/** Local refinement of each box: the outline is searched this far (mm) around its registered place, at this pitch.
 * A curled page (1.5–5 mm lift) moves boxes up to ~2.5 mm from the page-wide fit; 0.25 mm keeps the outline (0.35 mm)
 * inside one step. */
export const BOX_LOCATE_REACH_MM = 2.5;
export const BOX_LOCATE_STEP_MM = 0.25;
/** A shifted outline must be this much darker (mean grey steps along the path) than the registered one to be taken:
 * on a well-registered box the outline scores ~60–150 above its surroundings, paper noise a few steps. */
export const BOX_LOCATE_MIN_GAIN = 8;
/** A box whose located offset differs from the median offset of its field's boxes by more than this (mm, either
 * axis) was not found: neighbours in one group lie within ~60 mm, where curl and perspective move boxes alike
 * (≤ 1.25 mm apart on phone-poor tuning pages, 0 on phone-good/scan-300); a lone outlier of 2.5–3.25 mm latched
 * onto a neighbour's outline, a label or a shadow edge, and read empty boxes as ticked. Such a box → review. */
export const BOX_LOCATE_MAX_GROUP_DEVIATION_MM = 1.5;
/** Outline confirmation: the located outline path is compared with the same path this far (mm) outside and inside. */
export const OUTLINE_CHECK_OFFSET_MM = 0.8;
/** Pitch of the sample grid inside a box (mm): ~18 × 18 samples in a 5.5 mm box, finer than a 0.4 mm pen line. */
export const BOX_SAMPLE_STEP_MM = 0.2;
/** The local paper level is read in a ring this far outside the box edge (mm): clear of the outline, nearer than labels. */
export const PAPER_RING_INNER_MM = 0.5;
export const PAPER_RING_OUTER_MM = 1.3;
/** Percentile of a ring piece's samples taken as paper: robust to a label letter or a stroke crossing the ring. */
export const PAPER_RING_PERCENTILE = 0.8;
/** Pieces per side of the ring, each giving one paper point of the plane fitted across the box: 3 per side (12
 * points, ~2 mm pieces) follow a shadow edge's gradient (soft over 10–30 mm on phone-poor) and still hold enough
 * samples (~25) each for the percentile to ignore a crossing label stroke. */
export const PAPER_RING_SEGMENTS = 3;
/** Sample pitch in the paper ring (mm). */
export const PAPER_RING_STEP_MM = 0.2;
/** A sample is "dark" when it has at least this much ink (0 = local paper, 1 = the marks' ink). */
export const DARK_SAMPLE_INK = 0.5;
/** Local paper is never taken darker than the marks' ink plus this many grey levels: inside a black-out or a dark
 * band the "paper" around a box is ink too, and measuring against it would call the box empty. */
export const PAPER_MIN_LEVELS_OVER_INK = 40;
/** Fewest grey levels between paper and ink an ink measure divides by: on a page with almost no contrast, noise
 * would otherwise read as full ink. */
export const INK_SPAN_MIN_LEVELS = 20;
/** Percentile of a box's inner sample inks taken as its peak; peakContrast = peak − median ink of the box. 5 % of a
 * 5.5 mm box's inner area is a 0.2 mm wide line across it: the thinnest tick still reaches the percentile. */
export const PEAK_INK_PERCENTILE = 0.95;
/** strokeFraction counts inner samples at least this much ink above the box's median ink (0..1 ink units). */
export const STROKE_SAMPLE_CONTRAST = 0.2;
/** Scanner/fax streaks (1–3 px dark rows across the whole page, fax-200 profile; real fax lines do this): a row of
 * a box's inner sample grid with at least STREAK_ROW_MIN_COVERAGE of its samples at STREAK_SAMPLE_MIN_INK or more,
 * and ink as strong just outside the outline on both sides, is a streak and is left out of the box's measures
 * (tuning seed 4242: 8 empty fax boxes crossed by a streak read as ticks). A sample counts as inked for a row when
 * it or the sample above or below is (a streak on a skewed page drifts across rows). A 1 px streak at 200 dpi spreads over two
 * 0.2 mm sample rows at half ink each, hence 0.3. More than STREAK_MAX_ROWS such rows (of ~18; one streak flags 3–5) is a black-out, not a streak. */
export const STREAK_SAMPLE_MIN_INK = 0.3;
export const STREAK_ROW_MIN_COVERAGE = 0.85;
export const STREAK_MAX_ROWS = 8;
/** Tick mode, empty: peakContrast below EMPTY_MAX_CONTRAST (nothing stands out of the box's own background) and mean
 * ink below EMPTY_MAX_INK. Tuning seed 4242: empty boxes peak ≤ 0.075 (phone-poor; ≤ 0.008 on scan-300), mean ink of
 * empty boxes under a shadow edge or heavy motion blur ≤ 0.11 (95 %) once the paper level is a plane across the box;
 * every pen style has peakContrast ≥ 0.18 (light pencil on phone-poor) or mean ink ≥ 0.24 (dense scribbles, whose
 * median is ink). A grey box above EMPTY_MAX_INK without a stroke is marginal → review. */
export const TICK_EMPTY_MAX_CONTRAST = 0.1;
export const TICK_EMPTY_MAX_INK = 0.12;
/** Tick mode, marked by darkness: mean ink ≥ MARKED_MIN_INK with ≥ MARKED_MIN_DARK_FRACTION of inner samples at stroke
 * darkness (DARK_SAMPLE_INK): a single 0.4 mm stroke across the inner area gives ≥ 0.1 mean ink; dense scribbles and
 * heavy ticks pass here. (VxSuite uses 0.05/0.07 for filled ovals; ticks cover less area, so the band sits higher.) */
export const TICK_MARKED_MIN_INK = 0.08;
export const TICK_MARKED_MIN_DARK_FRACTION = 0.02;
/** Tick mode, marked by contrast: peakContrast ≥ STROKE_MIN_CONTRAST and strokeFraction ≥ STROKE_MIN_FRACTION.
 * A blurred, small or off-centre tick on a hurried photo stays below half ink (no "dark" sample) but stands out of the
 * box: tuning seed 4242 ticks/crosses/small/off-centre peak ≥ 0.28 with stroke share ≥ 0.08; empty boxes ≤ 0.075
 * and 0 (one box measured on a neighbour's outline excepted, caught by BOX_LOCATE_MAX_GROUP_DEVIATION_MM). Light
 * pencil on phone-poor (peak 0.18–0.27) stays below: marginal → review. */
export const TICK_STROKE_MIN_CONTRAST = 0.3;
export const TICK_STROKE_MIN_FRACTION = 0.06;
/** Tick mode: a box read as marked with a confidence below this is marginal → review. The confidence is 0.5 at the
 * marked thresholds and rises over 0.06 mean ink, 0.2 peak contrast and 0.06 stroke share above them; a box that
 * clears them by less than a tenth of that is as likely noise as a stroke. Tuning seed 4242 (fax-200, 150 pages):
 * the 4 empty boxes read as marked (the remains of a fax streak the mask missed, salt-and-pepper clusters) all
 * measured 0.50–0.51, while 5 of 460 true marks fell below 0.55 (scribbles near the black-out band, small ticks). */
export const TICK_MARKED_MIN_CONFIDENCE = 0.55;
/** Band just outside a box's edge (mm) where a black-out's ink overruns the box: the printed 0.35 mm outline ends
 * 0.18 mm outside the edge, a box filled in to mark it stops at the outline, a box blacked out covers the outline too. */
export const OVERRUN_BAND_INNER_MM = 0.3;
export const OVERRUN_BAND_OUTER_MM = 0.55;
/** Tick mode: dark over at least this share of the inner area = filled or blacked out; which one the overrun says. */
export const CANCEL_MIN_DARK_FRACTION = 0.85;
/** A dark box whose overrun band is dark over at least this share is blacked out = cancelled (the printed rule):
 * black-outs measure 0.05–0.55 on simulated scans; an overflowing tick crosses the band in one stroke (≤ 0.07).
 * A dark box with less overrun was blacked out inside its outline: a cancel where other boxes of its field carry ticks
 * or crosses, else cancel-unclear → review (it may have been filled in to mark it, against the rule). */
export const CANCEL_MIN_OVERRUN = 0.15;
/** Tick mode: between this and CANCEL_MIN_DARK_FRACTION a box is a heavy mark that is neither a tick nor a black-out:
 * review, whatever the rest of its field says. A dense scribble meant as a mark and a box scribbled over to cancel it
 * measure too close to tell apart (tuning seed 4242: scribbles meant as marks up to 0.61 on scan-200-bw, scribbled
 * cancels 0.69–0.91; an e2e test scan had a scribbled mark above 0.7), so only a box dark over CANCEL_MIN_DARK_FRACTION
 * is read as a cancel from its context (readCheckboxField). */
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
/** Resolution of the upright page image kept for the review zoom view (px/mm ≈ 100 dpi). */
export const PAGE_IMAGE_PX_PER_MM = 4;
