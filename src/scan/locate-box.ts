/**
 * Where a box's printed outline really is: within BOX_LOCATE_REACH_MM of where the registration puts it, the offset whose
 * outline path is darkest. Used to read each box where it is printed (read-checkbox.ts) and as anchors for a curled
 * page's local correction (register-page.ts). Pure.
 */
import { insetRect, sampleBilinear, type BoxLayout, type GrayImage } from '../model/index.js';
import { BOX_LOCATE_MIN_GAIN, BOX_LOCATE_REACH_MM, BOX_LOCATE_STEP_MM, OUTLINE_CHECK_OFFSET_MM } from './thresholds.js';
import type { Homography } from './transform.js';

/** Where a box's printed outline was found: offset (mm) from its registered place, and how much darker (grey steps)
 * the outline path is there than the same path OUTLINE_CHECK_OFFSET_MM outside / inside it. */
export interface BoxLocation { readonly dxMm: number; readonly dyMm: number; readonly outlineContrast: number; readonly innerContrast: number }

/**
 * Local refinement: where the printed outline really is, within BOX_LOCATE_REACH_MM of where the page-wide homography
 * puts it (a curled or bent page moves a box 1–3 mm from its fitted place). The offset whose outline path is darkest
 * wins; an offset is only taken when clearly darker than staying put (a blacked-out box is dark everywhere).
 */
export function locateBox(image: GrayImage, homography: Homography, box: BoxLayout, stepMm: number = BOX_LOCATE_STEP_MM): BoxLocation {
  const path = outlinePath(box);
  const terms = homographyTerms(homography);
  const still = pathDarkness(image, terms, path, 0, 0, -Infinity);
  // The best offset as plain numbers (no object per improvement): this search runs 441 times a box.
  let bestDx = 0; let bestDy = 0; let bestValue = still;
  const steps = Math.round(BOX_LOCATE_REACH_MM / stepMm);
  for (let j = -steps; j <= steps; j++) {
    for (let i = -steps; i <= steps; i++) {
      if (i === 0 && j === 0) continue;
      // Only whether it beats the best so far matters: pathDarkness gives up on an offset that cannot.
      const value = pathDarkness(image, terms, path, i * stepMm, j * stepMm, bestValue);
      if (value > bestValue) { bestDx = i * stepMm; bestDy = j * stepMm; bestValue = value; }
    }
  }
  const taken = bestValue - still >= BOX_LOCATE_MIN_GAIN;
  const chosen = taken ? { dxMm: bestDx, dyMm: bestDy, value: bestValue } : { dxMm: 0, dyMm: 0, value: still };
  // The outline is confirmed where it was located when its path is darker than the same path drawn a little inside
  // and a little outside (the paper on either side of a printed line); on a blacked-out box the inside is darker.
  const inside = pathDarkness(image, terms, outlinePath({ ...box, ...insetRect(box, OUTLINE_CHECK_OFFSET_MM) }), chosen.dxMm, chosen.dyMm, -Infinity);
  const outside = pathDarkness(image, terms, outlinePath({ ...box, ...insetRect(box, -OUTLINE_CHECK_OFFSET_MM) }), chosen.dxMm, chosen.dyMm, -Infinity);
  return { dxMm: chosen.dxMm, dyMm: chosen.dyMm, outlineContrast: chosen.value - outside, innerContrast: chosen.value - inside };
}

/** Above the darkness (255 − a bilinear sample of bytes) any one path point can have, rounding included. */
const MAX_SAMPLE_DARKNESS = 255.000001;

/** A homography's nine terms (a b c / d e f / g k m) as numbers, missing ones as the identity's. */
function homographyTerms(homography: Homography): Float64Array {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = homography;
  return Float64Array.of(a, b, c, d, e, f, g, k, m);
}

/** Page points (mm) as two coordinate arrays, in path order. */
interface PointPath { readonly xs: Float64Array; readonly ys: Float64Array }

