import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../src/model/index.js';
import { cropAround, deconvolve, estimateMotionBlur, locateQrFromDiscs, motionKernel, type MotionBlur } from '../../src/scan/deblur-qr.js';

/** Blurs an image with a kernel from motionKernel (edges clamped), as a shaken camera does. */
function blurWith(image: GrayImage, blur: MotionBlur): GrayImage {
  const kernel = motionKernel(blur);
  const { width: w, height: h } = image;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (const { dx, dy, weight } of kernel) {
        sum += weight * image.data[Math.min(h - 1, Math.max(0, y + dy)) * w + Math.min(w - 1, Math.max(0, x + dx))]!;
      }
      data[y * w + x] = Math.round(sum);
    }
  }
  return { width: w, height: h, data };
}

function blank(width: number, height: number, grey = 230): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(grey) };
}

function disc(image: GrayImage, cx: number, cy: number, r: number): void {
  for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
    for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) image.data[y * image.width + x] = 20;
  }
}

/** A 21 × 21 module pseudo-random pattern with 6 px modules: QR-like texture. */
function modules(image: GrayImage, x0: number, y0: number, modulePx: number): void {
  let state = 12345;
  for (let j = 0; j < 21; j++) {
    for (let i = 0; i < 21; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      if ((state >>> 16) % 2 === 0) continue;
      for (let y = 0; y < modulePx; y++) for (let x = 0; x < modulePx; x++) image.data[(y0 + j * modulePx + y) * image.width + x0 + i * modulePx + x] = 20;
    }
  }
}

function meanAbsDifference(a: GrayImage, b: GrayImage, margin: number): number {
  let sum = 0; let n = 0;
  for (let y = margin; y < a.height - margin; y++) for (let x = margin; x < a.width - margin; x++) { sum += Math.abs(a.data[y * a.width + x]! - b.data[y * b.width + x]!); n += 1; }
  return sum / n;
}

describe('deblurring a shaken QR', () => {
  it('draws a straight kernel of even weight along the shake', () => {
    const kernel = motionKernel({ lengthPx: 9, angleDeg: 90 });
    expect(kernel.reduce((sum, k) => sum + k.weight, 0)).toBeCloseTo(1, 9);
    expect(kernel.every((k) => k.dx === 0)).toBe(true);
    expect(Math.max(...kernel.map((k) => Math.abs(k.dy)))).toBe(5);
  });

  it('measures the direction of a shake on the edges of dark discs', () => {
    for (const angleDeg of [20, 65, 130]) {
      const sharp = blank(400, 200);
      disc(sharp, 100, 100, 22);
      disc(sharp, 300, 100, 22);
      const blur = estimateMotionBlur(blurWith(sharp, { lengthPx: 10, angleDeg }), [{ centre: { x: 100, y: 100 }, radiusPx: 22 }, { centre: { x: 300, y: 100 }, radiusPx: 22 }]);
      expect(blur).toBeDefined();
      const error = Math.abs(((blur!.angleDeg - angleDeg + 90) % 180 + 180) % 180 - 90);
      expect(error).toBeLessThan(6);
      expect(blur!.lengthPx).toBeGreaterThan(3);
    }
  });

  it('brings a shaken module pattern back closer to the sharp one', () => {
    const sharp = blank(170, 170);
    modules(sharp, 22, 22, 6);
    const shake = { lengthPx: 11, angleDeg: 60 };
    const blurred = blurWith(sharp, shake);
    const [restored] = deconvolve(blurred, motionKernel(shake), [30]);
    expect(restored).toBeDefined();
    expect(meanAbsDifference(restored!, sharp, 12)).toBeLessThan(0.7 * meanAbsDifference(blurred, sharp, 12));
  });

  it('finds the code square beside the top-right disc in any rotation and crops around it', () => {
    // An A4 portrait page at 4 px/mm, marks 12 mm in; the QR's texture sits where layout.ts prints it.
    const s = 4;
    const page = blank(210 * s, 297 * s);
    const marks = [[12, 12], [198, 12], [198, 285], [12, 285]] as const;
    for (const [x, y] of marks) disc(page, x * s, y * s, 4 * s);
    modules(page, Math.round((210 - 49) * s), Math.round(8 * s), 5);
    const located = locateQrFromDiscs(page, marks.map(([x, y]) => ({ x: x * s, y: y * s })));
    expect(located).toBeDefined();
    expect(located!.corners[0]!.x).toBeCloseTo((210 - 49) * s, 0);
    expect(located!.corners[0]!.y).toBeCloseTo(8 * s, 0);
    // Upside down: discs listed in image order (the page's BR is now the image's TL).
    const turned: GrayImage = { ...page, data: Uint8Array.from(page.data).reverse() };
    const flipped = locateQrFromDiscs(turned, marks.map(([x, y]) => ({ x: page.width - 1 - x * s, y: page.height - 1 - y * s })).map((_, i, all) => all[(i + 2) % 4]!));
    const xs = flipped!.corners.map((c) => c.x);
    expect(Math.min(...xs)).toBeCloseTo(page.width - 1 - (210 - 24) * s, -1);
    const crop = cropAround(page, located!.corners, s, 6);
    expect(crop.x0).toBe(Math.floor((210 - 49 - 10) * s));
    expect(crop.image.width).toBeGreaterThan(25 * s);
  });
});
