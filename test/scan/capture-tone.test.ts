import { describe, expect, it } from 'vitest';
import { measureCaptureTone } from '../../src/scan/capture-tone.js';
import type { GrayImage } from '../../src/model/index.js';

/** A page of black "print" on paper, its edges anti-aliased (greyscale scan) or thresholded (1-bit). */
function page(bilevel: boolean): GrayImage {
  const width = 600; const height = 800;
  const data = new Uint8Array(width * height).fill(bilevel ? 255 : 238);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Soft-edged strokes every 12 px: ink in the middle, a grey ramp of 2 px either side, like print at 300 dpi.
      const d = Math.abs((x % 12) - 6);
      const grey = d <= 1 ? 10 : d <= 3 ? 10 + (d - 1) * 100 : 238;
      if (y % 40 < 30) data[y * width + x] = bilevel ? (grey < 128 ? 0 : 255) : grey;
    }
  }
  return { width, height, data };
}

describe('measureCaptureTone', () => {
  it('calls a thresholded page bilevel and a greyscale page with anti-aliased edges not', () => {
    const oneBit = measureCaptureTone(page(true));
    expect(oneBit.midToneShare).toBe(0);
    expect(oneBit.bilevel).toBe(true);
    const grey = measureCaptureTone(page(false));
    expect(grey.midToneShare).toBeGreaterThan(0.05);
    expect(grey.bilevel).toBe(false);
  });
});
