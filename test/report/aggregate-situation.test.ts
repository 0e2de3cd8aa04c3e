import { describe, expect, it } from 'vitest';
import { aggregateReport } from '../../src/report/index.js';
import { AS_COUNTED, reportData, sheet, type FieldInput } from '../helpers/report-rows.js';

const shift = (site: string, fields: Record<string, FieldInput>) => sheet('site-situation', site, { date: '140326', shift_start: '0800', shift_end: '1600', ...fields });

describe('aggregateReport: site situation', () => {
  it('adds the visitors per hour of a shift into one count per site and block', () => {
    const data = reportData([shift('AMS01', { 'visitors.h1.n': '12', 'visitors.h2.n': '20' }), shift('AMS01', { 'visitors.h1.n': '05' })]);
    const { situation } = aggregateReport(data, AS_COUNTED);
    expect(situation.sheets).toBe(2);
    const visitors = situation.counts.find((row) => row.field === 'visitors')!;
    expect(visitors.bySiteBlock).toEqual([{ site: 'AMS01', period: { start: '2026-03-14T00:00', end: '2026-03-15T00:00' }, value: 37 }]);
    expect(visitors.total).toBe(37);
  });

  it('counts how often each concern was ticked per site, most ticked first', () => {
    const data = reportData([shift('AMS01', { concerns: ['water', 'food'] }), shift('AMS01', { concerns: ['water'] }), shift('UTR01', { concerns: ['water'] })]);
    const concerns = aggregateReport(data, AS_COUNTED).situation.ticks.find((row) => row.field === 'concerns')!;
    expect(concerns.options.map((row) => [row.code, row.total, row.bySite])).toEqual([['water', 3, { AMS01: 2, UTR01: 1 }], ['food', 1, { AMS01: 1 }]]);
  });

  it('never says at which site an unaccompanied minor turned up, and reads no personal remark', () => {
    const data = reportData([shift('AMS01', { incidents: ['unaccompanied_minor'], remarks: 'geheime opmerking' })]);
    const report = aggregateReport(data, AS_COUNTED);
    const incident = report.situation.ticks.find((row) => row.field === 'incidents')!.options.find((row) => row.code === 'unaccompanied_minor')!;
    expect(incident).toMatchObject({ total: 1, bySite: {} });
    expect(JSON.stringify(report)).not.toContain('geheime opmerking');
  });

  it('marks a count provisional while one of its hours awaits review', () => {
    const data = reportData([shift('AMS01', { 'visitors.h1.n': '12', 'visitors.h2.n': { value: '2?', status: 'needs-review' } })]);
    const visitors = aggregateReport(data, AS_COUNTED).situation.counts.find((row) => row.field === 'visitors')!;
    expect(visitors.bySiteBlock[0]).toMatchObject({ value: 12, provisional: true });
  });
});
