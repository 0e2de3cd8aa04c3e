import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyHomography, fitAffine, fitHomography, imageToPage, invertHomography, pageToImage } from '../../src/geometry/index.js';

const coefficient = (min: number, max: number) => fc.double({ min, max, noNaN: true });
/** Plausible camera homographies: scale 2–20 px/mm, any rotation, mild perspective, offsets. */
const homography = fc.tuple(coefficient(2, 20), coefficient(0, 2 * Math.PI), coefficient(-2e-4, 2e-4), coefficient(-2e-4, 2e-4),
  coefficient(-500, 500), coefficient(-500, 500)).map(([s, a, g, k, tx, ty]) =>
  [s * Math.cos(a), -s * Math.sin(a), tx, s * Math.sin(a), s * Math.cos(a), ty, g, k, 1]);
const pagePoint = fc.record({ x: coefficient(0, 210), y: coefficient(0, 297) });

describe('page transform maths', () => {
  it('imageToPage(pageToImage(p)) ≈ p', () => {
    fc.assert(fc.property(homography, pagePoint, (h, p) => {
      const back = imageToPage(h, pageToImage(h, p));
      expect(Math.hypot(back.x - p.x, back.y - p.y)).toBeLessThan(1e-6);
    }), { seed: 4, numRuns: 200 });
  });

  it('fits the homography that produced 8 exact correspondences, and inverts it', () => {
    fc.assert(fc.property(homography, (h) => {
      const pagePoints = [[12, 12], [198, 12], [198, 285], [12, 285], [161, 8], [186, 8], [186, 33], [161, 33]].map(([x, y]) => ({ x: x!, y: y! }));
      const fitted = fitHomography(pagePoints.map((page) => ({ page, image: applyHomography(h, page) })));
      expect(fitted).toBeDefined();
      for (const p of [{ x: 100, y: 150 }, { x: 5, y: 290 }]) {
        const a = applyHomography(fitted!, p);
        const b = applyHomography(h, p);
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeLessThan(1e-4);
        const back = applyHomography(invertHomography(fitted!), a);
        expect(Math.hypot(back.x - p.x, back.y - p.y)).toBeLessThan(1e-6);
      }
    }), { seed: 7, numRuns: 100 });
  });

  it('refuses degenerate points and fits affine maps exactly', () => {
    expect(fitHomography([0, 1, 2, 3].map((i) => ({ page: { x: i, y: i }, image: { x: i, y: i } })))).toBeUndefined();
    const pairs = [{ x: 0, y: 0 }, { x: 25, y: 0 }, { x: 25, y: 25 }, { x: 0, y: 25 }].map((page) => ({ page, image: { x: 3 * page.x - page.y + 7, y: page.x + 3 * page.y - 2 } }));
    const affine = fitAffine(pairs)!;
    expect(applyHomography(affine, { x: 100, y: 200 }).x).toBeCloseTo(3 * 100 - 200 + 7, 6);
  });
});
