import { describe, expect, it } from 'vitest';
import type { BoxLayout, FieldLayout, GrayImage } from '../../src/model/index.js';
import { decideBox, readCheckboxField } from '../../src/scan/read-checkbox.js';
import type { Homography } from '../../src/scan/transform.js';

const PX_PER_MM = 10;
const identity: Homography = [PX_PER_MM, 0, 0, 0, PX_PER_MM, 0, 0, 0, 1];
const levels = { paperLevel: 240, inkLevel: 20 };

/** A white 60 × 30 mm page with square outlines (0.4 mm) drawn at the given top-left corners (mm), 5.5 mm boxes. */
function pageWithOutlines(corners: readonly { xMm: number; yMm: number }[]): GrayImage {
  const width = 60 * PX_PER_MM; const height = 30 * PX_PER_MM;
  const data = new Uint8Array(width * height).fill(240);
  for (const { xMm, yMm } of corners) {
    const x0 = Math.round(xMm * PX_PER_MM); const y0 = Math.round(yMm * PX_PER_MM); const size = 5.5 * PX_PER_MM;
    for (let y = y0 - 2; y <= y0 + size + 2; y++) {
      for (let x = x0 - 2; x <= x0 + size + 2; x++) {
        const onEdge = Math.abs(x - x0) <= 2 || Math.abs(x - x0 - size) <= 2 || Math.abs(y - y0) <= 2 || Math.abs(y - y0 - size) <= 2;
        if (onEdge) data[y * width + x] = 20;
      }
    }
  }
  return { width, height, data };
}

describe('decideBox (tick mode)', () => {
  it('sends grey haze without any stroke-dark sample (shadow edge, blur) to review instead of reading it as a tick', () => {
    expect(decideBox({ inkRatio: 0.17, darkFraction: 0, paperLevel: 240, overrun: 0, peakContrast: 0, strokeFraction: 0 }, 'tick').state).toBe('marginal');
  });

  it('still reads a real tick (mean ink and stroke-dark samples) as marked', () => {
    expect(decideBox({ inkRatio: 0.15, darkFraction: 0.12, paperLevel: 240, overrun: 0, peakContrast: 0.8, strokeFraction: 0.12 }, 'tick').state).toBe('marked');
  });
});

describe('readCheckboxField', () => {
  const boxes: BoxLayout[] = [0, 1, 2].map((i) => ({ xMm: 5 + 15 * i, yMm: 10, wMm: 5.5, hMm: 5.5, shape: 'square', value: `v${i}` }));
  const field: FieldLayout = { id: 'needs', kind: 'checkbox', page: 0, boxes };

  it('accepts an empty group whose outlines are where the page fit puts them', () => {
    const { reading } = readCheckboxField(pageWithOutlines(boxes), identity, field, levels, 'tick');
    expect(reading.status).toBe('empty');
  });

  it('sends a box to review when its outline is found far from where its neighbours were found', () => {
    // The third box's outline is 2.5 mm lower than the fit says, its neighbours' are in place: that box was not found.
    const corners = [boxes[0]!, boxes[1]!, { xMm: boxes[2]!.xMm, yMm: boxes[2]!.yMm + 2.5 }];
    const { reading } = readCheckboxField(pageWithOutlines(corners), identity, field, levels, 'tick');
    expect(reading.status).toBe('needs-review');
    expect(reading.reasons).toContain('marginal-mark');
  });
});
