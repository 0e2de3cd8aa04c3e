import { describe, expect, it } from 'vitest';
import { aggregateReport } from '../../src/report/index.js';
import { compressRanges } from '../../src/report/section-coverage.js';
import { AS_COUNTED, PUBLISHED, reportData, sheet, times } from '../helpers/report-rows.js';

const intake = (site: string, serial: number) => sheet('intake', site, { date: '140326', time: '1000', 'n.18_64.f': '01' }, { serial });

describe('compressRanges', () => {
  it('writes sorted serials as ranges', () => {
    expect(compressRanges([1, 2, 3, 7, 10, 11, 12])).toEqual(['1-3', '7', '10-12']);
    expect(compressRanges([])).toEqual([]);
  });
});

describe('aggregateReport: coverage', () => {
  it('lists issued, returned and missing sheets per form and site, with the missing serial ranges', () => {
    const data = reportData(times(8, (i) => intake('AMS01', [1, 2, 3, 5, 6, 7, 9, 10][i]!)), {
      printRuns: [{ formId: 'intake', site: 'AMS01', serialFrom: 1, serialTo: 14 }],
    });
    const row = aggregateReport(data, AS_COUNTED).coverage.forms[0]!;
    expect(row).toMatchObject({ formId: 'intake', site: 'AMS01', issued: 14, returned: { value: 8 }, missing: { value: 6 }, missingRanges: ['4', '8', '11-14'], rescanRanges: [] });
  });

  it('says which refused pages to scan again, and does not count them as missing', () => {
    const data = reportData(times(6, (i) => intake('AMS01', i + 1)), {
      printRuns: [{ formId: 'intake', site: 'AMS01', serialFrom: 1, serialTo: 9 }],
      refused: [{ formId: 'intake', site: 'AMS01', serial: 7 }, { formId: 'intake', site: 'AMS01', serial: 8 }, { formId: 'intake', site: 'AMS01', serial: 2 }],
    });
    const row = aggregateReport(data, AS_COUNTED).coverage.forms[0]!;
    // Serial 2 was refused once but read since: neither missing nor to rescan.
    expect(row).toMatchObject({ missing: { value: 1 }, missingRanges: ['9'], rescanRanges: ['7-8'] });
  });

  it('hides a small returned count of a people form together with its missing serials', () => {
    const data = reportData(times(3, (i) => intake('AMS01', i + 1)), { printRuns: [{ formId: 'intake', site: 'AMS01', serialFrom: 1, serialTo: 10 }] });
    const row = aggregateReport(data, PUBLISHED).coverage.forms[0]!;
    expect(row.returned).toMatchObject({ value: null, shown: '<5' });
    expect(row.missing).toMatchObject({ value: null, shown: 'x' });
    expect(row.missingRanges).toEqual([]);
  });

  it('labels every outcome and reason in the report language and adds up the unreadable pages', () => {
    const data = reportData([], { outcomes: [{ outcome: 'unreadable', reason: 'no-qr', pages: 2 }, { outcome: 'accepted', reason: null, pages: 5 }, { outcome: 'unreadable', reason: 'blank-page', pages: 1 }] });
    const { coverage } = aggregateReport(data, { ...AS_COUNTED, lang: 'nl' });
    expect(coverage.outcomes.map((row) => [row.outcomeLabel, row.label, row.pages])).toEqual([
      ['geaccepteerd', 'geaccepteerd', 5], ['onleesbaar', 'lege pagina', 1], ['onleesbaar', 'geen QR-code gevonden', 2],
    ]);
    expect(coverage.unreadablePages).toBe(3);
  });
});
