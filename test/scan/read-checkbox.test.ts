import { describe, expect, it } from 'vitest';
import type { BoxLayout, FieldLayout, GrayImage } from '../../src/model/index.js';
import { decideBox, measureBox, readCheckboxField, selectInPlace, type BoxMeasure } from '../../src/scan/read-checkbox.js';
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
    expect(decideBox({ inkRatio: 0.17, darkFraction: 0, paperLevel: 240, overrun: 0, peakContrast: 0, strokeFraction: 0, streakRows: 0 }, 'tick').state).toBe('marginal');
  });

  it('still reads a real tick (mean ink and stroke-dark samples) as marked', () => {
    expect(decideBox({ inkRatio: 0.15, darkFraction: 0.12, paperLevel: 240, overrun: 0, peakContrast: 0.8, strokeFraction: 0.12, streakRows: 0 }, 'tick').state).toBe('marked');
  });
});

describe('decideBox (tick mode), strokes against the box\'s own background', () => {
  const measure = (m: Partial<BoxMeasure>): BoxMeasure => ({ inkRatio: 0, darkFraction: 0, paperLevel: 240, overrun: 0, peakContrast: 0, strokeFraction: 0, streakRows: 0, ...m });

  it('reads a blurred tick that never reaches half ink but stands out of the box as marked', () => {
    expect(decideBox(measure({ inkRatio: 0.06, peakContrast: 0.5, strokeFraction: 0.1 }), 'tick').state).toBe('marked');
  });

  it('reads what is left of a shadow or a blurred outline (some mean ink, nothing standing out) as empty', () => {
    expect(decideBox(measure({ inkRatio: 0.1, peakContrast: 0.05 }), 'tick').state).toBe('empty');
  });

  it('sends a uniformly grey box and a faint stroke to review', () => {
    expect(decideBox(measure({ inkRatio: 0.2, peakContrast: 0.05 }), 'tick').state).toBe('marginal');
    expect(decideBox(measure({ inkRatio: 0.06, peakContrast: 0.22, strokeFraction: 0.08 }), 'tick').state).toBe('marginal');
  });

  it('sends a box that only just clears the marked thresholds (fax noise measured there) to review, not to a silent tick', () => {
    // Measures of an empty fax box read as ticked on tuning seed 4242: peak 0.30, stroke share 0.082.
    const justOver = decideBox(measure({ inkRatio: 0.035, peakContrast: 0.3, strokeFraction: 0.082 }), 'tick');
    expect(justOver.state).toBe('marginal');
    expect(justOver.confidence).toBeLessThan(0.55);
    expect(decideBox(measure({ inkRatio: 0.035, peakContrast: 0.36, strokeFraction: 0.082 }), 'tick').state).toBe('marked');
  });

  it('never reads a box blacked out up to its outline as a tick on a tick form: cancelled with overrun, else review', () => {
    expect(decideBox(measure({ inkRatio: 0.95, darkFraction: 1, overrun: 0.3 }), 'tick').state).toBe('cancelled');
    // Blacked out inside its outline: the box alone cannot say cancel or fill-to-mark; its field decides.
    expect(decideBox(measure({ inkRatio: 0.95, darkFraction: 1, overrun: 0.05 }), 'tick').state).toBe('filled');
    // Dark over most of the box but not all of it: a dense scribble meant as a mark, or one meant to cancel: review.
    expect(decideBox(measure({ inkRatio: 0.75, darkFraction: 0.8, overrun: 0.02 }), 'tick').state).toBe('cancel-unclear');
  });
});

describe('measureBox', () => {
  const box: BoxLayout = { xMm: 10, yMm: 10, wMm: 5.5, hMm: 5.5, shape: 'square', value: 'v' };

  it('follows a shadow edge across an empty box: the paper level is a plane, not the bright side\'s level', () => {
    const page = pageWithOutlines([box]);
    // Light falls from 240 at x = 8 mm to 130 at x = 18 mm across the box (a soft shadow edge); ink darkens with it.
    for (let y = 0; y < page.height; y++) {
      for (let x = 0; x < page.width; x++) {
        const light = Math.min(1, Math.max(130 / 240, 1 - ((x / PX_PER_MM - 8) / 10) * (110 / 240)));
        page.data[y * page.width + x] = Math.round(page.data[y * page.width + x]! * light);
      }
    }
    const measured = measureBox(page, identity, box, levels);
    expect(measured.inkRatio).toBeLessThan(0.05);
    expect(decideBox(measured, 'tick').state).toBe('empty');
  });

  it('leaves a fax streak running through the box and beyond it out of the measures', () => {
    const page = pageWithOutlines([box]);
    const row = Math.round(12.5 * PX_PER_MM);
    for (let x = 0; x < page.width; x++) page.data[row * page.width + x] = 20;
    const measured = measureBox(page, identity, box, levels);
    expect(measured.streakRows).toBeGreaterThan(0);
    expect(decideBox(measured, 'tick').state).toBe('empty');
  });
});

