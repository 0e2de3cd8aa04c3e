import { beforeAll, describe, expect, it } from 'vitest';
import type { FormLayout, GrayImage } from '../../src/model/index.js';
import { applyHomography, composeHomographies, type Homography } from '../../src/geometry/index.js';
import { qrCornersMm, registerFromMarks, registerPage } from '../../src/scan/register-page.js';
import { cameraHomography, codeFor, fillRect, loadIntake, MM_PER_INCH, renderPage, rotate180, warpImage } from '../helpers/scan-page.js';

const DPI = 150;
const PX_PER_MM = DPI / MM_PER_INCH;
/** Page mm → rendered px at DPI. */
const RENDER: Homography = [PX_PER_MM, 0, 0, 0, PX_PER_MM, 0, 0, 0, 1];

let layout: FormLayout;
let photo: GrayImage;
/** The true page mm → photo px map (render, then the camera's rotation, scale and keystone). */
let truth: Homography;

/** Largest distance (px) between where `found` and `truth` put the layout's marks and QR corners. */
function worstErrorPx(found: readonly number[]): number {
  const points = [...layout.marks.map((mark) => ({ x: mark.xMm, y: mark.yMm })), ...qrCornersMm(layout)];
  return Math.max(...points.map((point) => {
    const a = applyHomography(found, point);
    const b = applyHomography(truth, point);
    return Math.hypot(a.x - b.x, a.y - b.y);
  }));
}

const qrCornersPx = (map: Homography) => qrCornersMm(layout).map((corner) => applyHomography(map, corner));

beforeAll(async () => {
  layout = loadIntake().layout;
  const page = await renderPage(layout, codeFor(layout, 12, 1), DPI);
  const camera = cameraHomography(page, 6, 0.9, 3e-6);
  photo = warpImage(page, camera.h, camera.width, camera.height);
  truth = composeHomographies(camera.h, RENDER);
});

describe('qrCornersMm', () => {
  it('gives the corners of the layout QR square in code order TL, TR, BR, BL', () => {
    const { xMm, yMm, sizeMm } = layout.qr;
    expect(qrCornersMm(layout)).toEqual([
      { x: xMm, y: yMm }, { x: xMm + sizeMm, y: yMm }, { x: xMm + sizeMm, y: yMm + sizeMm }, { x: xMm, y: yMm + sizeMm },
    ]);
  });
});

describe('registerPage', () => {
  it('finds all four marks of a rotated, keystoned photo and maps the page onto it within a pixel', () => {
    const result = registerPage(photo, { image: photo, factor: 1 }, layout, qrCornersPx(truth), 1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.transform.marksFound).toBe(4);
    expect(result.transform.weak).toBe(false);
    expect(result.transform.residualMm).toBeLessThan(0.3);
    expect(worstErrorPx(result.transform.homography)).toBeLessThan(1.5);
    // 0.9 × 150 dpi: the scale is image px per page mm at the centre.
    expect(result.transform.scale).toBeGreaterThan(0.85 * PX_PER_MM);
    expect(result.transform.scale).toBeLessThan(0.95 * PX_PER_MM);
  });

  it("measures the page's own paper and ink at the marks", () => {
    const result = registerPage(photo, { image: photo, factor: 1 }, layout, qrCornersPx(truth), 1);
    if (!result.ok) throw new Error(result.message);
    expect(result.levels.paperLevel).toBeGreaterThan(200);
    expect(result.levels.inkLevel).toBeLessThan(80);
  });

  /** The photo with its bottom-right mark painted over with paper. */
  function coverBottomRight(): GrayImage {
    const covered: GrayImage = { ...photo, data: Uint8Array.from(photo.data) };
    const mark = applyHomography(truth, { x: layout.marks[2]!.xMm, y: layout.marks[2]!.yMm });
    const half = 8 * PX_PER_MM;
    fillRect(covered, mark.x - half, mark.y - half, 2 * half, 2 * half, 255);
    return covered;
  }

  it("recovers a covered mark through the page's own printed box outlines, and trusts the fit they confirm", () => {
    const covered = coverBottomRight();
    const result = registerPage(covered, { image: covered, factor: 1 }, layout, qrCornersPx(truth), 1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.transform.marksFound).toBe(3);
    expect(result.transform.marksPx[2]).toBeNull();
    expect(result.metrics['outlineFitTrusted']).toBe(true);
    expect(result.transform.weak).toBe(false);
    // Within half a millimetre everywhere (5.3 px per mm here), a tenth of a checkbox.
    expect(worstErrorPx(result.transform.homography)).toBeLessThan(2.6);
  });

  it('registers with three marks but calls it weak when no page is named to confirm it by', () => {
    const covered = coverBottomRight();
    const result = registerPage(covered, { image: covered, factor: 1 }, layout, qrCornersPx(truth));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.transform.marksFound).toBe(3);
    expect(result.transform.weak).toBe(true);
    expect(result.metrics['outlineFitTrusted']).toBeUndefined();
  });

  it('refuses a page whose marks the QR puts outside the picture, saying it is cut off', () => {
    // The same QR seen 2000 px further right: the page it implies reaches beyond the picture's right edge.
    const shifted = composeHomographies([1, 0, 2000, 0, 1, 0, 0, 0, 1], truth);
    const result = registerPage(photo, { image: photo, factor: 1 }, layout, qrCornersPx(shifted), 1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/cut off.*outside the picture/);
  });
});

describe('registerFromMarks', () => {
  it('registers a page fed upside down from its marks alone, picking the rotation by the QR square', () => {
    const upsideDown = rotate180(photo);
    const result = registerFromMarks(upsideDown, { image: upsideDown, factor: 1 }, layout, 1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // The page's top-left mark lies in the bottom-right quarter of the turned picture.
    const topLeft = applyHomography(result.transform.homography, { x: layout.marks[0]!.xMm, y: layout.marks[0]!.yMm });
    expect(topLeft.x).toBeGreaterThan(upsideDown.width / 2);
    expect(topLeft.y).toBeGreaterThan(upsideDown.height / 2);
    expect(result.transform.marksFound).toBe(4);
  });

  it('refuses a picture without the four corner discs', () => {
    const blank: GrayImage = { width: photo.width, height: photo.height, data: new Uint8Array(photo.data.length).fill(245) };
    const result = registerFromMarks(blank, { image: blank, factor: 1 }, layout, 1);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/registration marks/);
  });
});
