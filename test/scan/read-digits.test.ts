import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../src/model/gray-image.js';
import type { DigitClassifier } from '../../src/scan/digit-classifier.js';
import { normaliseDigitCell, readDigitField, type DigitCellReading } from '../../src/scan/read-digits.js';
import { DIGIT_ACCEPT_MIN_CONFIDENCE, DIGIT_BLANK_MAX_INK_RATIO } from '../../src/scan/thresholds.js';
import { createRng, renderDigitCell, splitMnist, type DigitSample } from '../helpers/digit-cells.js';

const { test: testSplit } = splitMnist();

async function readDigitCell(crop: GrayImage, classifier?: DigitClassifier): Promise<DigitCellReading> {
  return (await readDigitField([crop], classifier)).cells[0]!;
}

/** A stand-in classifier that always gives these probabilities (the real nets are tested in digit-classifier.test.ts). */
function fixed(probabilities: number[]): DigitClassifier {
  return { classify: async (images) => images.map(() => Float32Array.from(probabilities)) };
}

function firstOfLabel(label: number): DigitSample {
  const sample = testSplit.find((s) => s.label === label);
  if (!sample) throw new Error(`no test digit ${label}`);
  return sample;
}

function inkSum(image: Float32Array): number {
  return image.reduce((a, b) => a + b, 0);
}

