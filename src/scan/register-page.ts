/**
 * Registration: QR corners give a coarse page → image homography (with the page's rotation), the four disc marks
 * are found around their predicted places, and the final homography is fitted to marks + QR corners.
 * Pure: takes grey images and layout geometry, returns a transform or the reason the page cannot be registered.
 */
import type { BoxLayout, FormLayout, GrayImage, Mark, Metrics } from '../model/index.js';
import {
  MARK_AREA_MAX_RATIO, MARK_AREA_MIN_RATIO, MARK_FILL_MAX, MARK_FILL_MIN, MARK_MAX_ASPECT, MARK_OPENING_MM,
  BOX_LOCATE_REACH_MM, MARK_QUIET_INNER_MM, MARK_QUIET_MAX_DARK_SHARE, MARK_QUIET_OUTER_MM, MARK_SEARCH_STAGES_MM, MARK_THRESHOLD_SHARES, MIN_PX_PER_MM,
  LOCAL_ANCHOR_MAX_DEVIATION_MM, LOCAL_CORRECTION_RADIUS_MM, LOCAL_FIT_MIN_SHARE, LOCAL_RETRY_MIN_MOVE_MM, LOCAL_ROUNDS, LOCAL_SAMPLE_BOXES, LOCAL_TRIGGER_DRIFT_MM, LOCAL_TRIGGER_STEP_MM, OUTLINE_FIT_MIN_COUNT, OUTLINE_FIT_MIN_SHARE, OUTLINE_MISSING_MARK_MIN_SHARE, OUTLINE_FIT_OUTLIER_MM, OUTLINE_MIN_CONTRAST, REGISTRATION_FAIL_RESIDUAL_MM, REGISTRATION_WEAK_RESIDUAL_MM,
} from './thresholds.js';
import type { InkLevels } from './ink.js';
import { darkBlobs, type Blob } from './dark-blobs.js';
import { locateBox } from './locate-box.js';
import { anchorDeviations, anchorFrom, correctionAt, localHomography, type CorrectionAnchor, type PageCorrection } from './local-correction.js';
import { applyHomography, fitAffine, fitHomography, invertHomography, localScale, type Correspondence, type Homography, type Point2 } from './transform.js';

export interface PageTransform {
  /** 9 values, page mm → full-image px. */
  readonly homography: readonly number[];
  /** Largest distance between a fitted and a found point (mm); 0 when the fit had no redundancy. */
  readonly residualMm: number;
  /** Image px per page mm at the page centre. */
  readonly scale: number;
  readonly marksFound: number;
  /** Found mark centres in full-image px, in layout order TL, TR, BR, BL (null: not found). */
  readonly marksPx: readonly (Point2 | null)[];
  /** Registered with a missing mark or a residual above REGISTRATION_WEAK_RESIDUAL_MM: every value less sure. */
  readonly weak: boolean;
  /** A page that is no plane (curled): the correction field through marks, QR and confirmed outlines; a field is read
   * through localHomography(homography, correction, its rectangle). Absent on a flat page. */
  readonly correction?: PageCorrection;
}

// InkLevels lives in ink.ts (below this module and read-checkbox.ts, which both need it); importers keep finding it here.
export type { InkLevels } from './ink.js';

export type Registration =
  | { readonly ok: true; readonly transform: PageTransform; readonly levels: InkLevels; readonly metrics: Metrics }
  | { readonly ok: false; readonly message: string; readonly metrics: Metrics };

const MARK_NAMES = ['top-left', 'top-right', 'bottom-right', 'bottom-left'] as const;

type MarkSearch =
  | { readonly kind: 'found'; readonly centre: Point2; readonly offsetMm: number; readonly levels: InkLevels }
  | { readonly kind: 'outside' }
  | { readonly kind: 'missing' };

/** The QR module-area corners on the page (mm), in the order TL, TR, BR, BL. */
export function qrCornersMm(layout: FormLayout): [Point2, Point2, Point2, Point2] {
  const { xMm, yMm, sizeMm } = layout.qr;
  return [{ x: xMm, y: yMm }, { x: xMm + sizeMm, y: yMm }, { x: xMm + sizeMm, y: yMm + sizeMm }, { x: xMm, y: yMm + sizeMm }];
}

/**
 * Registers a page from its decoded QR corners (full-image px, code order TL, TR, BR, BL). The detection copy is
 * the image box-shrunk by `factor`; blobs are searched there and their centres refined at full resolution.
 */
