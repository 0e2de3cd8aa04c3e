import { describe, expect, it } from 'vitest';
import { aggregateReport } from '../../src/report/index.js';
import { AS_COUNTED, reportData, sheet, type FieldInput } from '../helpers/report-rows.js';

const request = (site: string, date: string, type: FieldInput) => sheet('family-link', site, { date, time: '1100', req_type: type, p_family: 'Geheimnaam' });

describe('aggregateReport: family links', () => {
  it('counts "I am safe" registrations and tracing requests per site and day; "both" counts as each', () => {
    const data = reportData([request('AMS01', '140326', 'safe'), request('AMS01', '140326', 'both'), request('AMS01', '150326', 'seeking'), request('UTR01', '140326', 'safe')]);
    const { familyLinks } = aggregateReport(data, AS_COUNTED);
    expect(familyLinks.days.map((row) => [row.site, row.day, row.safe.value, row.tracing.value])).toEqual([
      ['AMS01', '2026-03-14', 2, 1], ['AMS01', '2026-03-15', 0, 1], ['UTR01', '2026-03-14', 1, 0], ['UTR01', '2026-03-15', 0, 0],
    ]);
    expect(familyLinks.total.safe.value).toBe(3);
    expect(familyLinks.total.tracing.value).toBe(2);
  });

  it('lets a request whose type awaits review wait, and never lets a name through', () => {
    const data = reportData([request('AMS01', '140326', { value: 'safe', status: 'needs-review' })]);
    const report = aggregateReport(data, AS_COUNTED);
    expect(report.familyLinks.awaiting.value).toBe(1);
    expect(report.familyLinks.total.safe).toMatchObject({ value: 0, provisional: true });
    expect(JSON.stringify(report)).not.toContain('Geheimnaam');
  });
});
