import { describe, expect, it } from 'vitest';
import { aggregateReport } from '../../src/report/index.js';
import { AS_COUNTED, PUBLISHED, reportData, sheet, times, type FieldInput } from '../helpers/report-rows.js';

const intake = (site: string, time: string, fields: Record<string, FieldInput> = {}) =>
  sheet('intake', site, { date: '140326', time, 'n.18_64.f': '01', ...fields });

describe('aggregateReport: needs', () => {
  it('counts households, persons and needs per site, per time block and in total', () => {
    const data = reportData([
      intake('AMS01', '0930', { 'n.5_17.m': '02', needs: ['water', 'food'] }),
      intake('AMS01', '1415', { needs: ['water'] }),
      intake('UTR01', '0800', { needs: ['info'] }),
    ]);
    const { needs, headline } = aggregateReport(data, { ...AS_COUNTED, block: '6h' });
    const ams = needs.sites.find((row) => row.site === 'AMS01')!;
    expect(ams.households.value).toBe(2);
    expect(ams.persons.value).toBe(4);
    expect(ams.needs['water']!.value).toBe(2);
    expect(ams.needs['food']!.value).toBe(1);
    // Persons in the households with a need: 3 with water in the first household, 1 in the second.
    expect(ams.needPersons['water']!.value).toBe(4);
    expect(needs.total.households.value).toBe(3);
    expect(needs.blocks.filter((block) => block.site === 'AMS01').map((block) => [block.period.start, block.households.value]))
      .toEqual([['2026-03-14T06:00', 1], ['2026-03-14T12:00', 1]]);
    expect(headline.households.value).toBe(3);
    expect(headline.topNeeds[0]).toMatchObject({ code: 'water', households: { value: 2 } });
  });

  it('lets a household whose persons await review wait, and marks the persons figure provisional', () => {
    const data = reportData([intake('AMS01', '0930'), intake('AMS01', '1000', { 'n.65p.m': { value: '0?', status: 'needs-review' } })]);
    const { needs, meta } = aggregateReport(data, AS_COUNTED);
    expect(needs.total.households.value).toBe(2);
    expect(needs.total.persons).toMatchObject({ value: 1, provisional: true });
    expect(meta.provisional).toBe(true);
  });

  it('ranks the most urgent need and counts urgency and referrals per site', () => {
    const data = reportData([
      intake('AMS01', '0930', { need_top: 'water', urgency: 'now', referral: ['gp'] }),
      intake('AMS01', '1000', { need_top: 'water', urgency: 'h24' }),
      intake('AMS01', '1100', { need_top: 'food', urgency: 'can_wait' }),
    ]);
    const { needs } = aggregateReport(data, AS_COUNTED);
    expect(needs.mostUrgent.map((row) => [row.code, row.households.value])).toEqual([['water', 2], ['food', 1]]);
    expect(needs.urgencyBySite).toEqual([expect.objectContaining({ site: 'AMS01', now: expect.objectContaining({ value: 1 }), h24: expect.objectContaining({ value: 1 }) })]);
    expect(needs.referrals.find((row) => row.code === 'gp')!.bySite['AMS01']!.value).toBe(1);
  });

  it('hides counts of 1 to 4 as <5 and one more count of each sum, so no hidden count can be worked out', () => {
    const data = reportData([
      ...times(12, (i) => intake('AMS01', '0930', { needs: i < 3 ? ['water'] : ['food'] })),
      ...times(7, () => intake('UTR01', '0930', { needs: ['food'] })),
    ]);
    const { needs, hiddenCells } = aggregateReport(data, PUBLISHED);
    const ams = needs.sites.find((row) => row.site === 'AMS01')!;
    expect(ams.needs['water']).toMatchObject({ value: null, shown: '<5', hidden: 'primary' });
    expect(ams.needs['food']!.value).toBe(9);
    // The total of 3 is a small count itself.
    expect(needs.total.needs['water']!.value).toBeNull();
    expect(hiddenCells).toBeGreaterThan(0);
    const raw = aggregateReport(data, AS_COUNTED);
    expect(raw.needs.sites.find((row) => row.site === 'AMS01')!.needs['water']!.value).toBe(3);
    expect(raw.hiddenCells).toBe(0);
  });
});
