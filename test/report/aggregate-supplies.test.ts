import { describe, expect, it } from 'vitest';
import { aggregateReport } from '../../src/report/index.js';
import { AS_COUNTED, reportData, sheet, type FieldInput } from '../helpers/report-rows.js';

/** A distribution sheet: `rows` households of 2 persons receiving 6 litres each, and the water stock count. */
function distribution(site: string, rows: number, stock: { opening: FieldInput; received: FieldInput; closing: FieldInput }) {
  const fields: Record<string, FieldInput> = { date: '140326', 'stock.water_l.opening': stock.opening, 'stock.water_l.received': stock.received, 'stock.water_l.closing': stock.closing };
  for (let row = 1; row <= rows; row++) {
    fields[`rows.${row}.r_time`] = '1000';
    fields[`rows.${row}.r_persons`] = '02';
    fields[`rows.${row}.r_water_l`] = '06';
  }
  return sheet('supply-distribution', site, fields);
}

describe('aggregateReport: supplies', () => {
  it('adds up what was handed out per item, with households and persons reached', () => {
    const { supplies } = aggregateReport(reportData([distribution('AMS01', 5, { opening: '100', received: '000', closing: '070' })]), AS_COUNTED);
    const water = supplies.rows.find((row) => row.item === 'water_l')!;
    expect(water).toMatchObject({ site: 'AMS01', unit: 'litre', opening: 100, received: 0, distributed: 30, closing: 70, discrepancy: 0, flagged: false, provisional: false });
    expect(water.reachedHouseholds.value).toBe(5);
    expect(water.reachedPersons.value).toBe(10);
    expect(supplies.discrepancies).toEqual([]);
  });

  it('flags stock that the count does not explain (opening + received − handed out − closing ≠ 0)', () => {
    const { supplies } = aggregateReport(reportData([distribution('AMS01', 5, { opening: '100', received: '020', closing: '080' })]), AS_COUNTED);
    const water = supplies.rows.find((row) => row.item === 'water_l')!;
    expect(water).toMatchObject({ discrepancy: 10, flagged: true });
    expect(supplies.discrepancies).toEqual([expect.objectContaining({ site: 'AMS01', item: 'water_l', discrepancy: 10 })]);
  });

  it('computes no difference while a stock figure awaits review, and marks the row provisional', () => {
    const data = reportData([distribution('AMS01', 5, { opening: '100', received: '000', closing: { value: '0?0', status: 'needs-review' } })]);
    const water = aggregateReport(data, AS_COUNTED).supplies.rows.find((row) => row.item === 'water_l')!;
    expect(water).toMatchObject({ closing: null, discrepancy: null, flagged: false, provisional: true });
  });
});