export function registerPage(image: GrayImage, detection: { image: GrayImage; factor: number }, layout: FormLayout,
  qrCornersPx: readonly Point2[], page?: number): Registration {
  const started = performance.now();
  const qrPairs: Correspondence[] = qrCornersMm(layout).map((page, index) => ({ page, image: qrCornersPx[index]! }));
  const coarse = fitAffine(qrPairs);
  if (!coarse) return { ok: false, message: 'The QR corners are degenerate: the code was found but its outline is not a square.', metrics: {} };
  // Widening search: the QR alone predicts far marks badly under perspective, so each stage refits the model through
  // the marks found so far and searches the missing ones in a wider window around the better prediction.
  // Two marks on one edge plus the QR lie in one band of the page: a homography through them may extrapolate wildly
  // across it (the far marks predicted outside the picture), an affine fit only drifts by the perspective's change of
  // scale. Each stage searches around both predictions; a wrong disc is caught by the final fit's residual.
  let models: Homography[] = [coarse];
  let searches: MarkSearch[] = layout.marks.map(() => ({ kind: 'missing' }));
  for (const halfMm of MARK_SEARCH_STAGES_MM) {
    searches = searches.map((search, index) => {
      if (search.kind === 'found') return search;
      let result: MarkSearch = { kind: 'missing' };
      // The models disagree most on the far marks' size (an affine fit keeps the near band's scale, a homography through
      // one band overshoots it): a disc is accepted at any size between what the models predict.
      const mark = layout.marks[index]!;
      const scales = models.map((model) => localScale(model, { x: mark.xMm, y: mark.yMm })).filter((scale) => scale > 0 && Number.isFinite(scale));
      const scaleRange = scales.length > 0 ? { min: Math.min(...scales), max: Math.max(...scales) } : undefined;
      for (const model of models) {
        result = searchMark(image, detection, model, mark, halfMm, scaleRange);
        if (result.kind === 'found') break;
      }
      return result;
    });
    const foundPairs = searches.flatMap((search, index) => (search.kind === 'found'
      ? [{ page: { x: layout.marks[index]!.xMm, y: layout.marks[index]!.yMm }, image: search.centre }] : []));
    if (foundPairs.length === 4) break;
    const affine = fitAffine([...foundPairs, ...qrPairs]);
    const projective = foundPairs.length >= 2 ? fitHomography([...foundPairs, ...qrPairs]) : undefined;
    const next = [projective, affine].filter((model): model is Homography => model !== undefined);
    if (next.length > 0) models = next;
  }
  // "Outside the picture" only when every model puts the mark there: an early prediction from the QR alone lands a
  // far mark 30–60 mm off under perspective, often beyond the frame's edge, while the mark itself is in the picture.
  searches = searches.map((search, index) => (search.kind === 'found' ? search
    : models.every((model) => predictedOutside(image, model, layout.marks[index]!)) ? { kind: 'outside' } : { kind: 'missing' }));
  return finishRegistration(image, layout, searches, qrPairs, started, page);
}

function finishRegistration(image: GrayImage, layout: FormLayout, searches: MarkSearch[], extraPairs: Correspondence[],
  started: number, page?: number): Registration {
  const found = searches.map((search, index) => ({ search, mark: layout.marks[index]! }))
    .filter((item): item is { search: Extract<MarkSearch, { kind: 'found' }>; mark: Mark } => item.search.kind === 'found');
  const metricsBase = {
    marksFound: found.length,
    markOffsetsMm: searches.map((search) => (search.kind === 'found' ? round2(search.offsetMm) : -1)),
  };
  if (found.length < 3) {
    const outside = searches.map((search, index) => (search.kind === 'outside' ? MARK_NAMES[index] : null)).filter(Boolean);
    const missing = searches.map((search, index) => (search.kind === 'missing' ? MARK_NAMES[index] : null)).filter(Boolean);
    const message = outside.length > 0
      ? `The page is cut off: the ${outside.join(' and ')} registration mark${outside.length > 1 ? 's are' : ' is'} outside the picture. Scan or photograph the whole page with a margin around it.`
      : `The ${missing.join(' and ')} registration mark${missing.length > 1 ? 's were' : ' was'} not found (covered, torn, folded or in shadow). Flatten the page, keep the four black discs visible and scan it again.`;
    return { ok: false, message, metrics: { ...metricsBase, registerMs: ms(started) } };
  }
  const pairs: Correspondence[] = [
    ...found.map(({ search, mark }) => ({ page: { x: mark.xMm, y: mark.yMm }, image: search.centre })),
    ...extraPairs,
  ];
  const markFit = fitHomography(pairs);
  if (!markFit) return { ok: false, message: 'The registration marks do not form a page outline.', metrics: { ...metricsBase, registerMs: ms(started) } };
  const residualMm = pairs.length > 4 ? Math.max(...pairs.map((pair) => {
    const predicted = applyHomography(markFit, pair.page);
    return Math.hypot(predicted.x - pair.image.x, predicted.y - pair.image.y) / localScale(markFit, pair.page);
  })) : 0;
  // A curled or bent page is no plane: marks and QR disagree with any homography by 1–5 mm although each was found
  // right. The page's own printed box outlines then say where the fields are: refit through them and trust the
  // fit by how well the outlines (not the marks) agree with it.
  const refined = page !== undefined && (found.length < 4 || residualMm > REGISTRATION_WEAK_RESIDUAL_MM)
    ? refineWithOutlines(image, layout, page, markFit, pairs) : undefined;
  // Still no single plane fits (a strong curl, or a wrong disc taken for a mark): each field is registered by its own
  // neighbourhood of confirmed outlines (registerLocally), from the marks' fit or, with four marks, a fit without one.
  // A curl the marks absorb (both corners of the curled edge move alike) leaves a small residual but moves the boxes
  // mid-edge by 3–5 mm, beyond where each box is searched: a spread sample of boxes shows it.
  const drifting = page !== undefined && !refined && found.length === 4 && sampleDriftMm(image, layout, page, markFit) >= LOCAL_TRIGGER_DRIFT_MM;
  const local = page !== undefined && ((refined && !refined.trusted) || drifting)
    ? localRegistration(image, layout, page, found.map(({ search, mark }) => ({ page: { x: mark.xMm, y: mark.yMm }, image: search.centre })), extraPairs)
    : undefined;
  const homography = refined?.trusted ? refined.homography : local?.trusted ? local.homography : markFit;
  const scale = localScale(homography, { x: layout.page.widthMm / 2, y: layout.page.heightMm / 2 });
  const levels = medianLevels(found.map(({ search }) => search.levels));
  const metrics = {
    ...metricsBase, residualMm: round2(residualMm), pxPerMm: round2(scale),
    ...(refined ? { outlinesUsed: refined.used, outlinesTried: refined.tried, outlineResidualMm: round2(refined.residualMm), outlineFitTrusted: refined.trusted } : {}),
    ...(local ? { localAnchors: local.used, localTried: local.tried, localDroppedPoints: local.droppedPoints, localDeviationMm: round2(local.deviationMm), localTrusted: local.trusted, localMs: local.ms } : {}),
    paperLevel: Math.round(levels.paperLevel), inkLevel: Math.round(levels.inkLevel), registerMs: ms(started),
  };
  if (!(scale >= MIN_PX_PER_MM)) {
    return { ok: false, message: `The picture has ${scale.toFixed(1)} pixels per mm; at least ${MIN_PX_PER_MM} are needed. Scan at 150 dpi or more, or photograph the page so it fills the picture.`, metrics };
  }
  const marksPx = searches.map((search) => (search.kind === 'found' ? search.centre : null));
  if (refined?.trusted) {
    return { ok: true, transform: { homography, residualMm: refined.residualMm, scale, marksFound: found.length, marksPx, weak: false }, levels, metrics };
  }
  if (local?.trusted) {
    // Weak: only what is confirmed in place stays sure (a checkbox group whose every outline was found, read-sheet.ts).
    return { ok: true, transform: { homography, residualMm: local.deviationMm, scale, marksFound: found.length, marksPx, weak: true, correction: local.correction }, levels, metrics };
  }
  if (refined && refined.used < OUTLINE_MISSING_MARK_MIN_SHARE * refined.tried) {
    // Most printed boxes are not where the marks put them, and no local fit found them either: a disc-like blob was
    // taken for a mark, or the page is folded. Reading it anyway would measure paper beside the boxes.
    return { ok: false, message: found.length === 3
      ? 'One registration mark is missing and the printed boxes are not where the other marks put them. Scan or photograph the whole page flat, with all four black discs visible.'
      : 'The printed boxes are not where the registration marks put them: the page is folded or strongly curled, or something dark near a corner was taken for a mark. Flatten the page and scan it again, with the four black discs clear.', metrics };
  }
  if (residualMm > REGISTRATION_FAIL_RESIDUAL_MM) {
    return { ok: false, message: `The registration marks and the QR do not line up (off by ${residualMm.toFixed(1)} mm): the page is folded, curled or not a flat print of this form. Flatten it and scan again.`, metrics };
  }
  if (found.length === 3 && residualMm > REGISTRATION_WEAK_RESIDUAL_MM) {
    return { ok: false, message: `One registration mark is missing and the other points do not line up well enough (off by ${residualMm.toFixed(1)} mm). Scan the whole page flat.`, metrics };
  }
  const weak = found.length < 4 || residualMm > REGISTRATION_WEAK_RESIDUAL_MM;
  return { ok: true, transform: { homography, residualMm, scale, marksFound: found.length, marksPx, weak }, levels, metrics };
}

