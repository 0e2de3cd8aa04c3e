import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../src/model/index.js';
import { darkBlobs } from '../../src/scan/dark-blobs.js';

/** A 60 × 40 paper image (230) with the given pixels inked (20). */
function image(inked: (x: number, y: number) => boolean): GrayImage {
  const width = 60; const height = 40;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = inked(x, y) ? 20 : 230;
  return { width, height, data };
}

const disc = (cx: number, cy: number, r: number) => (x: number, y: number): boolean => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

describe('darkBlobs', () => {
  it('measures each dark component inside the window: centroid in image px, area, fill and aspect', () => {
    const square = (x: number, y: number): boolean => x >= 30 && x < 36 && y >= 8 && y < 11;
    const blobs = darkBlobs(image((x, y) => disc(15, 20, 5)(x, y) || square(x, y)), 2, 3, 58, 38, 128);
    expect(blobs).toHaveLength(2);
    const [round, bar] = [blobs.find((b) => b.area > 50)!, blobs.find((b) => b.area < 50)!];
    expect(round).toMatchObject({ x: 15, y: 20, area: 81, aspect: 1 });
    expect(round.fill).toBeCloseTo(81 / 121, 10);
    expect(bar).toEqual({ x: 32.5, y: 9, area: 18, fill: 1, aspect: 2 });
    // Listed in the order of their first pixel along the rows.
    expect(blobs[0]).toBe(bar);
  });

  it('leaves out components touching the window edge and specks under 4 px', () => {
    const speck = (x: number, y: number): boolean => x >= 40 && x < 43 && y === 30;
    const blobs = darkBlobs(image((x, y) => disc(15, 20, 5)(x, y) || speck(x, y)), 12, 3, 58, 38, 128);
    expect(blobs).toEqual([]);
  });

  it('with an opening, separates a disc from a thin line running through it', () => {
    const line = (_x: number, y: number): boolean => y === 20;
    const inked = (x: number, y: number): boolean => disc(30, 20, 6)(x, y) || line(x, y);
    const window = [5, 5, 55, 35] as const;
    // Without the opening the disc and the line are one component touching the window's sides: nothing.
    expect(darkBlobs(image(inked), ...window, 128)).toEqual([]);
    const [found, ...rest] = darkBlobs(image(inked), ...window, 128, 1);
    expect(rest).toEqual([]);
    expect(found!.x).toBeCloseTo(30, 6);
    expect(found!.y).toBeCloseTo(20, 6);
    expect(found!.area).toBeGreaterThan(80);
  });
});
