import { describe, expect, it } from 'vitest';
import type { CrossFieldCheck, FieldReading } from '../../src/model/index.js';
import { acceptBySumChecks, applyCheckFailures, checkFieldIds, checkPageFields, checkSheetFields, evaluateCheck, fieldsFailingChecks, type CheckInput } from '../../src/model/check-fields.js';

const household: CrossFieldCheck = { kind: 'sum', id: 'household_total', terms: ['n.*.*'], total: 'n_total' };
const leafIds = ['n.0_4.f', 'n.0_4.m', 'n.18_64.f', 'n.18_64.m', 'n_total', 'lang'];

function digits(fieldId: string, value: string | null, status: FieldReading['status'] = value === null ? 'empty' : 'auto'): FieldReading {
  return { fieldId, kind: 'digits', value, status, confidence: 1, reasons: status === 'needs-review' ? ['digits-unsure'] : [], metrics: {} };
}

function values(readings: readonly FieldReading[]): Map<string, CheckInput> {
  return new Map(readings.map((reading) => [reading.fieldId, reading]));
}

describe('checkFieldIds', () => {
  it('expands * over one id segment and never counts the total as a term', () => {
    expect(checkFieldIds(household, leafIds)).toEqual({ terms: ['n.0_4.f', 'n.0_4.m', 'n.18_64.f', 'n.18_64.m'], total: 'n_total' });
  });
});

describe('evaluateCheck', () => {
  const fields = checkFieldIds(household, leafIds);

  it('passes when the bands add up to the total, blank bands counting 0', () => {
    const readings = [digits('n.0_4.f', '01'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), digits('n_total', '03')];
    expect(evaluateCheck(household, fields, values(readings))).toMatchObject({ kind: 'passed', sum: 3, total: 3 });
  });

  it('fails when they do not, naming every field involved', () => {
    const readings = [digits('n.0_4.f', '01'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), digits('n_total', '04')];
    const outcome = evaluateCheck(household, fields, values(readings));
    expect(outcome).toMatchObject({ kind: 'failed', sum: 3, total: 4 });
    expect(outcome.fields).toEqual([...fields.terms, 'n_total']);
  });

  it('is not evaluated while a term is in review, a field is missing, or the total is blank', () => {
    const inReview = [digits('n.0_4.f', '0?', 'needs-review'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), digits('n_total', '09')];
    expect(evaluateCheck(household, fields, values(inReview)).kind).toBe('not-evaluated');
    expect(evaluateCheck(household, fields, values(inReview.slice(1))).kind).toBe('not-evaluated');
    const blankTotal = [digits('n.0_4.f', '01'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), digits('n_total', null)];
    expect(evaluateCheck(household, fields, values(blankTotal)).kind).toBe('not-evaluated');
  });

  it('takes a field in review at its guess: a sure total that disagrees with the guessed bands is not confirmed', () => {
    const band = { ...digits('n.0_4.f', '0?', 'needs-review'), guess: '01' };
    const readings = [band, digits('n.0_4.m', null), digits('n.18_64.f', null), digits('n.18_64.m', null), digits('n_total', '04')];
    expect(evaluateCheck(household, fields, values(readings))).toMatchObject({ kind: 'failed', sum: 1, total: 4 });
    const checked = new Map(checkPageFields([household], leafIds, readings).map((reading) => [reading.fieldId, reading]));
    expect(checked.get('n_total')).toMatchObject({ status: 'needs-review', value: '04', reasons: ['check-failed'] });
    // When the guesses add up, the sure total stays auto (the band itself is still reviewed).
    const agreeing = [...readings.slice(0, 4), digits('n_total', '01')];
    expect(evaluateCheck(household, fields, values(agreeing)).kind).toBe('passed');
    expect(checkPageFields([household], leafIds, agreeing)).toEqual(agreeing);
  });

  it('treats a value a person reviewed as settled', () => {
    const readings = [digits('n.0_4.f', '1', 'reviewed'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), digits('n_total', '03')];
    expect(evaluateCheck(household, fields, values(readings)).kind).toBe('passed');
  });
});

describe('checkPageFields', () => {
  it('routes every auto field of a failed check to review, keeping values and leaving empty fields alone', () => {
    const readings = [digits('lang', null), digits('n.0_4.f', '01'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), digits('n_total', '05')];
    const checked = checkPageFields([household], leafIds, readings);
    const byId = new Map(checked.map((reading) => [reading.fieldId, reading]));
    for (const id of ['n.0_4.f', 'n.18_64.f', 'n_total']) {
      expect(byId.get(id)).toMatchObject({ status: 'needs-review', reasons: ['check-failed'] });
      expect(byId.get(id)?.guess).toBe(byId.get(id)?.value);
      expect(byId.get(id)?.metrics['failedChecks']).toBe('household_total');
    }
    expect(byId.get('n.0_4.m')?.status).toBe('empty');
    expect(byId.get('lang')?.status).toBe('empty');
    expect(byId.get('n_total')?.value).toBe('05');
  });

  it('leaves a page alone when the check passes or its fields are on another page', () => {
    const passing = [digits('n.0_4.f', '02'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), digits('n_total', '04')];
    expect(checkPageFields([household], leafIds, passing)).toEqual(passing);
    const withoutTotal = passing.slice(0, 4).map((reading) => ({ ...reading, value: '09' }));
    expect(checkPageFields([household], leafIds, withoutTotal)).toEqual(withoutTotal);
  });
});