/**
 * Local evidence for a page the marks cannot register surely: every checkbox, choice circle and digit cell of this
 * page is located around where `model` puts it (locateBox, ±BOX_LOCATE_REACH_MM); each confirmed outline is a
 * correspondence (its centre). A homography through marks, QR and outlines, refitted once without the outlines
 * it misses by more than OUTLINE_FIT_OUTLIER_MM, is trusted when at least OUTLINE_FIT_MIN_SHARE of the outlines
 * (and OUTLINE_FIT_MIN_COUNT) were confirmed and kept, and the kept ones lie within REGISTRATION_WEAK_RESIDUAL_MM.
 */
function refineWithOutlines(image: GrayImage, layout: FormLayout, page: number, model: Homography, markPairs: Correspondence[]):
  { homography: Homography; trusted: boolean; used: number; tried: number; residualMm: number } {
  const boxes = layout.fields
    .filter((field) => field.page === page && (field.kind === 'checkbox' || field.kind === 'choice' || field.kind === 'digits'))
    .flatMap((field) => field.boxes);
  const reach = BOX_LOCATE_REACH_MM - 1e-6;
  const boxPairs: Correspondence[] = [];
  for (const box of boxes) {
    const found = locateBox(image, model, box);
    // An outline not confirmed, or found at the edge of the search (it may lie further), is no evidence.
    if (found.outlineContrast < OUTLINE_MIN_CONTRAST || Math.abs(found.dxMm) >= reach || Math.abs(found.dyMm) >= reach) continue;
    const centre = { x: box.xMm + box.wMm / 2, y: box.yMm + box.hMm / 2 };
    boxPairs.push({ page: centre, image: applyHomography(model, { x: centre.x + found.dxMm, y: centre.y + found.dyMm }) });
  }
  const miss = (h: Homography, pair: Correspondence): number => {
    const predicted = applyHomography(h, pair.page);
    return Math.hypot(predicted.x - pair.image.x, predicted.y - pair.image.y) / localScale(h, pair.page);
  };
  const untrusted = { homography: model, trusted: false, used: 0, tried: boxes.length, residualMm: Infinity };
  if (boxPairs.length < OUTLINE_FIT_MIN_COUNT) return { ...untrusted, used: boxPairs.length };
  const first = fitHomography([...markPairs, ...boxPairs]);
  if (!first) return untrusted;
  const kept = boxPairs.filter((pair) => miss(first, pair) <= OUTLINE_FIT_OUTLIER_MM);
  const second = kept.length >= OUTLINE_FIT_MIN_COUNT ? fitHomography([...markPairs, ...kept]) : undefined;
  if (!second) return { ...untrusted, used: kept.length };
  const residualMm = Math.max(...kept.map((pair) => miss(second, pair)));
  const trusted = kept.length >= OUTLINE_FIT_MIN_SHARE * boxes.length && residualMm <= REGISTRATION_WEAK_RESIDUAL_MM;
  return { homography: second, trusted, used: kept.length, tried: boxes.length, residualMm };
}

