/**
 * Section 8 "Received by radio", replaced per site AND period: a SITREP's figures give way to the pages of the same
 * site dated on its day up to its time; pages of another day, of later that day, or of another site leave it
 * provisional; a later message for a period with no pages yet stays shown, by radio only, and adds to nothing.
 */
import { describe, expect, it } from 'vitest';
import { composeSitrep, parseSitrep, sitrepWords, type SitrepFigures } from '../../src/radio/index.js';
import { aggregateReport } from '../../src/report/index.js';
import { sitrepPeriod } from '../../src/report/section-by-radio.js';
import type { RadioSitrepRow } from '../../src/store/index.js';
import { AS_COUNTED, reportData, sheet, times } from '../helpers/report-rows.js';

let nextId = 1;
/** A SITREP as the store keeps it once received: composed, read back through its checks, as radio receive does. */
function received(site: string, date: string, time: string, households: number, receivedAt: string): RadioSitrepRow {
  const figures: SitrepFigures = { site, date, time, households, persons: households * 2, urgent: 0, needs: [{ code: 'water', households }], safe: 0, tracing: 0 };
  const text = composeSitrep(figures);
  const parsed = parseSitrep(text, sitrepWords(text).length);
  if (!parsed.ok) throw new Error(parsed.message);
  return { id: nextId++, site, sentDate: date, sentTime: time, figuresJson: JSON.stringify(parsed.figures), text, station: 'PA3RKN', messageNo: null, receivedAt, receptions: 1 };
}

/** Intake sheets of a site, written on DD-MM-YY at HHMM. */
const intakes = (site: string, n: number, date: string, time: string) => times(n, () => sheet('intake', site, { date, time }));

function byRadio(sheets: ReturnType<typeof intakes>, sitreps: readonly RadioSitrepRow[]) {
  const report = aggregateReport({ ...reportData(sheets), radioSitreps: sitreps }, AS_COUNTED);
  return { rows: report.byRadio, households: report.headline.households.value };
}

describe('aggregateReport: figures by radio replaced per site and period', () => {
  const monday = received('AMS01', '1403', '1400', 5, '2026-03-14T13:10:00.000Z');
  const tuesday = received('AMS01', '1503', '2000', 9, '2026-03-15T19:10:00.000Z');

  it('replaces a message by the site\'s pages of its day up to its time', () => {
    const { rows, households } = byRadio(intakes('AMS01', 6, '140326', '1100'), [monday]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ site: 'AMS01', sent: '14-03 14:00', replacedByPages: true, pagesHouseholds: '6', figures: { households: '5' } });
    // Counted once, from the pages.
    expect(households).toBe(6);
  });

  it('keeps a later message provisional while its period has no pages, then replaces it when they come', () => {
    const mondayPages = intakes('AMS01', 6, '140326', '1100');
    const before = byRadio(mondayPages, [monday, tuesday]);
    expect(before.rows).toHaveLength(1);
    expect(before.rows[0]).toMatchObject({ sent: '15-03 20:00', replacedByPages: false, pagesHouseholds: null, figures: { households: '9' } });
    // The radio's 9 adds to nothing: the report counts Monday's pages only.
    expect(before.households).toBe(6);
    // Tuesday's paper arrives: the Tuesday message gives way to it.
    const after = byRadio([...mondayPages, ...intakes('AMS01', 4, '150326', '1930')], [monday, tuesday]);
    expect(after.rows[0]).toMatchObject({ sent: '15-03 20:00', replacedByPages: true, pagesHouseholds: '10' });
    expect(after.households).toBe(10);
  });

  it('is not replaced by pages of an earlier day, of later the same day, or of another site', () => {
    const message = received('AMS01', '1403', '1200', 5, '2026-03-14T11:30:00.000Z');
    for (const pages of [intakes('AMS01', 5, '130326', '1000'), intakes('AMS01', 5, '140326', '1201'), intakes('UTR02', 5, '140326', '1000')]) {
      expect(byRadio(pages, [message]).rows[0]).toMatchObject({ site: 'AMS01', replacedByPages: false, pagesHouseholds: null });
    }
    // A page dated at the very minute of the message is within its period.
    expect(byRadio(intakes('AMS01', 5, '140326', '1200'), [message]).rows[0]!.replacedByPages).toBe(true);
    // Family-link sheets are pages a SITREP's figures come from (SAFE, TRACING) too.
    expect(byRadio([sheet('family-link', 'AMS01', { date: '140326', time: '0900', req_type: 'safe' })], [message]).rows[0]!.replacedByPages).toBe(true);
  });

  it('shows the message of the latest period, even when an older one is relayed after it', () => {
    const relayedLate = { ...monday, id: nextId++, receivedAt: '2026-03-15T21:00:00.000Z' };
    const { rows } = byRadio(intakes('AMS01', 6, '140326', '1100'), [tuesday, relayedLate]);
    expect(rows[0]).toMatchObject({ sent: '15-03 20:00', replacedByPages: false });
  });
});

describe('sitrepPeriod', () => {
  it('is the message\'s day from midnight up to its time, in the year of the reception', () => {
    expect(sitrepPeriod('1403', '1400', '2026-03-14T13:10:00.000Z')).toEqual({ start: '2026-03-14T00:00', end: '2026-03-14T14:00' });
  });

  it('takes the year before for a message of the last days of December received in January', () => {
    expect(sitrepPeriod('3112', '2330', '2027-01-01T08:00:00.000Z')).toEqual({ start: '2026-12-31T00:00', end: '2026-12-31T23:30' });
    // A clock a little fast at the sender: tomorrow's date received today stays in this year.
    expect(sitrepPeriod('1503', '0010', '2026-03-14T22:50:00.000Z').start).toBe('2026-03-15T00:00');
  });
});