describe('readCheckboxField', () => {
  const boxes: BoxLayout[] = [0, 1, 2].map((i) => ({ xMm: 5 + 15 * i, yMm: 10, wMm: 5.5, hMm: 5.5, shape: 'square', value: `v${i}` }));
  const field: FieldLayout = { id: 'needs', kind: 'checkbox', page: 0, boxes };

  it('accepts an empty group whose outlines are where the page fit puts them', () => {
    const { reading } = readCheckboxField(pageWithOutlines(boxes), identity, field, levels, 'tick');
    expect(reading.status).toBe('empty');
    expect(reading.metrics['outlinesConfirmed']).toBe(true);
  });

  /** The page with box `index` blacked out inside its outline (stopping 0.3 mm short) and a cross in each of `crossed`. */
  function marked(blackedOut: number, crossed: readonly number[]): GrayImage {
    const page = pageWithOutlines(boxes);
    const paint = (x0Mm: number, y0Mm: number, x1Mm: number, y1Mm: number, inside: (x: number, y: number) => boolean): void => {
      for (let y = Math.round(y0Mm * PX_PER_MM); y < Math.round(y1Mm * PX_PER_MM); y++) {
        for (let x = Math.round(x0Mm * PX_PER_MM); x < Math.round(x1Mm * PX_PER_MM); x++) if (inside(x / PX_PER_MM - x0Mm, y / PX_PER_MM - y0Mm)) page.data[y * page.width + x] = 25;
      }
    };
    const out = boxes[blackedOut]!;
    paint(out.xMm + 0.3, out.yMm + 0.3, out.xMm + out.wMm - 0.3, out.yMm + out.hMm - 0.3, () => true);
    for (const index of crossed) {
      const box = boxes[index]!;
      const size = box.wMm - 2;
      paint(box.xMm + 1, box.yMm + 1, box.xMm + 1 + size, box.yMm + 1 + size, (x, y) => Math.abs(x - y) < 0.25 || Math.abs(x + y - size) < 0.25);
    }
    return page;
  }

  it('reads a box blacked out inside its outline as a cancel when another box of the field carries a cross (the printed rule)', () => {
    const { reading, boxes: read } = readCheckboxField(marked(0, [2]), identity, field, levels, 'tick');
    expect(read.map((box) => box.state)).toEqual(['cancelled', 'empty', 'marked']);
    expect(reading).toMatchObject({ status: 'auto', value: ['v2'], reasons: [] });
  });

  it('sends a field to review when a box blacked out inside its outline is its only mark (it may be filled to mark it)', () => {
    const { reading, boxes: read } = readCheckboxField(marked(1, []), identity, field, levels, 'tick');
    expect(read.map((box) => box.state)).toEqual(['empty', 'cancel-unclear', 'empty']);
    expect(reading).toMatchObject({ status: 'needs-review', reasons: ['cancel-unclear'], guess: ['v1'] });
  });

  it('does not confirm outlines that are not printed where the boxes are read, and sends the group to review', () => {
    const blank: GrayImage = { width: 600, height: 300, data: new Uint8Array(600 * 300).fill(240) };
    const { reading } = readCheckboxField(blank, identity, field, levels, 'tick');
    expect(reading.metrics['outlinesConfirmed']).toBe(false);
    expect(reading.status).toBe('needs-review');
  });

  it('sends a box to review when its outline is found far from where its neighbours were found', () => {
    // The third box's outline is 2.5 mm lower than the fit says, its neighbours' are in place: that box was not found.
    const corners = [boxes[0]!, boxes[1]!, { xMm: boxes[2]!.xMm, yMm: boxes[2]!.yMm + 2.5 }];
    const { reading } = readCheckboxField(pageWithOutlines(corners), identity, field, levels, 'tick');
    expect(reading.status).toBe('needs-review');
    expect(reading.reasons).toContain('marginal-mark');
  });

  it('does not trust a group whose outlines are only found at the edge of the search (they may lie further out)', () => {
    // The whole group printed 2.5 mm right of the fit (a curl the marks absorb): found at the search's end, where the
    // outline may as well lie further out and what was found be the next box's line.
    const corners = boxes.map((box) => ({ xMm: box.xMm + 2.5, yMm: box.yMm }));
    const { reading } = readCheckboxField(pageWithOutlines(corners), identity, field, levels, 'tick');
    expect(reading.status).toBe('needs-review');
    expect(reading.metrics['outlinesConfirmed']).toBe(false);
  });
});

describe('selectInPlace', () => {
  it('gives the value a numeric ascending sort puts at each index, and leaves smaller values before it', () => {
    let state = 3;
    const random = (): number => { state = (state * 1103515245 + 12345) % 2 ** 31; return state / 2 ** 31; };
    for (const count of [1, 2, 5, 17, 18, 40, 64, 65, 300, 487]) {
      // Greys and inks as the box measures see them: many ties (rounded) and distinct fractions.
      const original = Float64Array.from({ length: count + 3 }, (_, i) => (i % 3 === 0 ? Math.round(random() * 8) / 8 : random()));
      const sorted = Array.from(original.subarray(0, count)).sort((p, q) => p - q);
      for (const index of [0, Math.floor((count - 1) / 2), Math.floor((count - 1) * 0.8), Math.floor((count - 1) * 0.95), count - 1]) {
        const values = original.slice();
        expect(selectInPlace(values, count, index)).toBe(sorted[index]);
        for (let i = 0; i < index; i++) expect(values[i]).toBeLessThanOrEqual(sorted[index]!);
        // Values past `count` are not touched.
        expect(Array.from(values.subarray(count))).toEqual(Array.from(original.subarray(count)));
      }
    }
  });

  it('with a NaN among the values, gives what the comparator sort puts there', () => {
    const values = Float64Array.of(0.4, Number.NaN, 0.1, 0.3, 0.2);
    const sorted = Array.from(values).sort((p, q) => p - q);
    expect(selectInPlace(values.slice(), 5, 2)).toBe(sorted[2]);
  });
});
