import { describe, expect, it } from 'vitest';
import { createRng, INKS, MARK_STYLES } from '../../src/simulate/index.js';
import { drawMark, type InkCanvas } from '../../src/simulate/pen-marks.js';

const box = { xMm: 10, yMm: 10, wMm: 5.5, hMm: 5.5 };
function blank(): InkCanvas {
  const pxPerMm = 300 / 25.4;
  const size = Math.round(26 * pxPerMm);
  return { width: size, height: size, data: new Uint8Array(size * size * 3).fill(255), pxPerMm };
}
function inkShare(canvas: InkCanvas, xMm: number, yMm: number, wMm: number, hMm: number): number {
  const p = canvas.pxPerMm;
  let ink = 0, total = 0;
  for (let y = Math.round(yMm * p); y < Math.round((yMm + hMm) * p); y++) {
    for (let x = Math.round(xMm * p); x < Math.round((xMm + wMm) * p); x++) {
      if (canvas.data[(y * canvas.width + x) * 3]! < 200) ink++;
      total++;
    }
  }
  return ink / total;
}

describe('drawMark', () => {
  it.each(MARK_STYLES)('draws a %s inside the box, leaving the box only when the style overflows', (style) => {
    for (let seed = 0; seed < 20; seed++) {
      const canvas = blank();
      drawMark(canvas, box, style, INKS.black, createRng(seed));
      expect(inkShare(canvas, box.xMm, box.yMm, box.wMm, box.hMm)).toBeGreaterThan(0.005);
      // 1 mm around the box: pen width and jitter; only overflowing, off-centre and cancelled marks may reach further.
      const outside = inkShare(canvas, 0, 0, 26, box.yMm - 1) + inkShare(canvas, 0, box.yMm + box.hMm + 1, 26, 26 - box.yMm - box.hMm - 1);
      if (style !== 'overflow' && style !== 'off-centre' && style !== 'cancelled-overrun') expect(outside, `${style} seed ${seed}`).toBe(0);
      if (style === 'overflow') expect(inkShare(canvas, box.xMm - 3, box.yMm - 3, box.wMm + 6, box.hMm + 6)).toBeGreaterThan(0);
      if (style === 'cancelled' || style === 'cancelled-overrun') expect(inkShare(canvas, box.xMm, box.yMm, box.wMm, box.hMm)).toBeGreaterThan(0.9);
      if (style === 'cancelled-inside') {
        expect(inkShare(canvas, box.xMm + 0.5, box.yMm + 0.5, box.wMm - 1, box.hMm - 1)).toBeGreaterThan(0.9);
        // Stops at the outline: nothing beyond the pen's half width outside the box.
        expect(inkShare(canvas, box.xMm - 1, box.yMm - 1, box.wMm + 2, 0.6), `${style} seed ${seed}`).toBe(0);
      }
      if (style === 'cancelled-overrun') expect(inkShare(canvas, box.xMm - 0.6, box.yMm - 0.6, box.wMm + 1.2, 0.4), `${style} seed ${seed}`).toBeGreaterThan(0.3);
      if (style === 'cancelled-scribble') expect(inkShare(canvas, box.xMm, box.yMm, box.wMm, box.hMm)).toBeGreaterThan(0.4);
    }
  });

  it('keeps blue ink blue: a greyscale reader sees it as mid-dark grey', () => {
    const canvas = blank();
    drawMark(canvas, box, 'filled', INKS.blue, createRng(1));
    const p = canvas.pxPerMm;
    const i = (Math.round((box.yMm + box.hMm / 2) * p) * canvas.width + Math.round((box.xMm + box.wMm / 2) * p)) * 3;
    const [r, g, b] = [canvas.data[i]!, canvas.data[i + 1]!, canvas.data[i + 2]!];
    expect(b).toBeGreaterThan(r + 60);
    const luma = (r * 77 + g * 150 + b * 29) >> 8;
    expect(luma).toBeGreaterThan(30);
    expect(luma).toBeLessThan(110);
  });
});
