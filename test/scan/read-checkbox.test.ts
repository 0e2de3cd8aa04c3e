import { describe, expect, it } from 'vitest';
import { decideBox } from '../../src/scan/read-checkbox.js';
import { readPage } from '../../src/scan/index.js';
import { codeFor, drawMark, loadIntake, renderPage } from '../helpers/scan-page.js';

const measure = (inkRatio: number, darkFraction: number) => ({ inkRatio, darkFraction, paperLevel: 240 });

describe('decideBox', () => {
  it('separates empty, marginal, marked and cancelled in tick mode, least sure at the thresholds', () => {
    expect(decideBox(measure(0.005, 0), 'tick')).toMatchObject({ state: 'empty' });
    expect(decideBox(measure(0.06, 0.05), 'tick')).toMatchObject({ state: 'marginal' });
    expect(decideBox(measure(0.2, 0.18), 'tick')).toMatchObject({ state: 'marked' });
    expect(decideBox(measure(0.7, 0.7), 'tick')).toMatchObject({ state: 'cancel-unclear' });
    expect(decideBox(measure(0.97, 0.99), 'tick')).toMatchObject({ state: 'cancelled' });
    expect(decideBox(measure(0.005, 0), 'tick').confidence).toBeGreaterThan(decideBox(measure(0.035, 0.02), 'tick').confidence);
  });

  it('counts a filled box as the mark in fill mode', () => {
    expect(decideBox(measure(0.97, 0.99), 'fill')).toMatchObject({ state: 'marked' });
    expect(decideBox(measure(0.2, 0.18), 'fill')).toMatchObject({ state: 'marginal' });
    expect(decideBox(measure(0.01, 0), 'fill')).toMatchObject({ state: 'empty' });
  });
});

describe('reading choices on a page', () => {
  it('sends two ticked options of a single choice to review, with no value', async () => {
    const { layout, stored } = loadIntake();
    const page = await renderPage(layout, codeFor(layout, 3, 1), 200);
    drawMark(page, layout, 200, 'lang', 'nl', 'tick');
    drawMark(page, layout, 200, 'lang', 'ar', 'cross');
    drawMark(page, layout, 200, 'visit', 'first', 'tick');
    const reading = await readPage(page, () => stored);
    if (reading.kind !== 'read') throw new Error(reading.message);
    expect(reading.fields.find((f) => f.fieldId === 'lang')).toMatchObject({ value: null, status: 'needs-review', reasons: ['several-choices'] });
    expect(reading.fields.find((f) => f.fieldId === 'visit')).toMatchObject({ value: 'first', status: 'auto' });
  });
});
