import { describe, expect, it } from 'vitest';
import { countsQuantile } from '../../src/scan/sample-page.js';

describe('countsQuantile', () => {
  it('gives the sorted samples\' value at ⌊fraction · (n − 1)⌋, from their count per grey', () => {
    let state = 11;
    const samples = Array.from({ length: 997 }, () => { state = (state * 1103515245 + 12345) % 2 ** 31; return state % 256; });
    const counts = new Uint32Array(256);
    for (const value of samples) counts[value]! += 1;
    const sorted = [...samples].sort((a, b) => a - b);
    for (const fraction of [0, 0.02, 0.1, 0.5, 0.9, 0.999, 1]) {
      expect(countsQuantile(counts, samples.length, fraction)).toBe(sorted[Math.floor(fraction * (samples.length - 1))]);
    }
  });

  it('reads no samples as paper white', () => {
    expect(countsQuantile(new Uint32Array(256), 0, 0.9)).toBe(255);
  });
});