/** The largest offset (mm) at which the outlines of a spread sample of LOCAL_SAMPLE_BOXES checkboxes and choice circles
 * are located around `model` (confirmed ones only). */
function sampleDriftMm(image: GrayImage, layout: FormLayout, page: number, model: Homography): number {
  const boxes = layout.fields.filter((field) => field.page === page && (field.kind === 'checkbox' || field.kind === 'choice')).flatMap((field) => field.boxes);
  const step = Math.max(1, Math.floor(boxes.length / LOCAL_SAMPLE_BOXES));
  let drift = 0;
  for (let index = 0; index < boxes.length; index += step) {
    const found = locateBox(image, model, boxes[index]!, LOCAL_TRIGGER_STEP_MM);
    if (found.outlineContrast >= OUTLINE_MIN_CONTRAST) drift = Math.max(drift, Math.abs(found.dxMm), Math.abs(found.dyMm));
  }
  return drift;
}

/** The boxes whose printed outlines can anchor registration: checkboxes, choice circles and digit cells of the page. */
function anchorBoxes(layout: FormLayout, page: number): BoxLayout[] {
  return layout.fields
    .filter((field) => field.page === page && (field.kind === 'checkbox' || field.kind === 'choice' || field.kind === 'digits'))
    .flatMap((field) => field.boxes);
}

interface LocalFit {
  readonly homography: Homography; readonly correction: PageCorrection; readonly trusted: boolean;
  readonly used: number; readonly tried: number; readonly droppedPoints: number; readonly deviationMm: number; readonly ms: number;
}

/**
 * Local registration from the marks' fit, and (four marks, not trusted) from each fit leaving one mark out: a blob
 * near a corner taken for a mark bends the whole fit, the three right marks and the QR do not. The first trusted
 * fit wins; otherwise the one that confirmed the most outlines is returned (untrusted).
 */
function localRegistration(image: GrayImage, layout: FormLayout, page: number, markPairs: Correspondence[], qrPairs: Correspondence[]): LocalFit | undefined {
  const started = performance.now();
  const candidates: Correspondence[][] = [[...markPairs, ...qrPairs]];
  if (markPairs.length === 4) for (let skip = 0; skip < 4; skip++) candidates.push([...markPairs.filter((_, index) => index !== skip), ...qrPairs]);
  // Cheapest first: the candidates are tried in the order of how many of a spread sample of outlines each confirms.
  const boxes = anchorBoxes(layout, page);
  const sample = boxes.filter((_, index) => index % Math.max(1, Math.floor(boxes.length / LOCAL_SAMPLE_BOXES)) === 0);
  const ranked = candidates.flatMap((pairs) => {
    const base = fitHomography(pairs);
    if (!base) return [];
    const score = sample.filter((box) => locateBox(image, base, box).outlineContrast >= OUTLINE_MIN_CONTRAST).length;
    return [{ pairs, base, score }];
  }).sort((p, q) => q.score - p.score);
  let best: Omit<LocalFit, 'ms'> | undefined;
  for (const { pairs, base } of ranked) {
    const fit = registerLocally(image, layout, page, base, pairs);
    if (fit && (!best || fit.used > best.used)) best = fit;
    if (best?.trusted) break;
  }
  return best ? { ...best, ms: ms(started) } : undefined;
}

/**
 * Registers a page that is no plane by its own printed outlines: starting from the correction field through the
 * points (marks, QR corners) around `base`, each round locates every box not yet anchored around the corrected
 * prediction (locateBox, ±BOX_LOCATE_REACH_MM), adds the confirmed ones as anchors, and drops anchors that disagree
 * with their neighbours by more than LOCAL_ANCHOR_MAX_DEVIATION_MM (worst first), for LOCAL_ROUNDS rounds or until
 * no box is added. Trusted when at least LOCAL_FIT_MIN_SHARE of the boxes (and OUTLINE_FIT_MIN_COUNT) anchor it.
 */
