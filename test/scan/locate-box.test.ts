import { describe, expect, it } from 'vitest';
import { sampleBilinear, type BoxLayout, type GrayImage } from '../../src/model/index.js';
import { locateBox } from '../../src/scan/locate-box.js';
import { BOX_LOCATE_MIN_GAIN, BOX_LOCATE_REACH_MM, BOX_LOCATE_STEP_MM } from '../../src/scan/thresholds.js';
import type { Homography } from '../../src/scan/transform.js';

const PX_PER_MM = 8;
/** A slight perspective, so that every sample goes through the projective division. */
const homography: Homography = [PX_PER_MM, 0.05, 3, -0.04, PX_PER_MM, 2, 0.0004, 0.0003, 1];
const box: BoxLayout = { xMm: 12, yMm: 10, wMm: 5.5, hMm: 5.5, shape: 'square' };

/** A 40 × 34 mm page: paper with seeded noise, a 0.4 mm outline drawn with its top-left corner at (xMm, yMm). */
function page(seed: number, outline?: { xMm: number; yMm: number }): GrayImage {
  const width = 40 * PX_PER_MM + 40; const height = 34 * PX_PER_MM + 40;
  const data = new Uint8Array(width * height);
  let state = seed;
  for (let i = 0; i < data.length; i++) { state = (state * 1103515245 + 12345) % 2 ** 31; data[i] = 150 + (state % 100); }
  if (outline) {
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = homography;
    for (let yMm = outline.yMm - 0.2; yMm <= outline.yMm + box.hMm + 0.2; yMm += 0.05) {
      for (let xMm = outline.xMm - 0.2; xMm <= outline.xMm + box.wMm + 0.2; xMm += 0.05) {
        const onEdge = Math.min(Math.abs(xMm - outline.xMm), Math.abs(xMm - outline.xMm - box.wMm), Math.abs(yMm - outline.yMm), Math.abs(yMm - outline.yMm - box.hMm)) <= 0.2;
        if (!onEdge) continue;
        const w = g * xMm + k * yMm + m;
        data[Math.round((d * xMm + e * yMm + f) / w) * width + Math.round((a * xMm + b * yMm + c) / w)] = 25;
      }
    }
  }
  return { width, height, data };
}

/** The search written plainly: every offset's mean darkness along the 48-point outline (12 points an edge), the first
 * strictly darkest in row order, taken only BOX_LOCATE_MIN_GAIN darker than staying put. */
function exhaustive(image: GrayImage): { dxMm: number; dyMm: number } {
  const darkness = (dx: number, dy: number): number => {
    let sum = 0;
    for (let i = 0; i < 12; i++) {
      const u = (i + 0.5) / 12;
      const points = [[box.xMm + u * box.wMm, box.yMm], [box.xMm + u * box.wMm, box.yMm + box.hMm], [box.xMm, box.yMm + u * box.hMm], [box.xMm + box.wMm, box.yMm + u * box.hMm]];
      for (const [px, py] of points) {
        const x = px! + dx; const y = py! + dy;
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = homography;
        const w = g * x + k * y + m;
        sum += 255 - sampleBilinear(image, (a * x + b * y + c) / w, (d * x + e * y + f) / w);
      }
    }
    return sum / 48;
  };
  const still = darkness(0, 0);
  let best = { dxMm: 0, dyMm: 0, value: still };
  const steps = Math.round(BOX_LOCATE_REACH_MM / BOX_LOCATE_STEP_MM);
  for (let j = -steps; j <= steps; j++) {
    for (let i = -steps; i <= steps; i++) {
      if (i === 0 && j === 0) continue;
      const value = darkness(i * BOX_LOCATE_STEP_MM, j * BOX_LOCATE_STEP_MM);
      if (value > best.value) best = { dxMm: i * BOX_LOCATE_STEP_MM, dyMm: j * BOX_LOCATE_STEP_MM, value };
    }
  }
  return best.value - still >= BOX_LOCATE_MIN_GAIN ? { dxMm: best.dxMm, dyMm: best.dyMm } : { dxMm: 0, dyMm: 0 };
}

describe('locateBox', () => {
  it('finds a printed outline where it lies within the search reach, and confirms it against the paper either side', () => {
    const found = locateBox(page(7, { xMm: box.xMm + 1.25, yMm: box.yMm - 0.5 }), homography, box);
    expect([found.dxMm, found.dyMm]).toEqual([1.25, -0.5]);
    expect(found.outlineContrast).toBeGreaterThan(40);
    expect(found.innerContrast).toBeGreaterThan(40);
  });

  it('gives the offset a search of every offset in full gives, with an outline and on paper noise alone', () => {
    for (const [seed, outline] of [[1, { xMm: 10.25, yMm: 11.75 }], [2, { xMm: 12, yMm: 10 }], [3, undefined], [4, undefined], [5, { xMm: 14.5, yMm: 7.5 }]] as const) {
      const image = page(seed, outline);
      const found = locateBox(image, homography, box);
      expect({ dxMm: found.dxMm, dyMm: found.dyMm }).toEqual(exhaustive(image));
    }
  });
});
