/**
 * Last QR attempt for a shaken phone photo: the sheet QR is found from the four corner discs (every paperlink layout
 * puts it at the same place beside the top-right mark), the motion blur is measured on the discs' edges, and the crop
 * around the code is deconvolved (Richardson–Lucy) for the reader. Pure image maths; it decodes nothing itself.
 */
import { markCentresMm, PAPER_SIZES_MM, qrPlacementMm, QR_QUIET_MM, QR_SIZE_MM, sampleBilinear, type GrayImage } from '../model/index.js';
import { applyHomography, fitHomography, localScale, type Homography, type Point2 } from './transform.js';

/** A straight motion blur: the camera moved `lengthPx` along `angleDeg` (image axes, x right, y down; 0–180°). */
export interface MotionBlur { readonly lengthPx: number; readonly angleDeg: number }

/**
 * Where the sheet QR can be, given the four corner discs (image px, in image order TL, TR, BR, BL quarters): for each
 * way the page may lie (4 rotations × portrait/landscape of each paper size) the code's square, ranked by texture
 * (a code is the busiest square beside a mark). Returns the best square's corners and the image px per mm there.
 */
export function locateQrFromDiscs(image: GrayImage, discs: readonly Point2[]): { corners: Point2[]; pxPerMm: number } | undefined {
  let best: { corners: Point2[]; pxPerMm: number; texture: number } | undefined;
  const sizes = Object.values(PAPER_SIZES_MM).flatMap((size) => [size, { widthMm: size.heightMm, heightMm: size.widthMm }]);
  for (const { widthMm, heightMm } of sizes) {
    // Discs and code placed by the layout model itself (the same on every form of that paper and orientation).
    const marks = markCentresMm({ widthMm, heightMm }).map((mark) => ({ x: mark.xMm, y: mark.yMm }));
    const qr = qrPlacementMm({ widthMm, heightMm });
    const cornersMm = [{ x: qr.xMm, y: qr.yMm }, { x: qr.xMm + qr.sizeMm, y: qr.yMm },
      { x: qr.xMm + qr.sizeMm, y: qr.yMm + qr.sizeMm }, { x: qr.xMm, y: qr.yMm + qr.sizeMm }];
    for (let rotation = 0; rotation < 4; rotation++) {
      const h = fitHomography(marks.map((page, index) => ({ page, image: discs[(index + rotation) % 4]! })));
      if (!h) continue;
      const corners = cornersMm.map((p) => applyHomography(h, p));
      const texture = squareTexture(image, h, cornersMm[0]!);
      if (!best || texture > best.texture) best = { corners, pxPerMm: localScale(h, cornersMm[0]!), texture };
    }
  }
  return best ? { corners: best.corners, pxPerMm: best.pxPerMm } : undefined;
}

/** Mean absolute grey step between neighbours on a 30 × 30 grid over a QR-sized square from `topLeft` (mm). */
function squareTexture(image: GrayImage, h: Homography, topLeft: Point2): number {
  const steps = 30;
  let sum = 0;
  for (let j = 0; j < steps; j++) {
    let previous: number | undefined;
    for (let i = 0; i < steps; i++) {
      const p = applyHomography(h, { x: topLeft.x + ((i + 0.5) * QR_SIZE_MM) / steps, y: topLeft.y + ((j + 0.5) * QR_SIZE_MM) / steps });
      const v = p.x >= 0 && p.y >= 0 && p.x <= image.width - 1 && p.y <= image.height - 1 ? sampleBilinear(image, p.x, p.y) : 255;
      if (previous !== undefined) sum += Math.abs(v - previous);
      previous = v;
    }
  }
  return sum / (steps * (steps - 1));
}

/** The axis-aligned crop around a QR square plus its quiet zone and `marginMm` of slack (clipped to the image). */
export function cropAround(image: GrayImage, corners: readonly Point2[], pxPerMm: number, marginMm: number): { image: GrayImage; x0: number; y0: number } {
  const pad = (QR_QUIET_MM + marginMm) * pxPerMm;
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x)) - pad));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y)) - pad));
  const x1 = Math.min(image.width, Math.ceil(Math.max(...corners.map((c) => c.x)) + pad));
  const y1 = Math.min(image.height, Math.ceil(Math.max(...corners.map((c) => c.y)) + pad));
  const width = Math.max(1, x1 - x0);
  const height = Math.max(1, y1 - y0);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray((y + y0) * image.width + x0, (y + y0) * image.width + x0 + width), y * width);
  return { image: { width, height, data }, x0, y0 };
}

/**
 * The motion blur seen on the edges of dark discs: along each of 36 directions from a disc's centre the edge's
 * 25–75 % transition is measured; a straight blur of length L along θ widens the edge whose normal is φ by
 * L·|cos(φ − θ)| / 2 (a box profile's middle half), a focus blur widens all alike. The fit w(φ) = a + b·|cos(φ − θ)|
 * over all discs gives θ and L = 2b. Undefined when no disc gives a profile.
 */
