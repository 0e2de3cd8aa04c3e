import { describe, expect, it } from 'vitest';
import { measureCellDarkness, measureDarkness, medianOf } from '../../src/scan/cell-darkness.js';
import { measureCellInk } from '../../src/scan/digit-ink.js';
import { lookAtCell, normaliseDigitCell } from '../../src/scan/read-digits.js';
import { DIGIT_FAINT_INK_MIN_DARKNESS, DIGIT_INK_MIN_DARKNESS } from '../../src/scan/thresholds.js';
import { createRng, renderDigitCell, splitMnist } from '../helpers/digit-cells.js';

const { test: testSplit } = splitMnist();

/** Written, blank, scanned and photographed cells: ink, faint strokes, borders and uneven paper. */
function cells(): ReturnType<typeof renderDigitCell>[] {
  const rng = createRng(7);
  const out = [];
  for (const [k, sample] of testSplit.slice(0, 24).entries()) {
    out.push(renderDigitCell(k % 6 === 5 ? null : sample.pixels, k % 2 === 0 ? 'scan' : 'phone', rng));
  }
  return out;
}

describe('measureCellDarkness', () => {
  it('gives measureDarkness\'s map, its two thresholds as masks and medianOf\'s grey, value for value', () => {
    for (const crop of cells()) {
      const expected = measureDarkness(crop);
      const median = medianOf(crop.data);
      const looked = measureCellDarkness(crop);
      expect(looked.darkness).toEqual(expected);
      expect(looked.median).toBe(median);
      expect(Array.from(looked.faint)).toEqual(Array.from(expected, (d) => (d >= DIGIT_FAINT_INK_MIN_DARKNESS ? 1 : 0)));
      expect(Array.from(looked.ink)).toEqual(Array.from(expected, (d) => (d >= DIGIT_INK_MIN_DARKNESS ? 1 : 0)));
    }
  });

  it('lets the first look and the normaliser share one measure (scratch the normaliser marks) and read as each does alone', () => {
    let inked = 0;
    for (const crop of cells()) {
      const ink = measureCellInk(crop);
      const looked = lookAtCell(crop);
      expect(looked.ink).toEqual(ink);
      if (!ink.inkSeen) continue;
      inked++;
      const normalised = normaliseDigitCell(crop);
      expect(looked.normalised.metrics).toEqual(normalised.metrics);
      expect(looked.normalised.image28).toEqual(normalised.image28);
    }
    expect(inked).toBeGreaterThan(10);
  });
});
