/**
 * The one homography of paperlink: fit (normalised DLT, least squares for more than 4 points), apply, invert,
 * compose. The scanner registers pages with it and the simulator photographs them with it. Pure numbers only: a
 * Homography maps page millimetres to image pixels; it knows nothing of images or layouts.
 */

/** Row-major 3 × 3 matrix [h0 h1 h2; h3 h4 h5; h6 h7 h8], scaled so that h8 = 1 where possible. */
export type Homography = readonly number[];

export interface Point2 { readonly x: number; readonly y: number }

export interface Correspondence {
  /** Point on the page, in millimetres. */
  readonly page: Point2;
  /** The same point in the image, in pixels. */
  readonly image: Point2;
}

export function applyHomography(h: Homography, p: Point2): Point2 {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = h;
  const w = g * p.x + k * p.y + m;
  return { x: (a * p.x + b * p.y + c) / w, y: (d * p.x + e * p.y + f) / w };
}

export function invertHomography(h: Homography): Homography {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = h;
  const A = e * m - f * k;
  const B = -(d * m - f * g);
  const C = d * k - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-15) throw new Error('Homography is singular and cannot be inverted.');
  const inv = [
    A, -(b * m - c * k), b * f - c * e,
    B, a * m - c * g, -(a * f - c * d),
    C, -(a * k - b * g), a * e - b * d,
  ].map((value) => value / det);
  return normalise(inv);
}

export function composeHomographies(outer: Homography, inner: Homography): Homography {
  const out: number[] = [];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      let sum = 0;
      for (let k = 0; k < 3; k++) sum += (outer[row * 3 + k] ?? 0) * (inner[k * 3 + col] ?? 0);
      out.push(sum);
    }
  }
  return normalise(out);
}

/** Scale so h8 = 1 (when h8 is not ~0), giving one canonical form for comparisons and storage. */
function normalise(h: readonly number[]): Homography {
  const last = h[8] ?? 1;
  return Math.abs(last) > 1e-12 ? h.map((value) => value / last) : [...h];
}

/** Hartley normalisation: centre the points and scale their mean distance to √2, for a well-conditioned fit. */
function normalisingTransform(points: readonly Point2[]): Homography {
  const n = points.length;
  const cx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const cy = points.reduce((sum, p) => sum + p.y, 0) / n;
  const meanDistance = points.reduce((sum, p) => sum + Math.hypot(p.x - cx, p.y - cy), 0) / n;
  const s = meanDistance > 1e-12 ? Math.SQRT2 / meanDistance : 1;
  return [s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1];
}

/**
 * Least-squares homography from ≥ 4 correspondences (page → image). Solves the DLT with h8 fixed to 1 on
 * normalised coordinates through the 8 × 8 normal equations: exact for 4 points, least squares for more.
 * Returns undefined when the points are degenerate (three in a line, repeated points).
 */
export function fitHomography(pairs: readonly Correspondence[]): Homography | undefined {
  if (pairs.length < 4) return undefined;
  const tPage = normalisingTransform(pairs.map((pair) => pair.page));
  const tImage = normalisingTransform(pairs.map((pair) => pair.image));
  const ata = Array.from({ length: 8 }, () => new Float64Array(8));
  const atb = new Float64Array(8);
  const addRow = (row: readonly number[], rhs: number): void => {
    for (let i = 0; i < 8; i++) {
      const ri = row[i] ?? 0;
      if (ri === 0) continue;
      atb[i] = (atb[i] ?? 0) + ri * rhs;
      const target = ata[i]!;
      for (let j = 0; j < 8; j++) target[j] = (target[j] ?? 0) + ri * (row[j] ?? 0);
    }
  };
  for (const pair of pairs) {
    const p = applyHomography(tPage, pair.page);
    const q = applyHomography(tImage, pair.image);
    addRow([p.x, p.y, 1, 0, 0, 0, -q.x * p.x, -q.x * p.y], q.x);
    addRow([0, 0, 0, p.x, p.y, 1, -q.y * p.x, -q.y * p.y], q.y);
  }
  const solution = solveLinear(ata, atb);
  if (!solution) return undefined;
  const hNorm: Homography = [...solution, 1];
  // Undo the normalisation: H = T_image⁻¹ · H_norm · T_page.
  const h = composeHomographies(invertHomography(tImage), composeHomographies(hNorm, tPage));
  return h.every(Number.isFinite) ? h : undefined;
}

