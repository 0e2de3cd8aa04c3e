/**
 * A torn-off QR: the piece of paper carrying the code is gone, so the scanner lid (white) shows through, with a ragged,
 * faintly shadowed tear edge. Pure raster operation on the page canvas; registration marks and the printed sheet id
 * beside the QR are never touched, so a person can still key the id in and the page can still be registered.
 */
import type { FormLayout } from '../model/index.js';
import type { InkCanvas } from './pen-marks.js';
import type { Rng } from '../model/index.js';

/** How far the tear reaches beyond the QR modules (mm): all three finder patterns gone, but inside the quiet zone. */
const TEAR_MARGIN_MM = 1.2;
/** Depth of the ragged edge's teeth (mm): paper fibres, not a scissors cut. */
const TEAR_JAGGED_MM = 0.8;
/** Width (mm) and darkness (0–1) of the shadow a torn paper edge casts on the scanner glass. */
const TEAR_SHADOW_MM = 0.35;
const TEAR_SHADOW_DARKNESS = 0.35;

/** Whites out the QR with a ragged outline; returns the torn area's bounding box (mm) for the truth. */
export function tearQr(canvas: InkCanvas, layout: FormLayout, rng: Rng): { xMm: number; yMm: number; wMm: number; hMm: number } {
  const { xMm, yMm, sizeMm, quietMm } = layout.qr;
  // Within the quiet zone only: the id text and the top-right mark lie beyond it.
  const margin = Math.min(TEAR_MARGIN_MM, quietMm - TEAR_JAGGED_MM - TEAR_SHADOW_MM);
  const x0 = xMm - margin, y0 = yMm - margin, x1 = xMm + sizeMm + margin, y1 = yMm + sizeMm + margin;
  const p = canvas.pxPerMm;
  // The ragged edge: per side, a random tooth depth every ~0.5 mm (inward only, so the area never grows past the margin).
  const teeth = (lengthMm: number): Float32Array => {
    const count = Math.max(2, Math.ceil(lengthMm / 0.5) + 1);
    const depth = new Float32Array(count);
    for (let i = 0; i < count; i++) depth[i] = rng.range(0, TEAR_JAGGED_MM);
    return depth;
  };
  const sides = { top: teeth(x1 - x0), bottom: teeth(x1 - x0), left: teeth(y1 - y0), right: teeth(y1 - y0) };
  const at = (depth: Float32Array, t: number): number => {
    const f = Math.max(0, Math.min(1, t)) * (depth.length - 1);
    const i = Math.floor(f);
    const a = depth[i]!, b = depth[Math.min(depth.length - 1, i + 1)]!;
    return a + (b - a) * (f - i);
  };
  const left = Math.max(0, Math.floor((x0 - TEAR_SHADOW_MM) * p));
  const right = Math.min(canvas.width - 1, Math.ceil((x1 + TEAR_SHADOW_MM) * p));
  const top = Math.max(0, Math.floor((y0 - TEAR_SHADOW_MM) * p));
  const bottom = Math.min(canvas.height - 1, Math.ceil((y1 + TEAR_SHADOW_MM) * p));
  for (let py = top; py <= bottom; py++) {
    const y = (py + 0.5) / p;
    for (let px = left; px <= right; px++) {
      const x = (px + 0.5) / p;
      const tx = (x - x0) / (x1 - x0), ty = (y - y0) / (y1 - y0);
      // Signed distance inside the ragged outline (mm): > 0 inside the hole.
      const inside = Math.min(x - (x0 + at(sides.left, ty)), (x1 - at(sides.right, ty)) - x, y - (y0 + at(sides.top, tx)), (y1 - at(sides.bottom, tx)) - y);
      const index = (py * canvas.width + px) * 3;
      if (inside >= 0) {
        canvas.data[index] = 255; canvas.data[index + 1] = 255; canvas.data[index + 2] = 255;
      } else if (inside > -TEAR_SHADOW_MM) {
        const keep = 1 - TEAR_SHADOW_DARKNESS * (1 + inside / TEAR_SHADOW_MM);
        for (let c = 0; c < 3; c++) canvas.data[index + c] = Math.round(canvas.data[index + c]! * keep);
      }
    }
  }
  return { xMm: x0, yMm: y0, wMm: x1 - x0, hMm: y1 - y0 };
}