/** A crop drawn by hand: flat paper, optional border at the nominal place (1 mm margin at 8 px/mm). */
function craftCrop(paper: number, border: boolean, noise: number, seed: number): GrayImage {
  const w = 68;
  const h = 84;
  const rng = createRng(seed);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const onBorder = border && ((y >= 7 && y <= 9) || (y >= h - 10 && y <= h - 8) || (x >= 7 && x <= 9) || (x >= w - 10 && x <= w - 8));
      const v = (onBorder ? 30 : paper) + noise * rng.gaussian();
      data[y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { width: w, height: h, data };
}

describe('normaliseDigitCell', () => {
  it('normalises a cell holding only its printed border to nothing', async () => {
    const crop = craftCrop(225, true, 2, 1);
    const { image28, metrics } = normaliseDigitCell(crop);
    expect(metrics.borderSidesRemoved).toBe(4);
    expect(metrics.inkRatio).toBe(0);
    expect(inkSum(image28)).toBe(0);
  });

  it('wipes a rendered border on scan and phone crops alike', async () => {
    for (const degradation of ['scan', 'phone'] as const) {
      for (let seed = 0; seed < 5; seed++) {
        const { metrics } = normaliseDigitCell(renderDigitCell(null, degradation, createRng(seed)));
        expect(metrics.borderSidesRemoved).toBe(4);
        expect(metrics.inkRatio).toBeLessThan(DIGIT_BLANK_MAX_INK_RATIO);
      }
    }
  });

  it('gives the same 28×28 for a digit with and without the border', async () => {
    let compared = 0;
    for (let label = 0; label < 10; label++) {
      const digit = firstOfLabel(label).pixels;
      const options = { touchProbability: 0 };
      const withBorder = normaliseDigitCell(renderDigitCell(digit, 'scan', createRng(label), options));
      const without = normaliseDigitCell(renderDigitCell(digit, 'scan', createRng(label), { ...options, border: false }));
      // Known limit: in a crop with NO printed border, a heavy stroke within a millimetre of where the border should
      // be (a 7's bar, a 2's foot) is taken for the border and wiped, so that reference is not the digit; printed
      // cells always have their border, which is longer and wins (the with-border reads are whole, see below).
      if (without.metrics.borderSidesRemoved > 0) continue;
      compared++;
      expect(withBorder.metrics.borderSidesRemoved).toBe(4);
      // Same strokes: the ink masks overlap almost wholly. A border left in, or a stroke wiped with it, gives well
      // under 0.5; grey levels may differ a little (the paper level is measured with or without the border's pixels).
      let both = 0;
      let either = 0;
      for (let i = 0; i < 784; i++) {
        const a = (withBorder.image28[i] ?? 0) > 0.5;
        const b = (without.image28[i] ?? 0) > 0.5;
        if (a && b) both++;
        if (a || b) either++;
      }
      expect(both / either).toBeGreaterThan(0.9);
      expect(withBorder.metrics.inkRatio).toBeCloseTo(without.metrics.inkRatio, 2);
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  it('keeps the bar of a 7 written just under the top border instead of wiping it as a line', async () => {
    const crop = craftCrop(225, true, 1, 6);
    const data = new Uint8Array(crop.data);
    // Bar: rows 12–14 (2 px under the border's rows 7–9), x 16–50; stem from its right end down to the bottom.
    for (let y = 12; y <= 14; y++) for (let x = 16; x <= 50; x++) data[y * crop.width + x] = 40;
    for (let y = 15; y <= 70; y++) for (let x = 0; x < 4; x++) data[y * crop.width + Math.round(50 - (y - 15) * 0.35) - x] = 40;
    const { metrics } = normaliseDigitCell({ ...crop, data });
    expect(metrics.borderSidesRemoved).toBe(4);
    // The bar's 105 px survive: its ink box still spans the full 35 px of the bar (4.4 mm at 8 px/mm).
    expect(metrics.inkWidthMm).toBeGreaterThan(4);
    expect(metrics.inkHeightMm).toBeGreaterThan(7);
  });

  it('keeps a "1" written along the left border instead of wiping it as the border (it used to read as a sure blank)', async () => {
    // Comb geometry: horizontal lines run on into the neighbour cells, vertical ones stop at the cell's top and bottom.
    const w = 68;
    const h = 84;
    const data = new Uint8Array(w * h).fill(225);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const rowLine = (y >= 7 && y <= 9) || (y >= h - 10 && y <= h - 8);
        const colLine = y >= 7 && y <= h - 8 && ((x >= 7 && x <= 9) || (x >= w - 10 && x <= w - 8));
        if (rowLine || colLine) data[y * w + x] = 30;
      }
    }
    // A thick "1" one pixel inside the left line, 87 % of the cell height (the simulator writes digits 70–90 % tall):
    // with the horizontal lines crossing its columns it covers 93 % of the vertical line's length.
    for (let y = 12; y <= 70; y++) for (let x = 11; x <= 16; x++) data[y * w + x] = 40;
    const crop = { width: w, height: h, data };
    const { metrics } = normaliseDigitCell(crop);
    expect(metrics.borderSidesRemoved).toBe(4);
    expect(metrics.inkHeightMm).toBeGreaterThan(7);
    // Not blank: the cell goes to the classifier (a stub here, which always says 1).
    const one = fixed([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect((await readDigitCell(crop, one)).value).toBe('1');
  });

  it('frames the ink like MNIST: 20 px box, centre of mass at the middle', async () => {
    const { image28 } = normaliseDigitCell(renderDigitCell(firstOfLabel(2).pixels, 'scan', createRng(3)));
    let m = 0;
    let sx = 0;
    let sy = 0;
    let rows = 0;
    for (let y = 0; y < 28; y++) {
      let rowInk = 0;
      for (let x = 0; x < 28; x++) {
        const v = image28[y * 28 + x] ?? 0;
        m += v;
        sx += v * (x + 0.5);
        sy += v * (y + 0.5);
        rowInk += v;
      }
      if (rowInk > 0.05) rows++;
    }
    expect(sx / m).toBeCloseTo(14, 0);
    expect(sy / m).toBeCloseTo(14, 0);
    expect(rows).toBeGreaterThanOrEqual(19);
    expect(rows).toBeLessThanOrEqual(23);
  });
});

describe('readDigitCell', () => {
  it('does not call a cell with a faint pencilled stroke a sure blank (blank is only the guess)', async () => {
    const crop = craftCrop(225, true, 1, 9);
    const data = new Uint8Array(crop.data);
    // Darkness (225 − 198) / 225 = 0.12: above paper noise, below the ink level, so no ink is found at all.
    for (let y = 18; y <= 66; y++) for (let x = 30; x <= 33; x++) data[y * crop.width + x] = 198;
    const reading = await readDigitCell({ ...crop, data });
    expect(reading.metrics.inkRatio).toBe(0);
    expect(reading.value).toBeNull();
    expect(reading.confidence).toBeLessThan(DIGIT_ACCEPT_MIN_CONFIDENCE);
  });

  it('reads blank cells as blank, including grey, noisy and phone-like ones', async () => {
    const crops = [
      craftCrop(230, true, 1, 2),
      craftCrop(175, true, 8, 3),
      craftCrop(200, false, 6, 4),
      ...[0, 1, 2, 3].map((seed) => renderDigitCell(null, 'phone', createRng(100 + seed))),
    ];
    for (const crop of crops) {
      const reading = await readDigitCell(crop);
      expect(reading.value).toBeNull();
      expect(reading.confidence).toBeGreaterThanOrEqual(DIGIT_ACCEPT_MIN_CONFIDENCE);
    }
  });

  it('reads back digits of the held-out test split with high confidence', async () => {
    let accepted = 0;
    for (let label = 0; label < 10; label++) {
      const reading = await readDigitCell(renderDigitCell(firstOfLabel(label).pixels, 'scan', createRng(label)));
      expect(reading.value).toBe(String(label));
      expect(reading.confidence).toBeGreaterThan(0.9);
      expect(reading.probabilities).toHaveLength(10);
      if (reading.confidence >= DIGIT_ACCEPT_MIN_CONFIDENCE) accepted++;
    }
    // The shipped model auto-accepts about 56 % of validation cells at the tuned threshold (see thresholds.ts and the
    // bench): the threshold must leave the reader useful, not send every digit to review.
    expect(accepted).toBeGreaterThanOrEqual(2);
  });
});

describe('readDigitField', () => {
  it('puts a ? where a cell is unsure and keeps the best guess for review', async () => {
    const crops = [
      renderDigitCell(firstOfLabel(1).pixels, 'scan', createRng(11)),
      renderDigitCell(null, 'scan', createRng(12)),
      renderDigitCell(firstOfLabel(5).pixels, 'scan', createRng(13)),
    ];
    // A classifier certain of '1': the field is accepted, and the confident blank is left out of the value.
    const certain = fixed([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const sure = await readDigitField(crops.slice(0, 2), certain);
    expect(sure.allConfident).toBe(true);
    expect(sure.value).toBe('1');
    expect(sure.guess).toBe('1 ');

    const real = await readDigitField(crops);
    expect(real.guess).toBe('1 5');
    expect(real.value.replace(/\?/g, '')).toMatch(/^1?5?$/);

    // A classifier torn between 3 and 8 on every cell: each written cell is unsure, the blank stays blank.
    const torn = fixed([0, 0, 0, 0.5, 0, 0, 0, 0, 0.5, 0]);
    const unsure = await readDigitField(crops, torn);
    expect(unsure.allConfident).toBe(false);
    expect(unsure.value).toBe('??');
    expect(unsure.guess).toBe('3 3');
    expect(unsure.cells[0]?.metrics.secondProbability).toBe(0.5);
  });

  it('marks a faint small mark as unsure rather than blank or digit', async () => {
    const crop = craftCrop(225, true, 1, 5);
    const data = new Uint8Array(crop.data);
    for (let y = 40; y < 46; y++) for (let x = 33; x < 37; x++) data[y * crop.width + x] = 60;
    const reading = await readDigitField([{ ...crop, data }]);
    expect(reading.cells[0]?.metrics.inkRatio).toBeGreaterThan(DIGIT_BLANK_MAX_INK_RATIO);
    expect(reading.value).toBe('?');
    expect(reading.allConfident).toBe(false);
  });
});
