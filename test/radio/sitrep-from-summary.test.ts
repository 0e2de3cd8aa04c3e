/**
 * The radio summary block of a site-situation sheet as a SITREP: settled lines make the message composeSitrep makes
 * for the same figures (1–4 sent as FEW, a need of no household left out); a line not read, in review, blank or
 * invalid refuses it, naming the line; a blank block sends nothing. And the coordinator who copies the workspace's
 * figures (`radio compose --at`) onto the block sends exactly the workspace's message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sitrepFiguresOf, sitrepMessage } from '../../src/cli/sitrep-from-report.js';
import { emptyValue, type FieldValue } from '../../src/model/index.js';
import { composeSitrep, sitrepFromSummary, SUMMARY_LINES, type SitrepCount, type SummaryField } from '../../src/radio/index.js';
import { siteFigures, type Figure } from '../../src/report/index.js';
import { makeReportFixture, type Fixture } from '../helpers/report-fixture.js';

const auto = (value: FieldValue): SummaryField => ({ value, status: 'auto' });

/** A block filled in as the coordinator writes it (digits as read: leading zeros kept), every other line blank. */
function block(values: Readonly<Record<string, string>>): Record<string, SummaryField> {
  return Object.fromEntries(SUMMARY_LINES.map(({ fieldId }) => [fieldId,
    values[fieldId] === undefined ? { value: emptyValue(fieldId.startsWith('radio_need') && !fieldId.endsWith('_n') ? 'choice' : 'digits'), status: 'empty' as const } : auto(values[fieldId]!)]));
}

const FILLED = {
  radio_date: '031226', radio_time: '1600', radio_households: '0042', radio_persons: '00131', radio_urgent: '3',
  radio_need1: 'water', radio_need1_n: '17', radio_need2: 'food', radio_need2_n: '0012', radio_need3: 'medication', radio_need3_n: '4',
  radio_safe: '9', radio_tracing: '0',
};

describe('sitrepFromSummary', () => {
  it('makes the message composeSitrep makes for the same figures, 1–4 as FEW', () => {
    const result = sitrepFromSummary('ams01', block(FILLED));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = composeSitrep(result.figures);
    expect(text).toBe(composeSitrep({
      site: 'AMS01', date: '0312', time: '1600', households: 42, persons: 131, urgent: 'few',
      needs: [{ code: 'water', households: 17 }, { code: 'food', households: 12 }, { code: 'medication', households: 'few' }], safe: 9, tracing: 0,
    }));
    expect(text).toBe('SITREP AMS01 0312 1600 HOUSEHOLDS 42 PERSONS 131 URGENT FEW WATER 17 FOOD 12 MEDICATION FEW SAFE 9 TRACING 0 TOTAL 2123');
  });

  it('leaves out need lines left blank and needs of no household, as the workspace does', () => {
    const result = sitrepFromSummary('AMS01', block({ ...FILLED, radio_need2: '', radio_need2_n: '', radio_need3_n: '0' }));
    expect(result.ok && result.figures.needs).toEqual([{ code: 'water', households: 17 }]);
  });

  it('refuses a line still in review, naming it, and waits for a page not read', () => {
    const fields = block(FILLED);
    const unsure = sitrepFromSummary('AMS01', { ...fields, radio_persons: { value: '00131', status: 'needs-review' } });
    expect(unsure).toMatchObject({ ok: false, reason: 'unsure', line: 4, fieldId: 'radio_persons' });
    expect(!unsure.ok && unsure.message).toContain('Line 4 (PERSONS)');
    const needUnsure = sitrepFromSummary('AMS01', { ...fields, radio_need2: { value: 'food', status: 'needs-review' } });
    expect(needUnsure).toMatchObject({ ok: false, reason: 'unsure', line: 7, fieldId: 'radio_need2' });
    const { radio_tracing: _left, ...withoutTracing } = fields;
    expect(sitrepFromSummary('AMS01', withoutTracing)).toMatchObject({ ok: false, reason: 'not-read', line: 10, fieldId: 'radio_tracing' });
  });

  it('refuses a blank figure, a need without households or households without a need, a repeated need and a bad date', () => {
    expect(sitrepFromSummary('AMS01', block({ ...FILLED, radio_households: undefined as never }))).toMatchObject({ ok: false, reason: 'blank-line', line: 3 });
    expect(sitrepFromSummary('AMS01', block({ ...FILLED, radio_need2_n: undefined as never }))).toMatchObject({ ok: false, reason: 'blank-line', line: 7, fieldId: 'radio_need2_n' });
    expect(sitrepFromSummary('AMS01', block({ ...FILLED, radio_need3: undefined as never }))).toMatchObject({ ok: false, reason: 'blank-line', line: 8, fieldId: 'radio_need3' });
    expect(sitrepFromSummary('AMS01', block({ ...FILLED, radio_need3: 'water' }))).toMatchObject({ ok: false, reason: 'invalid', line: 8 });
    expect(sitrepFromSummary('AMS01', block({ ...FILLED, radio_date: '311126' }))).toMatchObject({ ok: false, reason: 'invalid', line: 1 });
    expect(sitrepFromSummary('AMS01', block({ ...FILLED, radio_time: '2460' }))).toMatchObject({ ok: false, reason: 'invalid', line: 2 });
  });

  it('sends nothing for a block left blank', () => {
    expect(sitrepFromSummary('AMS01', block({}))).toMatchObject({ ok: false, reason: 'no-summary' });
  });
});