export function registerLocally(image: GrayImage, layout: FormLayout, page: number, base: Homography, pointPairs: readonly Correspondence[]):
  Omit<LocalFit, 'ms'> | undefined {
  let inverse: Homography;
  try { inverse = invertHomography(base); } catch { return undefined; }
  const boxes = anchorBoxes(layout, page);
  const points: (CorrectionAnchor | undefined)[] = pointPairs.map((pair) => anchorFrom(inverse, pair.page, pair.image));
  const boxAnchors: (CorrectionAnchor | undefined)[] = boxes.map(() => undefined);
  // Where the correction stood at each box's last search: a box not found is searched again only once it moved.
  const lastTried: (Point2 | undefined)[] = boxes.map(() => undefined);
  const reach = BOX_LOCATE_REACH_MM - 1e-6;
  const current = (): PageCorrection => ({
    anchors: [...points, ...boxAnchors].filter((anchor): anchor is CorrectionAnchor => anchor !== undefined), radiusMm: LOCAL_CORRECTION_RADIUS_MM,
  });
  let deviationMm = 0;
  for (let round = 0; round < LOCAL_ROUNDS; round++) {
    const correction = current();
    let added = 0;
    boxes.forEach((box, index) => {
      if (boxAnchors[index]) return;
      const centre = { x: box.xMm + box.wMm / 2, y: box.yMm + box.hMm / 2 };
      const offset = correctionAt(correction, centre);
      const last = lastTried[index];
      if (last && Math.hypot(offset.x - last.x, offset.y - last.y) < LOCAL_RETRY_MIN_MOVE_MM) return;
      lastTried[index] = offset;
      const homography = localHomography(base, correction, box, 0);
      const found = locateBox(image, homography, box);
      if (found.outlineContrast < OUTLINE_MIN_CONTRAST || Math.abs(found.dxMm) >= reach || Math.abs(found.dyMm) >= reach) return;
      boxAnchors[index] = anchorFrom(inverse, centre, applyHomography(homography, { x: centre.x + found.dxMm, y: centre.y + found.dyMm }));
      added += 1;
    });
    deviationMm = dropDisagreeing(points, boxAnchors);
    if (added === 0) break;
  }
  const used = boxAnchors.filter(Boolean).length;
  const trusted = used >= OUTLINE_FIT_MIN_COUNT && used >= LOCAL_FIT_MIN_SHARE * boxes.length;
  return { homography: base, correction: current(), trusted, used, tried: boxes.length, droppedPoints: points.filter((p) => !p).length, deviationMm };
}

/** Drops (sets undefined) the anchors the field through the others misses by more than LOCAL_ANCHOR_MAX_DEVIATION_MM,
 * the worst ones first (a wrong anchor also pulls its neighbours' predictions); returns the largest deviation left. */
function dropDisagreeing(points: (CorrectionAnchor | undefined)[], boxes: (CorrectionAnchor | undefined)[]): number {
  for (;;) {
    const slots = [...points.map((anchor, index) => ({ anchor, list: points, index })), ...boxes.map((anchor, index) => ({ anchor, list: boxes, index }))]
      .filter((slot): slot is { anchor: CorrectionAnchor; list: (CorrectionAnchor | undefined)[]; index: number } => slot.anchor !== undefined);
    if (slots.length < 4) return 0;
    const deviations = anchorDeviations({ anchors: slots.map((slot) => slot.anchor), radiusMm: LOCAL_CORRECTION_RADIUS_MM });
    const worst = Math.max(...deviations);
    if (worst <= LOCAL_ANCHOR_MAX_DEVIATION_MM) return worst;
    const limit = Math.max(LOCAL_ANCHOR_MAX_DEVIATION_MM, worst / 2);
    slots.forEach((slot, index) => { if (deviations[index]! > limit) slot.list[slot.index] = undefined; });
  }
}

function medianLevels(levels: InkLevels[]): InkLevels {
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? 0;
  };
  return { paperLevel: median(levels.map((l) => l.paperLevel)), inkLevel: median(levels.map((l) => l.inkLevel)) };
}