/** Gaussian elimination with partial pivoting; undefined when the system is singular. */
function solveLinear(matrix: Float64Array[], rhs: Float64Array): number[] | undefined {
  const n = rhs.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const b = Float64Array.from(rhs);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    if (Math.abs(a[pivot]![col]!) < 1e-10) return undefined;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    const pivotRow = a[col]!;
    for (let row = col + 1; row < n; row++) {
      const target = a[row]!;
      const factor = target[col]! / pivotRow[col]!;
      if (factor === 0) continue;
      for (let k = col; k < n; k++) target[k] = target[k]! - factor * pivotRow[k]!;
      b[row] = b[row]! - factor * b[col]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row]!;
    for (let k = row + 1; k < n; k++) sum -= a[row]![k]! * x[k]!;
    x[row] = sum / a[row]![row]!;
  }
  return x;
}

/** Local scale of the mapping at a page point: image pixels per page millimetre (geometric mean of both axes). */
export function localScale(h: Homography, p: Point2): number {
  const o = applyHomography(h, p);
  const dx = applyHomography(h, { x: p.x + 1, y: p.y });
  const dy = applyHomography(h, { x: p.x, y: p.y + 1 });
  return Math.sqrt(Math.hypot(dx.x - o.x, dx.y - o.y) * Math.hypot(dy.x - o.x, dy.y - o.y));
}

/** Page millimetres → image pixels through a fitted homography. */
export function pageToImage(h: Homography, p: Point2): Point2 {
  return applyHomography(h, p);
}

/** Image pixels → page millimetres (inverts the homography each call: use invertHomography for many points). */
export function imageToPage(h: Homography, p: Point2): Point2 {
  return applyHomography(invertHomography(h), p);
}

/**
 * Least-squares affine map (page → image) as a Homography with last row [0 0 1]. Used for the coarse fit from
 * the QR's 4 corners: perspective estimated from a 25 mm square explodes when extrapolated 250 mm to the marks.
 */
export function fitAffine(pairs: readonly Correspondence[]): Homography | undefined {
  if (pairs.length < 3) return undefined;
  const ata = [new Float64Array(3), new Float64Array(3), new Float64Array(3)];
  const atx = new Float64Array(3);
  const aty = new Float64Array(3);
  for (const { page, image } of pairs) {
    const row = [page.x, page.y, 1];
    for (let i = 0; i < 3; i++) {
      atx[i] = atx[i]! + row[i]! * image.x;
      aty[i] = aty[i]! + row[i]! * image.y;
      for (let j = 0; j < 3; j++) ata[i]![j] = ata[i]![j]! + row[i]! * row[j]!;
    }
  }
  const xs = solveLinear(ata, atx);
  const ys = solveLinear(ata, aty);
  if (!xs || !ys) return undefined;
  return [xs[0]!, xs[1]!, xs[2]!, ys[0]!, ys[1]!, ys[2]!, 0, 0, 1];
}

/**
 * Pixels of an image decoded 1/factor size → the full image's pixels. A reduced pixel i covers full pixels
 * factor·i … factor·i + factor − 1, so its centre is factor·i + (factor − 1)/2.
 */
export function reducedToFullPixels(factor: number): Homography {
  const offset = (factor - 1) / 2;
  return [factor, 0, offset, 0, factor, offset, 0, 0, 1];
}