/**
 * Mean darkness (255 − grey) along `path` shifted by (dx, dy) mm: each point through the homography, sampled bilinearly.
 * Written out as one loop over typed arrays, with sampleBilinear's in-bounds case inlined (exactly its arithmetic, so
 * exactly its values; the border case still goes through it): locateBox runs this loop 441 times a box, ≈ 21k
 * samples, for every box of a page and again in registration.
 * With `beat` finite, a path that can no longer end darker than `beat` is abandoned (−∞): even if every point still to
 * come were MAX_SAMPLE_DARKNESS, the sum would stay under beat·n by more than its rounding. Its exact value is then
 * never needed (only a darker offset is taken), and off the outline that is clear after ≈ 8 of the 48 points.
 */
function pathDarkness(image: GrayImage, terms: Float64Array, path: PointPath, dx: number, dy: number, beat: number): number {
  const a = terms[0]!; const b = terms[1]!; const c = terms[2]!;
  const d = terms[3]!; const e = terms[4]!; const f = terms[5]!;
  const g = terms[6]!; const k = terms[7]!; const m = terms[8]!;
  const data = image.data;
  const width = image.width;
  const lastX = width - 1;
  const lastY = image.height - 1;
  const { xs, ys } = path;
  const n = xs.length;
  let sum = 0;
  // 1e-6 of slack covers the rounding of 48 additions (≈ 1e-10); it can only make a path run a point longer.
  const limit = beat * n - 1e-6;
  for (let i = 0; i < n; i++) {
    const x = xs[i]! + dx; const y = ys[i]! + dy;
    const w = g * x + k * y + m;
    const sx = (a * x + b * y + c) / w;
    const sy = (d * x + e * y + f) / w;
    const x0 = Math.floor(sx);
    const y0 = Math.floor(sy);
    let value: number;
    // Both neighbours inside the image (NaN fails every test and takes the clamping path).
    if (x0 >= 0 && y0 >= 0 && x0 < lastX && y0 < lastY) {
      const fx = sx - x0;
      const fy = sy - y0;
      const at = y0 * width + x0;
      const p00 = data[at]!; const p01 = data[at + 1]!;
      const p10 = data[at + width]!; const p11 = data[at + width + 1]!;
      value = (p00 * (1 - fx) + p01 * fx) * (1 - fy) + (p10 * (1 - fx) + p11 * fx) * fy;
    } else {
      value = sampleBilinear(image, sx, sy);
    }
    sum += 255 - value;
    if (sum + (n - 1 - i) * MAX_SAMPLE_DARKNESS < limit) return -Infinity;
  }
  return sum / n;
}

/** Points (mm) along the printed outline: the square's edges or the inscribed circle. */
function outlinePath(box: BoxLayout): PointPath {
  const n = 48;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  if (box.shape === 'circle') {
    const cx = box.xMm + box.wMm / 2; const cy = box.yMm + box.hMm / 2;
    for (let i = 0; i < n; i++) {
      const t = (2 * Math.PI * i) / n;
      xs[i] = cx + (box.wMm / 2) * Math.cos(t); ys[i] = cy + (box.hMm / 2) * Math.sin(t);
    }
    return { xs, ys };
  }
  // Per step along the edges: top, bottom, left, right (the order the darkness sums them in).
  for (let i = 0; i < n / 4; i++) {
    const u = (i + 0.5) / (n / 4);
    const at = 4 * i;
    xs[at] = box.xMm + u * box.wMm; ys[at] = box.yMm;
    xs[at + 1] = box.xMm + u * box.wMm; ys[at + 1] = box.yMm + box.hMm;
    xs[at + 2] = box.xMm; ys[at + 2] = box.yMm + u * box.hMm;
    xs[at + 3] = box.xMm + box.wMm; ys[at + 3] = box.yMm + u * box.hMm;
  }
  return { xs, ys };
}