/** Searches the window around a mark's predicted place for the disc; refines its centre at full resolution. */
function searchMark(image: GrayImage, detection: { image: GrayImage; factor: number }, coarse: Homography, mark: Mark,
  halfMm: number = MARK_SEARCH_STAGES_MM[0]!, scaleRange?: { min: number; max: number }): MarkSearch {
  const f = detection.factor;
  const det = detection.image;
  const predictedFull = applyHomography(coarse, { x: mark.xMm, y: mark.yMm });
  const scaleFull = localScale(coarse, { x: mark.xMm, y: mark.yMm });
  const radiusFull = (mark.sizeMm / 2) * scaleFull;
  if (!Number.isFinite(predictedFull.x) || !Number.isFinite(predictedFull.y) || !(scaleFull > 0)) return { kind: 'missing' };
  const scaleDet = scaleFull / f;
  const cx = (predictedFull.x + 0.5) / f - 0.5;
  const cy = (predictedFull.y + 0.5) / f - 0.5;
  const half = halfMm * scaleDet;
  const x0 = Math.max(0, Math.floor(cx - half));
  const y0 = Math.max(0, Math.floor(cy - half));
  const x1 = Math.min(det.width, Math.ceil(cx + half));
  const y1 = Math.min(det.height, Math.ceil(cy + half));
  if (x1 - x0 < 4 || y1 - y0 < 4) return { kind: 'missing' };
  const { dark, paper } = windowLevels(det, x0, y0, x1, y1);
  if (paper - dark < 40) return { kind: 'missing' };
  const expectedArea = Math.PI * ((mark.sizeMm / 2) * scaleDet) ** 2;
  const areaAt = (scale: number): number => Math.PI * ((mark.sizeMm / 2) * (scale / f)) ** 2;
  const minArea = Math.min(expectedArea, scaleRange ? areaAt(scaleRange.min) : expectedArea) * MARK_AREA_MIN_RATIO;
  const maxArea = Math.max(expectedArea, scaleRange ? areaAt(scaleRange.max) : expectedArea) * MARK_AREA_MAX_RATIO;
  const isDisc = (blob: Blob): boolean => blob.area >= minArea && blob.area <= maxArea &&
    blob.fill >= MARK_FILL_MIN && blob.fill <= MARK_FILL_MAX && blob.aspect <= MARK_MAX_ASPECT;
  const nearest = (blobs: Blob[]): { blob?: Blob; distance: number } => {
    let found: Blob | undefined;
    let distance = Infinity;
    for (const blob of blobs) {
      const d = Math.hypot(blob.x - cx, blob.y - cy);
      if (d < distance) { found = blob; distance = d; }
    }
    return found ? { blob: found, distance } : { distance };
  };
  let best: Blob | undefined;
  let bestDistance = Infinity;
  // Halfway between ink and paper first; a shadow over the disc makes the paper around it darker than that
  // threshold (the disc merges with shadowed paper), so lower thresholds follow.
  const radiusDet = (mark.sizeMm / 2) * scaleDet;
  for (const share of MARK_THRESHOLD_SHARES) {
    const threshold = dark + (paper - dark) * share;
    // The printed disc stands in a quiet zone of blank paper; a blurred word of a heading can have a disc's area and
    // fill, but letters surround it.
    const isMark = (blob: Blob): boolean => isDisc(blob) && quietZoneInk(det, blob, radiusDet, scaleDet, threshold) <= MARK_QUIET_MAX_DARK_SHARE;
    ({ blob: best, distance: bestDistance } = nearest(darkBlobs(det, x0, y0, x1, y1, threshold).filter(isMark)));
    if (!best) {
      // A line through the disc (a fax streak, a pen stroke, a fold) joins it to other ink: open the dark mask (erode,
      // then dilate) so lines thinner than the opening fall away and the disc stands alone again. (The quiet-zone
      // test is skipped here: the line that joined the disc to other ink crosses the quiet zone too.)
      const radius = Math.max(1, Math.round(MARK_OPENING_MM * scaleDet));
      ({ blob: best, distance: bestDistance } = nearest(darkBlobs(det, x0, y0, x1, y1, threshold, radius).filter(isDisc)));
    }
    if (best && bestDistance / scaleDet <= halfMm) break;
  }
  if (!best || bestDistance / scaleDet > halfMm) return { kind: 'missing' };
  const coarseCentre = { x: (best.x + 0.5) * f - 0.5, y: (best.y + 0.5) * f - 0.5 };
  const refined = refineDisc(image, coarseCentre, radiusFull, scaleFull, paper, dark);
  return {
    kind: 'found', centre: refined.centre, levels: refined.levels,
    offsetMm: Math.hypot(refined.centre.x - predictedFull.x, refined.centre.y - predictedFull.y) / scaleFull,
  };
}

/** Share of pixels darker than `threshold` in the quiet zone around a blob (MARK_QUIET_INNER_MM–MARK_QUIET_OUTER_MM
 * outside the disc's edge); pixels outside the image are not counted. */
function quietZoneInk(image: GrayImage, blob: Blob, radiusPx: number, pxPerMm: number, threshold: number): number {
  const inner = radiusPx + MARK_QUIET_INNER_MM * pxPerMm;
  const outer = radiusPx + MARK_QUIET_OUTER_MM * pxPerMm;
  let dark = 0; let total = 0; const inner2 = inner * inner; const outer2 = outer * outer;
  for (let y = Math.max(0, Math.floor(blob.y - outer)); y <= Math.min(image.height - 1, Math.ceil(blob.y + outer)); y++) {
    for (let x = Math.max(0, Math.floor(blob.x - outer)); x <= Math.min(image.width - 1, Math.ceil(blob.x + outer)); x++) {
      const dx = x - blob.x; const dy = y - blob.y; const s = dx * dx + dy * dy;
      // Math.sqrt (an instruction; Math.hypot is a call) compares alike unless s is within a relative 1e-9 of a radius².
      const d = Math.abs(s - inner2) <= 1e-9 * inner2 || Math.abs(s - outer2) <= 1e-9 * outer2 ? Math.hypot(dx, dy) : Math.sqrt(s);
      if (d < inner || d > outer) continue;
      total += 1;
      if (image.data[y * image.width + x]! < threshold) dark += 1;
    }
  }
  return total > 0 ? dark / total : 1;
}

/** Whether a model puts a mark's disc (at least half of it) outside the image. */
function predictedOutside(image: GrayImage, model: Homography, mark: Mark): boolean {
  const centre = applyHomography(model, { x: mark.xMm, y: mark.yMm });
  const radius = (mark.sizeMm / 2) * localScale(model, { x: mark.xMm, y: mark.yMm });
  return !Number.isFinite(centre.x) || !Number.isFinite(centre.y) || centre.x < 0 || centre.y < 0 ||
    centre.x > image.width - 1 || centre.y > image.height - 1 || !(radius > 0);
}

/** 2nd and 90th percentile grey of a window: the darkest ink and the paper around it. */
function windowLevels(image: GrayImage, x0: number, y0: number, x1: number, y1: number): { dark: number; paper: number } {
  const histogram = new Uint32Array(256);
  for (let y = y0; y < y1; y++) {
    const row = y * image.width;
    for (let x = x0; x < x1; x++) histogram[image.data[row + x]!]! += 1;
  }
  const total = (x1 - x0) * (y1 - y0);
  return { dark: percentile(histogram, total, 0.02), paper: percentile(histogram, total, 0.9) };
}

