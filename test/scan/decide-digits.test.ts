import { describe, expect, it } from 'vitest';
import type { FieldLayout, GrayImage } from '../../src/model/index.js';
import type { DigitClassifier } from '../../src/scan/digit-classifier.js';
import { decideDigitField, validateDigits, type DigitsSpec } from '../../src/scan/decide-digits.js';
import { readDigitField } from '../../src/scan/read-digits.js';
import { DIGIT_FIELD_ACCEPT_MIN_CONFIDENCE, DIGIT_SITE_AGREEMENT_MIN_CONFIDENCE, DIGIT_SUM_ACCEPT_MIN_CONFIDENCE } from '../../src/scan/thresholds.js';

/** A cell crop (1 mm margin at 8 px/mm) with its printed border and, when `ink`, a dark block where a digit is. */
function cell(ink: boolean): GrayImage {
  const w = 68;
  const h = 84;
  const data = new Uint8Array(w * h).fill(225);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const border = (y >= 7 && y <= 9) || (y >= h - 10 && y <= h - 8) || (x >= 7 && x <= 9) || (x >= w - 10 && x <= w - 8);
      const digit = ink && x >= 28 && x <= 38 && y >= 22 && y <= 60 && (x <= 30 || x >= 36 || y <= 24 || y >= 58);
      if (border || digit) data[y * w + x] = 30;
    }
  }
  return { width: w, height: h, data };
}

/** Reads the digits of `text` in order, one per written cell, with the given probability. */
function classifierSaying(text: string, probability = 1): DigitClassifier {
  let next = 0;
  return {
    classify: async (images) => images.map(() => {
      const digit = Number(text[next++ % text.length]);
      const p = new Float32Array(10).fill((1 - probability) / 9);
      p[digit] = probability;
      return p;
    }),
  };
}

async function decide(spec: DigitsSpec, written: string, classifier: DigitClassifier) {
  const field: FieldLayout = { id: 'f', kind: 'digits', page: 1, boxes: [] };
  const cells = [...written].map((c) => cell(c !== ' '));
  return decideDigitField(field, spec, await readDigitField(cells, classifier));
}

const time: DigitsSpec = { preset: 'time', count: 4 };
const date: DigitsSpec = { preset: 'date', count: 6 };
const count: DigitsSpec = { preset: 'count', count: 2, max: 20 };

describe('decideDigitField', () => {
  it('accepts a confident, in-range field as auto with per-cell confidences', async () => {
    const reading = await decide(time, '0930', classifierSaying('0930'));
    expect(reading).toMatchObject({ status: 'auto', value: '0930', reasons: [] });
    expect(reading.guess).toBeUndefined();
    expect(reading.metrics['cellConfidences']).toEqual([1, 1, 1, 1]);
  });

  it('sends an out-of-range time or date to review with the reading as its guess', async () => {
    expect(await decide(time, '2730', classifierSaying('2730'))).toMatchObject({ status: 'needs-review', reasons: ['digits-out-of-range'], guess: '2730' });
    expect((await decide(time, '1261', classifierSaying('1261'))).metrics['digitsProblem']).toBe('minutes');
    expect((await decide(date, '311325', classifierSaying('311325'))).metrics['digitsProblem']).toBe('month');
    expect((await decide(date, '310425', classifierSaying('310425'))).metrics['digitsProblem']).toBe('day');
    expect(await decide(count, '25', classifierSaying('25'))).toMatchObject({ status: 'needs-review', reasons: ['digits-out-of-range'] });
  });

  it('does not accept a partly filled date or a gap between digits', async () => {
    expect(await decide(date, '1203  ', classifierSaying('1203'))).toMatchObject({ status: 'needs-review', reasons: ['digits-out-of-range'], metrics: { digitsProblem: 'incomplete' } });
    const gap = await decide({ preset: 'plain', count: 3 }, '1 2', classifierSaying('12'));
    expect(gap).toMatchObject({ status: 'needs-review', reasons: ['digits-out-of-range'], guess: '1 2', metrics: { digitsProblem: 'gap' } });
  });

  it('accepts a count written in one of its two cells', async () => {
    expect(await decide(count, ' 7', classifierSaying('7'))).toMatchObject({ status: 'auto', value: '7' });
  });

  it('sends an unsure cell to review as digits-unsure, ? in the value and the best guess beside it', async () => {
    const reading = await decide(time, '0930', classifierSaying('0930', 0.9));
    expect(reading).toMatchObject({ status: 'needs-review', reasons: ['digits-unsure'], value: '????', guess: '0930' });
    expect(reading.confidence).toBeLessThan(0.95);
  });

  it('is empty when no cell holds ink', async () => {
    expect(await decide(time, '    ', classifierSaying('0'))).toMatchObject({ status: 'empty', value: null });
  });
});

