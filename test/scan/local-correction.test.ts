import { describe, expect, it } from 'vitest';
import { anchorDeviations, anchorFrom, correctedPoint, correctionAt, localHomography, type PageCorrection } from '../../src/scan/local-correction.js';
import { applyHomography, fitHomography, invertHomography, localScale, type Homography, type Point2 } from '../../src/scan/transform.js';

/** A phone's view of an A4 page: ~10 px/mm, turned 8°, with perspective. */
const camera: Homography = (() => {
  const s = 10; const a = (8 * Math.PI) / 180;
  return [s * Math.cos(a), -s * Math.sin(a), 400, s * Math.sin(a), s * Math.cos(a), 150, 1.2e-4, 4e-4, 1];
})();

/** The page's bottom edge curled up by `liftMm`, as the simulator bends it: the shift grows with the cube of the
 * distance from the top edge and is largest at the bottom corners (the middle of the edge stays down). */
function curled(liftMm: number): (p: Point2) => Point2 {
  return (p) => {
    const fu = p.x / 210; const fv = p.y / 297; const bu = 2 * fu - 1;
    return applyHomography(camera, { x: p.x, y: p.y - liftMm * bu * bu * fv * fv * fv });
  };
}

const MARKS: Point2[] = [{ x: 12, y: 12 }, { x: 198, y: 12 }, { x: 198, y: 285 }, { x: 12, y: 285 }];
const QR: Point2[] = [{ x: 170, y: 20 }, { x: 195, y: 20 }, { x: 195, y: 45 }, { x: 170, y: 45 }];
/** Box centres on a 15 mm grid between the marks (the page's checkboxes and digit cells). */
const BOXES: Point2[] = [];
for (let y = 60; y <= 275; y += 15) for (let x = 20; x <= 190; x += 15) BOXES.push({ x, y });

function missMm(truth: (p: Point2) => Point2, predict: (p: Point2) => Point2, p: Point2): number {
  const a = predict(p); const b = truth(p);
  return Math.hypot(a.x - b.x, a.y - b.y) / localScale(camera, p);
}

describe('local correction of a curled page', () => {
  const truth = curled(5);
  const pointPairs = [...MARKS, ...QR].map((page) => ({ page, image: truth(page) }));
  const base = fitHomography(pointPairs)!;
  const inverse = invertHomography(base);
  // Anchors at every other box; the boxes in between are predicted.
  const anchored = BOXES.filter((_, index) => index % 2 === 0);
  const heldOut = BOXES.filter((_, index) => index % 2 === 1);
  const correction: PageCorrection = {
    anchors: [...pointPairs, ...anchored.map((page) => ({ page, image: truth(page) }))].map((pair) => anchorFrom(inverse, pair.page, pair.image)),
    radiusMm: 20,
  };

  it('predicts boxes it was not given within 0.35 mm where the page-wide homography is off by several mm', () => {
    const homographyMiss = Math.max(...heldOut.map((p) => missMm(truth, (q) => applyHomography(base, q), p)));
    expect(homographyMiss).toBeGreaterThan(2);
    const correctedMiss = Math.max(...heldOut.map((p) => missMm(truth, (q) => correctedPoint(base, correction, q), p)));
    expect(correctedMiss).toBeLessThan(0.35);
  });

  it('gives each field one homography that puts its corners where the correction does', () => {
    const rect = { xMm: 110, yMm: 250, wMm: 30, hMm: 6 };
    const h = localHomography(base, correction, rect);
    for (const corner of [{ x: 110, y: 250 }, { x: 140, y: 250 }, { x: 140, y: 256 }, { x: 110, y: 256 }]) {
      expect(missMm(truth, (q) => applyHomography(h, q), corner)).toBeLessThan(0.25);
    }
  });

  it('singles out an anchor that disagrees with its neighbours (a box located on the next line)', () => {
    const wrong = { ...correction, anchors: correction.anchors.map((anchor, index) => (index === 20 ? { ...anchor, dyMm: anchor.dyMm + 3 } : anchor)) };
    const deviations = anchorDeviations(wrong);
    const worst = deviations.indexOf(Math.max(...deviations));
    expect(worst).toBe(20);
    expect(deviations[20]).toBeGreaterThan(2);
    // Box anchors agree with their neighbours; a corner mark is an extrapolation where the curl bends fastest and may
    // be dropped by the registration (the boxes around it anchor that corner instead).
    const boxDeviations = anchorDeviations(correction).slice(pointPairs.length);
    expect(Math.max(...boxDeviations)).toBeLessThan(0.5);
  });

  it('changes nothing on a flat page and stays defined with anchors on one line', () => {
    const flat = { anchors: [...MARKS, ...QR].map((page) => anchorFrom(invertHomography(camera), page, applyHomography(camera, page))), radiusMm: 20 };
    const h = localHomography(camera, flat, { xMm: 50, yMm: 100, wMm: 40, hMm: 10 });
    expect(missMm((p) => applyHomography(camera, p), (p) => applyHomography(h, p), { x: 70, y: 105 })).toBeLessThan(1e-6);
    const line = { anchors: [0, 50, 100].map((x) => ({ xMm: x, yMm: 10, dxMm: 1, dyMm: 0.5 })), radiusMm: 20 };
    const d = correctionAt(line, { x: 30, y: 80 });
    expect(d.x).toBeCloseTo(1, 6);
    expect(d.y).toBeCloseTo(0.5, 6);
  });
});