function percentile(histogram: Uint32Array, total: number, fraction: number): number {
  const target = total * fraction;
  let seen = 0;
  for (let value = 0; value < 256; value++) {
    seen += histogram[value]!;
    if (seen >= target) return value;
  }
  return 255;
}

/**
 * Darkness-weighted centroid at full resolution within the disc plus a margin (the 3 mm quiet zone keeps other
 * ink out), and the disc's ink level and the paper level of the ring around it.
 */
function refineDisc(image: GrayImage, centre: Point2, radiusPx: number, pxPerMm: number, paperGuess: number, darkGuess: number):
  { centre: Point2; levels: InkLevels } {
  const reach = radiusPx + 1.5 * pxPerMm;
  const ringInner = radiusPx + 1.2 * pxPerMm;
  const ringOuter = radiusPx + 2.6 * pxPerMm;
  const x0 = Math.max(0, Math.floor(centre.x - ringOuter));
  const y0 = Math.max(0, Math.floor(centre.y - ringOuter));
  const x1 = Math.min(image.width - 1, Math.ceil(centre.x + ringOuter));
  const y1 = Math.min(image.height - 1, Math.ceil(centre.y + ringOuter));
  // Greys counted per level: each median is read off its counts (percentile) instead of sorting the pixels.
  const ring = new Uint32Array(256); const core = new Uint32Array(256);
  // Squared distances decide as Math.hypot's do unless within a relative 1e-9 of a radius² (then Math.hypot decides).
  const coreRadius = radiusPx * 0.6;
  const inner2 = ringInner * ringInner; const outer2 = ringOuter * ringOuter; const core2 = coreRadius * coreRadius;
  for (let y = y0; y <= y1; y += 1) {
    const dy = y - centre.y;
    for (let x = x0; x <= x1; x += 1) {
      const dx = x - centre.x;
      const s = dx * dx + dy * dy;
      const v = image.data[y * image.width + x]!;
      if (Math.abs(s - inner2) <= 1e-9 * inner2 || Math.abs(s - outer2) <= 1e-9 * outer2 || Math.abs(s - core2) <= 1e-9 * core2) {
        const d = Math.hypot(dx, dy);
        if (d >= ringInner && d <= ringOuter) ring[v]! += 1;
        else if (d <= coreRadius) core[v]! += 1;
      } else if (s >= inner2 && s <= outer2) ring[v]! += 1;
      else if (s <= core2) core[v]! += 1;
    }
  }
  // The sorted greys' middle one (index ⌊n/2⌋) is the first grey whose running count reaches ⌊n/2⌋ + 1.
  const median = (counts: Uint32Array, fallback: number): number => {
    const n = counts.reduce((sum, count) => sum + count, 0);
    return n === 0 ? fallback : percentile(counts, Math.floor(n / 2) + 1, 1);
  };
  const paperLevel = median(ring, paperGuess);
  const inkLevel = median(core, darkGuess);
  const span = Math.max(1, paperLevel - inkLevel);
  // A pixel's weight depends on its grey alone: worked out once per grey.
  const weights = new Float64Array(256);
  for (let v = 0; v < 256; v++) weights[v] = Math.min(1, Math.max(0, (paperLevel - v) / span));
  let sw = 0; let sx = 0; let sy = 0;
  for (let y = Math.max(0, Math.floor(centre.y - reach)); y <= Math.min(image.height - 1, Math.ceil(centre.y + reach)); y++) {
    for (let x = Math.max(0, Math.floor(centre.x - reach)); x <= Math.min(image.width - 1, Math.ceil(centre.x + reach)); x++) {
      if ((x - centre.x) ** 2 + (y - centre.y) ** 2 > reach * reach) continue;
      const weight = weights[image.data[y * image.width + x]!]!;
      sw += weight; sx += weight * x; sy += weight * y;
    }
  }
  return { centre: sw > 0 ? { x: sx / sw, y: sy / sw } : centre, levels: { paperLevel, inkLevel } };
}

/**
 * The disc nearest each image corner in that quarter of the detection copy (a page filling 30–100 % of the frame:
 * discs of 1.5–9 % of the short side), in full-image px with their radius, in image order TL, TR, BR, BL quarters.
 * Undefined unless all four are found. Knows no layout: used before the QR (and so the layout) is known.
 */