describe('the coordinator copies the workspace\'s figures onto the block', () => {
  let fixture: Fixture | undefined;
  afterEach(() => fixture?.tw.close());

  it('and the block sends exactly the message `radio compose --at` makes', () => {
    fixture = makeReportFixture({ sites: ['AMS01'], reviewOpen: false });
    const { truth } = fixture;
    const made = siteFigures(fixture.tw.workspace, 'AMS01', { asOf: '2026-03-14T23:30' });
    const workspace = sitrepMessage(sitrepFiguresOf(made));
    // What the coordinator writes: the number the workspace shows, or for a count it shows as FEW, the count itself
    // (the coordinator counted the sheets); the needs in the workspace's order.
    const written = (figure: Figure, counted: number): string => {
      expect(figure.hidden).not.toBe('complementary'); // paper cannot send HIDDEN: this fixture has none
      if (figure.value !== null) return String(figure.value);
      expect(counted).toBeGreaterThanOrEqual(1);
      expect(counted).toBeLessThanOrEqual(4);
      return String(counted);
    };
    const needs = made.needs.slice(0, 3);
    expect(needs.length).toBe(3);
    const values: Record<string, string> = {
      radio_date: '140326', radio_time: '2330',
      radio_households: written(made.households, truth.households['AMS01']!), radio_persons: written(made.persons, truth.persons['AMS01']!),
      radio_urgent: written(made.urgentNow, truth.urgentNow), radio_safe: written(made.safe, truth.rflSafe['AMS01']!),
      radio_tracing: written(made.tracing, truth.rflTracing['AMS01']!),
    };
    needs.forEach((need, index) => {
      values[`radio_need${index + 1}`] = need.code;
      values[`radio_need${index + 1}_n`] = written(need.households, truth.need['AMS01']![need.code]!);
    });
    const result = sitrepFromSummary('AMS01', block(values));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.figures).toEqual(workspace.figures);
    expect(composeSitrep(result.figures)).toBe(workspace.text);
    // Not vacuous: the message carries real counts, and at least one FEW comes from a small count written in full.
    const sent: SitrepCount[] = [result.figures.households, result.figures.persons, result.figures.urgent, result.figures.safe, result.figures.tracing];
    expect(sent.some((count) => typeof count === 'number' && count >= 5)).toBe(true);
    expect(values['radio_urgent']).toBe(String(truth.urgentNow));
    expect(result.figures.urgent).toBe('few');
  });
});
