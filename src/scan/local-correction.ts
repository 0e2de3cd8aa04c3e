/**
 * Local registration of a page that is not one plane (curled, bowed): a smooth correction field in page millimetres,
 * fitted through anchors (marks, QR corners, confirmed box outlines), applied before the page-wide homography.
 * Pure geometry on numbers: it knows nothing of images, layouts or thresholds (the caller passes the radius).
 */
import type { Rect } from '../model/index.js';
import { applyHomography, composeHomographies, fitAffine, type Correspondence, type Homography, type Point2 } from './transform.js';

/** A point of the page (mm) and where the page-wide homography must look instead: p + (dx, dy) (mm). */
export interface CorrectionAnchor { readonly xMm: number; readonly yMm: number; readonly dxMm: number; readonly dyMm: number }

/**
 * The page maps to the image as p → H(p + d(p)); d is a moving-least-squares field through the anchors' offsets:
 * at each point a plane d = a + b·x + c·y fitted to the anchors weighted by 1 / (1 + (r / radiusMm)²)², so near
 * anchors decide and the field bends with the paper, while far from every anchor it follows the nearest ones' trend.
 */
export interface PageCorrection { readonly anchors: readonly CorrectionAnchor[]; readonly radiusMm: number }

/** The anchor of a point whose image position is known: its offset is where H⁻¹ puts the image point, minus the point. */
export function anchorFrom(inverse: Homography, page: Point2, image: Point2): CorrectionAnchor {
  const seen = applyHomography(inverse, image);
  return { xMm: page.x, yMm: page.y, dxMm: seen.x - page.x, dyMm: seen.y - page.y };
}

/** The correction field's offset (mm) at a page point; `skip` leaves one anchor out (its own prediction from the others). */
export function correctionAt(correction: PageCorrection, p: Point2, skip = -1): Point2 {
  const { anchors, radiusMm } = correction;
  // Weighted sums for the 3 × 3 normal equations of d = a + b·u + c·v (u, v: mm from p).
  let s = 0; let su = 0; let sv = 0; let suu = 0; let suv = 0; let svv = 0;
  let sx = 0; let sux = 0; let svx = 0; let sy = 0; let suy = 0; let svy = 0;
  const r2 = radiusMm * radiusMm;
  for (let i = 0; i < anchors.length; i++) {
    if (i === skip) continue;
    const anchor = anchors[i]!;
    const u = anchor.xMm - p.x; const v = anchor.yMm - p.y;
    const q = 1 + (u * u + v * v) / r2;
    const w = 1 / (q * q);
    s += w; su += w * u; sv += w * v; suu += w * u * u; suv += w * u * v; svv += w * v * v;
    sx += w * anchor.dxMm; sux += w * u * anchor.dxMm; svx += w * v * anchor.dxMm;
    sy += w * anchor.dyMm; suy += w * u * anchor.dyMm; svy += w * v * anchor.dyMm;
  }
  if (!(s > 0)) return { x: 0, y: 0 };
  // A small ridge on the slopes (1 mm² per unit weight) keeps the plane defined when the anchors lie on one line.
  const ridge = s * 1;
  const m = [[s, su, sv], [su, suu + ridge, suv], [sv, suv, svv + ridge]] as const;
  const a = solve3(m, [sx, sux, svx]);
  const b = solve3(m, [sy, suy, svy]);
  return a && b ? { x: a, y: b } : { x: sx / s, y: sy / s };
}

/** For every anchor, how far (mm) the field fitted through all the others misses its offset: a disagreeing anchor
 * (a box located on a neighbour's line, a wrong disc taken for a mark) stands out against its neighbours. */
export function anchorDeviations(correction: PageCorrection): number[] {
  return correction.anchors.map((anchor, index) => {
    const predicted = correctionAt(correction, { x: anchor.xMm, y: anchor.yMm }, index);
    return Math.hypot(predicted.x - anchor.dxMm, predicted.y - anchor.dyMm);
  });
}

/** Page mm → image px through the page-wide homography and the correction. */
export function correctedPoint(homography: Homography, correction: PageCorrection, p: Point2): Point2 {
  const d = correctionAt(correction, p);
  return applyHomography(homography, { x: p.x + d.x, y: p.y + d.y });
}

/**
 * One homography for a region of the page (a field): H ∘ A, where A is the affine map that best matches p → p + d(p)
 * on a 3 × 3 grid over the rectangle widened by `marginMm`. Inside a field the correction changes little (a curl
 * bends over tens of mm), so every reader that takes a homography reads the field where its neighbourhood says it is.
 */
export function localHomography(homography: Homography, correction: PageCorrection, rect: Rect, marginMm = 2): Homography {
  const pairs: Correspondence[] = [];
  for (const fy of [0, 0.5, 1]) {
    for (const fx of [0, 0.5, 1]) {
      const p = { x: rect.xMm - marginMm + fx * (rect.wMm + 2 * marginMm), y: rect.yMm - marginMm + fy * (rect.hMm + 2 * marginMm) };
      const d = correctionAt(correction, p);
      pairs.push({ page: p, image: { x: p.x + d.x, y: p.y + d.y } });
    }
  }
  const affine = fitAffine(pairs);
  return affine ? composeHomographies(homography, affine) : homography;
}

/** Cramer's rule for one 3 × 3 system; undefined when singular. Returns the first unknown only (the offset at p). */
function solve3(m: readonly (readonly number[])[], r: readonly number[]): number | undefined {
  const [a = 0, b = 0, c = 0] = m[0]!; const [d = 0, e = 0, f = 0] = m[1]!; const [g = 0, h = 0, k = 0] = m[2]!;
  const det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
  if (!(Math.abs(det) > 1e-12 * Math.max(1, Math.abs(a * e * k)))) return undefined;
  const [r0 = 0, r1 = 0, r2 = 0] = r;
  return (r0 * (e * k - f * h) - b * (r1 * k - f * r2) + c * (r1 * h - e * r2)) / det;
}