export function cornerDiscs(detection: { image: GrayImage; factor: number }): { centre: Point2; radiusPx: number }[] | undefined {
  const det = detection.image;
  const f = detection.factor;
  const shortSide = Math.min(det.width, det.height);
  const quarters = [[0, 0], [1, 0], [1, 1], [0, 1]] as const;
  const found = quarters.map(([qx, qy]) => {
    const x0 = qx * Math.floor(det.width / 2);
    const y0 = qy * Math.floor(det.height / 2);
    const x1 = x0 + Math.floor(det.width / 2);
    const y1 = y0 + Math.floor(det.height / 2);
    const { dark, paper } = windowLevels(det, x0, y0, x1, y1);
    if (paper - dark < 40) return undefined;
    const discLike = (blob: Blob): boolean => {
      const diameter = 2 * Math.sqrt(blob.area / Math.PI);
      return diameter >= shortSide * 0.015 && diameter <= shortSide * 0.09 &&
        blob.fill >= MARK_FILL_MIN && blob.fill <= MARK_FILL_MAX && blob.aspect <= MARK_MAX_ASPECT;
    };
    // Halfway first; a shadow over a corner merges the disc with the darkened paper, so lower thresholds follow (as
    // in the mark search).
    let blobs: Blob[] = [];
    for (const share of MARK_THRESHOLD_SHARES) {
      blobs = darkBlobs(det, x0, y0, x1, y1, dark + (paper - dark) * share).filter(discLike);
      if (blobs.length > 0) break;
    }
    // The mark is the disc nearest the image corner of its quarter.
    const cornerX = qx === 0 ? 0 : det.width;
    const cornerY = qy === 0 ? 0 : det.height;
    let best: Blob | undefined;
    for (const blob of blobs) {
      if (!best || Math.hypot(blob.x - cornerX, blob.y - cornerY) < Math.hypot(best.x - cornerX, best.y - cornerY)) best = blob;
    }
    return best ? { centre: { x: (best.x + 0.5) * f - 0.5, y: (best.y + 0.5) * f - 0.5 }, radiusPx: Math.sqrt(best.area / Math.PI) * f } : undefined;
  });
  return found.every((disc) => disc !== undefined) ? found as { centre: Point2; radiusPx: number }[] : undefined;
}

/**
 * Registration from the marks alone, for a page whose printed id a person keyed in because its QR is unreadable.
 * Looks for the best disc in each quarter of the image, then picks the rotation (0/90/180/270°) under which the
 * layout's QR square is the most textured place: the code is damaged, not absent.
 */
export function registerFromMarks(image: GrayImage, detection: { image: GrayImage; factor: number }, layout: FormLayout, page = 1): Registration {
  const started = performance.now();
  const discs = cornerDiscs(detection);
  if (!discs) {
    return { ok: false, message: 'Not all four registration marks were found in the corners of the picture. Scan or photograph the whole page flat.', metrics: { registerMs: ms(started) } };
  }
  const points = discs.map((disc) => disc.centre);
  let best: { homography: Homography; texture: number } | undefined;
  for (let rotation = 0; rotation < 4; rotation++) {
    const pairs = layout.marks.map((mark, index) => ({ page: { x: mark.xMm, y: mark.yMm }, image: points[(index + rotation) % 4]! }));
    const homography = fitHomography(pairs);
    if (!homography) continue;
    // The QR's texture picks the rotation when a smudged code is still there; a torn-off or whited-out code has none,
    // so the printed box outlines of this page (dark where the layout says, in one rotation only) decide as well.
    const texture = qrTexture(image, homography, layout) + outlineInk(image, homography, layout, page);
    if (!best || texture > best.texture) best = { homography, texture };
  }
  if (!best) return { ok: false, message: 'The registration marks do not form a page outline.', metrics: { registerMs: ms(started) } };
  const searches = layout.marks.map((mark) => searchMark(image, detection, best.homography, mark));
  return finishRegistration(image, layout, searches, [], started);
}

/** Mean absolute grey difference between horizontal neighbours across the QR square: high for a code. */
function qrTexture(image: GrayImage, homography: Homography, layout: FormLayout): number {
  const steps = 40;
  const stepMm = layout.qr.sizeMm / steps;
  let sum = 0;
  for (let j = 0; j < steps; j++) {
    let previous: number | undefined;
    for (let i = 0; i < steps; i++) {
      const p = applyHomography(homography, { x: layout.qr.xMm + (i + 0.5) * stepMm, y: layout.qr.yMm + (j + 0.5) * stepMm });
      const xi = Math.round(p.x);
      const yi = Math.round(p.y);
      const v = xi >= 0 && yi >= 0 && xi < image.width && yi < image.height ? image.data[yi * image.width + xi]! : 255;
      if (previous !== undefined) sum += Math.abs(v - previous);
      previous = v;
    }
  }
  return sum / (steps * (steps - 1));
}

/**
 * Mean ink (255 − grey) on the printed outlines of the page's square boxes and cells: the darkest of five samples across
 * each edge point (±0.6 mm), so a fit from rough mark centres still meets the 0.3 mm line. High only in the right rotation.
 */
function outlineInk(image: GrayImage, homography: Homography, layout: FormLayout, page: number): number {
  const across = [-0.6, -0.3, 0, 0.3, 0.6];
  let sum = 0;
  let count = 0;
  const darkest = (x: number, y: number, nx: number, ny: number): number => {
    let min = 255;
    for (const d of across) {
      const p = applyHomography(homography, { x: x + nx * d, y: y + ny * d });
      const xi = Math.round(p.x);
      const yi = Math.round(p.y);
      const v = xi >= 0 && yi >= 0 && xi < image.width && yi < image.height ? image.data[yi * image.width + xi]! : 255;
      if (v < min) min = v;
    }
    return 255 - min;
  };
  for (const field of layout.fields) {
    if (field.page !== page) continue;
    for (const box of field.boxes) {
      if (box.shape !== 'square' && box.shape !== 'cell') continue;
      for (const t of [0.25, 0.5, 0.75]) {
        sum += darkest(box.xMm + t * box.wMm, box.yMm, 0, 1) + darkest(box.xMm + t * box.wMm, box.yMm + box.hMm, 0, 1)
          + darkest(box.xMm, box.yMm + t * box.hMm, 1, 0) + darkest(box.xMm + box.wMm, box.yMm + t * box.hMm, 1, 0);
        count += 4;
      }
    }
  }
  return count === 0 ? 0 : sum / count;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function ms(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