export function estimateMotionBlur(image: GrayImage, discs: readonly { centre: Point2; radiusPx: number }[]): MotionBlur | undefined {
  const samples: { phi: number; width: number }[] = [];
  for (const { centre, radiusPx } of discs) {
    const reach = Math.max(8, radiusPx * 0.8);
    for (let k = 0; k < 36; k++) {
      const phi = (k * Math.PI) / 18;
      const c = Math.cos(phi); const s = Math.sin(phi);
      const profile: number[] = [];
      for (let r = radiusPx - reach; r <= radiusPx + reach; r += 0.5) {
        const x = centre.x + r * c; const y = centre.y + r * s;
        if (x < 0 || y < 0 || x > image.width - 1 || y > image.height - 1) { profile.length = 0; break; }
        profile.push(sampleBilinear(image, x, y));
      }
      if (profile.length < 8) continue;
      const ink = Math.min(...profile.slice(0, 4)); const paper = Math.max(...profile.slice(-4));
      if (paper - ink < 40) continue;
      const at = (share: number): number => {
        const level = ink + share * (paper - ink);
        // Last crossing from the inside: blur and JPEG noise inside the disc do not move it.
        for (let i = profile.length - 1; i > 0; i--) {
          if (profile[i - 1]! < level && profile[i]! >= level) return (i - 1 + (level - profile[i - 1]!) / (profile[i]! - profile[i - 1]!)) * 0.5;
        }
        return NaN;
      };
      const width = at(0.75) - at(0.25);
      if (Number.isFinite(width) && width > 0) samples.push({ phi, width });
    }
  }
  if (samples.length < 12) return undefined;
  let best: { error: number; theta: number; b: number } | undefined;
  for (let degrees = 0; degrees < 180; degrees += 2) {
    const theta = (degrees * Math.PI) / 180;
    // Least squares for w = a + b·u with u = |cos(φ − θ)|.
    let su = 0; let sw = 0; let suu = 0; let suw = 0;
    for (const { phi, width } of samples) {
      const u = Math.abs(Math.cos(phi - theta));
      su += u; sw += width; suu += u * u; suw += u * width;
    }
    const n = samples.length;
    const det = n * suu - su * su;
    if (!(det > 1e-9)) continue;
    const b = (n * suw - su * sw) / det;
    const a = (sw - b * su) / n;
    let error = 0;
    for (const { phi, width } of samples) error += (width - a - b * Math.abs(Math.cos(phi - theta))) ** 2;
    if (!best || error < best.error) best = { error, theta: degrees, b };
  }
  if (!best || !(best.b > 0)) return undefined;
  return { lengthPx: 2 * best.b, angleDeg: best.theta };
}

/** Offsets and weights of a straight motion-blur kernel (as a camera shake draws it: a line of even weight). */
export function motionKernel(blur: MotionBlur): { dx: number; dy: number; weight: number }[] {
  const angle = (blur.angleDeg * Math.PI) / 180;
  const steps = Math.max(1, Math.ceil(blur.lengthPx) * 4);
  const counts = new Map<string, number>();
  for (let i = 0; i <= steps; i++) {
    const t = (i / steps - 0.5) * blur.lengthPx;
    const key = `${Math.round(t * Math.cos(angle))},${Math.round(t * Math.sin(angle))}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => {
    const [dx = 0, dy = 0] = key.split(',').map(Number);
    return { dx, dy, weight: count / (steps + 1) };
  });
}

/** Richardson–Lucy deconvolution of a grey image by a known kernel (edges clamped): the estimate after each of the
 * given numbers of rounds (ascending). */
export function deconvolve(image: GrayImage, kernel: readonly { dx: number; dy: number; weight: number }[], snapshots: readonly number[]): GrayImage[] {
  const { width: w, height: h } = image;
  const observed = Float32Array.from(image.data, (v) => v + 1);
  let estimate = Float32Array.from(observed);
  const blurred = new Float32Array(w * h);
  const ratio = new Float32Array(w * h);
  const convolve = (src: Float32Array, out: Float32Array, sign: number): void => {
    out.fill(0);
    for (const { dx, dy, weight } of kernel) {
      for (let y = 0; y < h; y++) {
        const sy = Math.min(h - 1, Math.max(0, y + sign * dy)) * w;
        const row = y * w;
        for (let x = 0; x < w; x++) out[row + x]! += weight * src[sy + Math.min(w - 1, Math.max(0, x + sign * dx))]!;
      }
    }
  };
  const correction = new Float32Array(w * h);
  const out: GrayImage[] = [];
  const last = Math.max(0, ...snapshots);
  for (let round = 1; round <= last; round++) {
    convolve(estimate, blurred, 1);
    for (let i = 0; i < ratio.length; i++) ratio[i] = observed[i]! / Math.max(1e-3, blurred[i]!);
    convolve(ratio, correction, -1);
    const next = new Float32Array(w * h);
    for (let i = 0; i < next.length; i++) next[i] = estimate[i]! * correction[i]!;
    estimate = next;
    if (snapshots.includes(round)) out.push({ width: w, height: h, data: Uint8Array.from(estimate, (v) => Math.max(0, Math.min(255, Math.round(v - 1)))) });
  }
  return out;
}
