import { describe, expect, it } from 'vitest';
import { createGrayImage, sampleBilinear, type GrayImage } from '../../src/model/gray-image.js';

/** Bilinear sampling written out with the border clamps on every sample: what sampleBilinear must equal everywhere. */
function clampedBilinear(image: GrayImage, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (px: number, py: number): number =>
    image.data[Math.min(image.height - 1, Math.max(0, py)) * image.width + Math.min(image.width - 1, Math.max(0, px))]!;
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

describe('sampleBilinear', () => {
  // A small image of varied greys (a fixed pseudo-random sequence, so every run checks the same pixels).
  const image = createGrayImage(7, 5);
  let state = 12345;
  for (let i = 0; i < image.data.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    image.data[i] = state % 256;
  }

  it('gives exactly the clamped bilinear value inside, on the last row and column, and outside the image', () => {
    const positions: [number, number][] = [];
    for (let y = -1.5; y <= 5.5; y += 0.25) for (let x = -1.5; x <= 7.5; x += 0.37) positions.push([x, y]);
    positions.push([5.999999, 3.5], [6, 3.5], [3.5, 3.999999], [3.5, 4], [0, 0], [-0.000001, 2]);
    for (const [x, y] of positions) expect(sampleBilinear(image, x, y)).toBe(clampedBilinear(image, x, y));
  });

  it('interpolates between the four neighbours', () => {
    const flat = createGrayImage(4, 4, 0);
    flat.data[1 * 4 + 1] = 100; flat.data[1 * 4 + 2] = 200;
    expect(sampleBilinear(flat, 1.5, 1)).toBe(150);
    expect(sampleBilinear(flat, 1.5, 1.5)).toBe(75);
  });
});
