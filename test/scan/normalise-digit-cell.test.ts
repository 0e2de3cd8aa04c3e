import { describe, expect, it } from 'vitest';
import { selectKth } from '../../src/scan/normalise-digit-cell.js';

/** The normaliser takes the ink level as the 90th percentile of the strokes' darkness by selection, not by sorting. */
describe('selectKth', () => {
  it('gives the value sorting would put at index k, for every k, with ties and odd lengths', () => {
    let state = 12345;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let trial = 0; trial < 200; trial++) {
      const length = 1 + Math.floor(random() * 60);
      // Few distinct values: darkness saturates, so ties are the common case.
      const values = Float32Array.from({ length }, () => Math.round(random() * 8) / 8);
      const sorted = Float32Array.from(values).sort();
      for (let k = 0; k < length; k++) expect(selectKth(Float32Array.from(values), k)).toBe(sorted[k]);
    }
  });
});