describe('counts as people write them', () => {
  it('a blank cell then 3 is 3; 3 then a blank cell may be 3 or 30 and goes to review; 0 and 00 are 0', async () => {
    expect(await decide(count, ' 3', classifierSaying('3'))).toMatchObject({ status: 'auto', value: '3' });
    expect(await decide(count, '3 ', classifierSaying('3'))).toMatchObject({ status: 'needs-review', reasons: ['digits-out-of-range'], metrics: { digitsProblem: 'trailing-blank' } });
    expect(await decide(count, '00', classifierSaying('00'))).toMatchObject({ status: 'auto', value: '00' });
    expect(await decide(count, ' 0', classifierSaying('0'))).toMatchObject({ status: 'auto', value: '0' });
  });

  it('marks a valid count just below its own threshold as a candidate for its sum check, never one out of range', async () => {
    const between = (DIGIT_SUM_ACCEPT_MIN_CONFIDENCE + DIGIT_FIELD_ACCEPT_MIN_CONFIDENCE.count) / 2;
    const unsure = await decide(count, '04', classifierSaying('04', between));
    expect(unsure).toMatchObject({ status: 'needs-review', reasons: ['digits-unsure'], guess: '04', metrics: { sumCandidate: true } });
    const below = await decide(count, '04', classifierSaying('04', DIGIT_SUM_ACCEPT_MIN_CONFIDENCE / 2));
    expect(below.metrics['sumCandidate']).toBeUndefined();
    expect((await decide(count, '3 ', classifierSaying('3', between))).metrics['sumCandidate']).toBeUndefined();
  });

  it('marks a whole site code fairly sure in every cell as a candidate for agreement across its site, never a partial one', async () => {
    const siteCode: DigitsSpec = { preset: 'plain', count: 4, recursAtSite: true };
    const between = (DIGIT_SITE_AGREEMENT_MIN_CONFIDENCE + DIGIT_FIELD_ACCEPT_MIN_CONFIDENCE.plain) / 2;
    expect(await decide(siteCode, '7359', classifierSaying('7359', between))).toMatchObject({ status: 'needs-review', guess: '7359', metrics: { agreementCandidate: true } });
    expect((await decide(siteCode, '735 ', classifierSaying('735', between))).metrics['agreementCandidate']).toBeUndefined();
    expect((await decide(siteCode, '7359', classifierSaying('7359', DIGIT_SITE_AGREEMENT_MIN_CONFIDENCE / 2))).metrics['agreementCandidate']).toBeUndefined();
    expect((await decide({ preset: 'plain', count: 4 }, '7359', classifierSaying('7359', between))).metrics['agreementCandidate']).toBeUndefined();
  });

  it('a phone number must start with 0 (Dutch numbers: 06 mobile, 0xx area codes)', () => {
    expect(validateDigits('0612345678', { preset: 'phone', count: 10 })).toBeNull();
    expect(validateDigits('7612345678', { preset: 'phone', count: 10 })).toBe('phone-prefix');
  });
});

describe('validateDigits', () => {
  it('knows day, month and a plausible birth year', async () => {
    expect(validateDigits('29021988', { preset: 'dob', count: 8 })).toBeNull();
    expect(validateDigits('01011850', { preset: 'dob', count: 8 })).toBe('year');
    expect(validateDigits('000125', { preset: 'date', count: 6 })).toBe('day');
    expect(validateDigits('2359', time)).toBeNull();
    expect(validateDigits('2400', time)).toBe('hours');
    expect(validateDigits('03', { preset: 'count', count: 2, min: 1 })).toBeNull();
    expect(validateDigits('00', { preset: 'count', count: 2, min: 1 })).toBe('below-min');
  });
});
