import { describe, expect, it } from 'vitest';
import type { FieldLayout, GrayImage } from '../../src/model/index.js';
import type { DigitClassifier } from '../../src/scan/digit-classifier.js';
import { decideDigitField } from '../../src/scan/decide-digits.js';
import { measureCellInk } from '../../src/scan/digit-ink.js';
import { readDigitField } from '../../src/scan/read-digits.js';
import { DIGIT_ACCEPT_MIN_CONFIDENCE } from '../../src/scan/thresholds.js';
import { createRng, renderDigitCell, renderSimulatedCell, splitMnist } from '../helpers/digit-cells.js';

const W = 68;
const H = 84;
const PAPER = 228;

/** A cell crop as scan cuts it (1 mm margin at 8 px/mm): paper, printed border, then `draw`, then a slight blur. */
function crop(draw: (set: (x: number, y: number, grey: number) => void) => void, noise = 2, seed = 1): GrayImage {
  const rng = createRng(seed);
  const grey = new Float32Array(W * H).fill(PAPER);
  const set = (x: number, y: number, value: number): void => {
    if (x >= 0 && y >= 0 && x < W && y < H) grey[y * W + x] = Math.min(grey[y * W + x]!, value);
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if ((y >= 7 && y <= 9) || (y >= H - 10 && y <= H - 8) || (x >= 7 && x <= 9) || (x >= W - 10 && x <= W - 8)) set(x, y, 35);
    }
  }
  draw(set);
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if (xx < 0 || yy < 0 || xx >= W || yy >= H) continue;
        sum += grey[yy * W + xx]! * (dx === 0 && dy === 0 ? 4 : 1);
        n += dx === 0 && dy === 0 ? 4 : 1;
      }
      data[y * W + x] = Math.max(0, Math.min(255, Math.round(sum / n + noise * rng.gaussian())));
    }
  }
  return { width: W, height: H, data };
}

/** A "1": a vertical stroke `width` px wide starting at column x0, 80 % of the cell's height, in `grey`. */
function one(x0: number, width: number, grey: number): GrayImage {
  return crop((set) => {
    for (let y = 18; y <= 66; y++) for (let x = x0; x < x0 + width; x++) set(x + Math.round((y - 42) * 0.03), y, grey);
  });
}

const PEN = 45;
/** Light pencil: (228 − 196) / 228 = 0.14 darkness, below the ink level the normaliser keeps, above paper noise. */
const PENCIL = 196;

describe('measureCellInk (the first look at a comb cell)', () => {
  it('sees a thin "1" written along either border, in pen and in light pencil', () => {
    for (const grey of [PEN, PENCIL]) {
      // Against the left line (its inner edge is column 9), in the middle, and against the right line (column 58).
      for (const x0 of [11, 32, 55]) {
        const ink = measureCellInk(one(x0, 3, grey));
        expect(ink.inkSeen, `stroke at ${x0} in grey ${grey}`).toBe(true);
      }
    }
  });

  it('sees nothing in blank cells: clean, noisy, grey paper, and blank cells drawn as scans and phones deliver them', () => {
    expect(measureCellInk(crop(() => undefined)).inkSeen).toBe(false);
    expect(measureCellInk(crop(() => undefined, 6, 3)).inkSeen).toBe(false);
    const rng = createRng(77);
    const { test } = splitMnist();
    for (let i = 0; i < 40; i++) {
      const neighbour = i % 2 === 0 ? test[i]!.pixels : null;
      const blank = i % 4 < 2 ? renderSimulatedCell(null, i % 8 < 4 ? 'scan' : 'phone', rng, neighbour)
        : renderDigitCell(null, i % 8 < 4 ? 'scan' : 'phone', rng, { neighbour });
      expect(measureCellInk(blank).inkPx, `blank ${i}`).toBeLessThan(12);
    }
  });

  it('leaves out a printed border that is a pixel off and tilted by a pixel over the cell', () => {
    const shifted = crop((set) => {
      for (let y = 0; y < H; y++) for (let x = 10; x <= 12; x++) set(x + (y > H / 2 ? 1 : 0), y, 35);
    });
    expect(measureCellInk(shifted).inkSeen).toBe(false);
  });
});

describe('a field with ink is never exported as empty', () => {
  const field: FieldLayout = { id: 'n.18_64.f', kind: 'digits', page: 1, boxes: [] };
  /** A classifier that cannot make up its mind: every written cell goes to review, never to a sure blank. */
  const unsure: DigitClassifier = { classify: async (images) => images.map(() => Float32Array.from([0.1, 0.5, 0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0])) };

  it('a count whose only ink is one thin "1" in the right-hand cell, in pen or light pencil, goes to review', async () => {
    for (const grey of [PEN, PENCIL]) {
      for (const x0 of [11, 32, 55]) {
        const reading = decideDigitField(field, { preset: 'count', count: 2 }, await readDigitField([crop(() => undefined), one(x0, 2, grey)], unsure));
        expect(reading.status, `stroke at ${x0} in grey ${grey}`).not.toBe('empty');
        expect(reading.status).toBe('needs-review');
      }
    }
  });

  it('a light pencil stroke the normaliser keeps no ink of is not a sure blank', async () => {
    const reading = await readDigitField([one(32, 3, PENCIL)]);
    const cell = reading.cells[0]!;
    if (cell.value === null) expect(cell.confidence).toBeLessThan(DIGIT_ACCEPT_MIN_CONFIDENCE);
    expect(reading.inkSeen).toBe(true);
    expect(reading.allConfident).toBe(false);
  });

  it('two blank cells are empty, surely', async () => {
    const reading = decideDigitField(field, { preset: 'count', count: 2 }, await readDigitField([crop(() => undefined), crop(() => undefined, 4, 9)], unsure));
    expect(reading).toMatchObject({ status: 'empty', value: null, confidence: 1 });
  });
});
