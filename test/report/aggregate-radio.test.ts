import { describe, expect, it } from 'vitest';
import { aggregateReport } from '../../src/report/index.js';
import { AS_COUNTED, reportData, sheet, type FieldInput } from '../helpers/report-rows.js';

const message = (site: string, precedence: FieldInput, category: FieldInput) =>
  sheet('radio-message', site, { filed_date: '140326', filed_time: '1200', precedence, category, to: 'Geheime ontvanger' });

describe('aggregateReport: radio traffic', () => {
  it('counts messages per station by precedence and category, "none" where nothing was ticked', () => {
    const data = reportData([message('AMS01', 'emergency', 'sitrep'), message('AMS01', 'routine', 'sitrep'), message('AMS01', null, null), message('UTR01', 'priority', 'other')]);
    const { radio } = aggregateReport(data, AS_COUNTED);
    expect(radio.precedences.map((row) => row.code)).toEqual(['emergency', 'priority', 'welfare', 'routine', 'none']);
    const ams = radio.stations.find((row) => row.station === 'AMS01')!;
    expect(ams.total).toBe(3);
    expect(ams.byPrecedence).toMatchObject({ emergency: 1, routine: 1, none: 1, priority: 0, awaiting: 0 });
    expect(ams.byCategory).toMatchObject({ sitrep: 2, none: 1 });
    expect(radio.stations.map((row) => row.station)).toEqual(['AMS01', 'UTR01']);
  });

  it('counts a message whose precedence awaits review under "awaiting", not under a guess', () => {
    const { radio } = aggregateReport(reportData([message('AMS01', { value: 'emergency', status: 'needs-review' }, 'sitrep')]), AS_COUNTED);
    expect(radio.stations[0]).toMatchObject({ total: 1, awaiting: 1, byPrecedence: expect.objectContaining({ emergency: 0, awaiting: 1 }) });
  });
});
