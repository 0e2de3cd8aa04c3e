import { describe, expect, it } from 'vitest';
import { aggregateReport } from '../../src/report/index.js';
import { AS_COUNTED, PUBLISHED, reportData, sheet, times, type FieldInput } from '../helpers/report-rows.js';

const intake = (site: string, date: string, fields: Record<string, FieldInput>) => sheet('intake', site, { date, time: '1000', 'n.18_64.f': '01', ...fields });

describe('aggregateReport: people at risk', () => {
  it('counts households per at-risk category per site and per day, from the vulnerability, power and medication ticks', () => {
    const data = reportData([
      intake('AMS01', '140326', { vuln: ['elderly_alone', 'walking'], meds: ['short'] }),
      intake('AMS01', '150326', { vuln: ['seeing_hearing'], power_dep: ['oxygen'] }),
      intake('UTR01', '140326', { meds: ['cold'] }),
    ]);
    const { atRisk } = aggregateReport(data, AS_COUNTED);
    const ams = atRisk.sites.find((row) => row.site === 'AMS01')!.counts;
    expect(ams['elderly_alone']!.value).toBe(1);
    // Two different disability options are one category: each household counts once.
    expect(ams['disability']!.value).toBe(2);
    expect(ams['meds_short']!.value).toBe(1);
    expect(ams['power_dependent']!.value).toBe(1);
    expect(atRisk.total['meds_cold']!.value).toBe(1);
    expect(atRisk.days.filter((row) => row.site === 'AMS01').map((row) => [row.day, row.counts['disability']!.value]))
      .toEqual([['2026-03-14', 1], ['2026-03-15', 1]]);
  });

  it('never publishes at-risk figures finer than a day, even with 6-hour blocks', () => {
    const data = reportData([intake('AMS01', '140326', { vuln: ['pregnant'] })]);
    const report = aggregateReport(data, { ...AS_COUNTED, block: '6h' });
    expect(report.atRisk.days.map((row) => row.day)).toEqual(['2026-03-14']);
    expect(report.signal.every((row) => row.values['hh_pregnant'] === '')).toBe(true);
    const daily = aggregateReport(data, AS_COUNTED);
    expect(daily.signal[0]!.values['hh_pregnant']).toMatchObject({ value: 1 });
  });

  it('gives unaccompanied minors as one total for the whole report, never per site', () => {
    const data = reportData([...times(3, () => intake('AMS01', '140326', { vuln: ['unaccompanied_minor'] })), intake('UTR01', '140326', { vuln: ['unaccompanied_minor'] })]);
    const { atRisk, headline } = aggregateReport(data, AS_COUNTED);
    expect(atRisk.unaccompaniedMinors.value).toBe(4);
    expect(headline.unaccompaniedMinors.value).toBe(4);
    expect(JSON.stringify(atRisk.sites)).not.toContain('unaccompanied');
    expect(aggregateReport(data, PUBLISHED).atRisk.unaccompaniedMinors.shown).toBe('<5');
  });

  it('lets a household wait while one of its at-risk ticks awaits review', () => {
    const data = reportData([intake('AMS01', '140326', { vuln: { value: ['pregnant'], status: 'needs-review' } })]);
    const { atRisk } = aggregateReport(data, AS_COUNTED);
    expect(atRisk.sites[0]!.counts['pregnant']).toMatchObject({ value: 0, provisional: true });
    expect(atRisk.sites[0]!.awaiting.value).toBe(1);
  });
});