describe('applyCheckFailures', () => {
  it('never changes a reviewed field', () => {
    const readings = [digits('n_total', '04', 'reviewed'), digits('n.0_4.f', '01')];
    const failing = fieldsFailingChecks([{ checkId: 'c', kind: 'failed', fields: ['n_total', 'n.0_4.f'], sum: 1, total: 4 }], values(readings));
    expect([...failing.keys()]).toEqual(['n.0_4.f']);
    expect(applyCheckFailures(readings, failing).map((reading) => reading.status)).toEqual(['reviewed', 'needs-review']);
  });
});

describe('checkSheetFields', () => {
  const issued: CrossFieldCheck = { kind: 'sum', id: 'issued_water_l', terms: ['rows.*.r_water_l'], total: 'stock.water_l.issued' };
  const ids = ['rows.1.r_water_l', 'rows.2.r_water_l', 'stock.water_l.issued'];

  it('checks rows read on page 1 against the stock issued on page 2, sending auto fields of both pages to review', () => {
    const page1 = [{ fieldId: 'rows.1.r_water_l', value: '10', status: 'auto' as const }, { fieldId: 'rows.2.r_water_l', value: '5', status: 'reviewed' as const }];
    const failing = checkSheetFields([issued], ids, page1, [digits('stock.water_l.issued', '20')]);
    expect([...failing.keys()].sort()).toEqual(['rows.1.r_water_l', 'stock.water_l.issued']);
    expect(checkSheetFields([issued], ids, page1, [digits('stock.water_l.issued', '15')]).size).toBe(0);
  });

  it('does not evaluate a check while a term waits for review', () => {
    const page1 = [{ fieldId: 'rows.1.r_water_l', value: '1?', status: 'needs-review' as const }, { fieldId: 'rows.2.r_water_l', value: '5', status: 'auto' as const }];
    expect(checkSheetFields([issued], ids, page1, [digits('stock.water_l.issued', '99')]).size).toBe(0);
  });
});

describe('acceptBySumChecks', () => {
  /** A count read just below its own threshold but above the sum threshold (the digit reader marks it). */
  function candidate(fieldId: string, guess: string): FieldReading {
    return { ...digits(fieldId, '?', 'needs-review'), guess, metrics: { sumCandidate: true } };
  }

  it('accepts candidates, with their reading, when the bands add up to the total', () => {
    const readings = [candidate('n.0_4.f', '1'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), candidate('n_total', '3')];
    const accepted = acceptBySumChecks([household], leafIds, readings);
    expect(accepted[0]).toMatchObject({ status: 'auto', value: '1', reasons: [], metrics: { acceptedBy: 'sum-check' } });
    expect(accepted[0]).not.toHaveProperty('guess');
    expect(accepted[4]).toMatchObject({ status: 'auto', value: '3' });
    expect(accepted[2]).toBe(readings[2]);
  });

  it('accepts nothing when the sum fails, when a field is in review for another reason, or is not a candidate', () => {
    const failing = [candidate('n.0_4.f', '1'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), candidate('n_total', '4')];
    expect(acceptBySumChecks([household], leafIds, failing).map((r) => r.status)).toEqual(failing.map((r) => r.status));
    const doubtful = [{ ...candidate('n.0_4.f', '1'), reasons: ['digits-unsure', 'registration-weak'] as FieldReading['reasons'] }, digits('n.0_4.m', null),
      digits('n.18_64.f', '02'), digits('n.18_64.m', null), candidate('n_total', '3')];
    expect(acceptBySumChecks([household], leafIds, doubtful).map((r) => r.status)).toEqual(doubtful.map((r) => r.status));
    const unsure = [{ ...digits('n.0_4.f', '?', 'needs-review'), guess: '1' }, digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), candidate('n_total', '3')];
    expect(acceptBySumChecks([household], leafIds, unsure).map((r) => r.status)).toEqual(unsure.map((r) => r.status));
  });

  it('runs first in checkPageFields, so accepted counts take part in the page checks', () => {
    const readings = [candidate('n.0_4.f', '1'), digits('n.0_4.m', null), digits('n.18_64.f', '02'), digits('n.18_64.m', null), candidate('n_total', '3')];
    expect(checkPageFields([household], leafIds, readings).map((r) => r.status)).toEqual(['auto', 'empty', 'auto', 'empty', 'auto']);
  });
});
