/**
 * A small, fully known day at three sites, inserted straight into a workspace: intake, family-link, supply,
 * radio and site-situation sheets, with the truth counted while generating and the personal strings that must
 * never reach a signal report output.
 */
import { makeWorkspace, type SheetSpec, type TestWorkspace } from './make-workspace.js';

export const FIXTURE_SITES = ['AMS01', 'RTM03', 'UTR02'] as const;
const NEEDS = ['water', 'food', 'info', 'charging', 'warmth', 'medication', 'medical', 'baby'];

export interface FixtureTruth {
  households: Record<string, number>;
  persons: Record<string, number>;
  need: Record<string, Record<string, number>>;
  elderlyAlone: Record<string, number>;
  urgentNow: number;
  rflSafe: Record<string, number>;
  rflTracing: Record<string, number>;
  waterDistributed: Record<string, number>;
  scanTimed: number;
  awaitingNeeds: number;
}

export interface Fixture {
  tw: TestWorkspace;
  truth: FixtureTruth;
  /** Names, card numbers, returned serials and free text that were written into the workspace. */
  secrets: string[];
}

/**
 * `sites` keeps only those of the three sites (as one office of several would hold them; truth covers only those),
 * `outcomes: false` leaves out the three recorded input outcomes, and `dir` puts the workspace in that folder.
 */
export function makeReportFixture(options: { intakePerSite?: number; reviewOpen?: boolean; sites?: readonly string[]; outcomes?: boolean; dir?: string } = {}): Fixture {
  const tw = makeWorkspace(options.dir ? { dir: options.dir } : {});
  const perSite = options.intakePerSite ?? 24;
  const reviewOpen = options.reviewOpen ?? true;
  const truth: FixtureTruth = { households: {}, persons: {}, need: {}, elderlyAlone: {}, urgentNow: 0, rflSafe: {}, rflTracing: {}, waterDistributed: {}, scanTimed: 0, awaitingNeeds: 0 };
  const secrets: string[] = [];
  const specs: SheetSpec[] = [];
  FIXTURE_SITES.forEach((site, siteIndex) => {
    if (options.sites && !options.sites.includes(site)) return;
    tw.issue('intake', site, 41001 + siteIndex * 1000, 41100 + siteIndex * 1000);
    tw.issue('family-link', site, 52001 + siteIndex * 1000, 52020 + siteIndex * 1000);
    truth.households[site] = 0;
    truth.persons[site] = 0;
    truth.need[site] = {};
    truth.elderlyAlone[site] = 0;
    const count = perSite + siteIndex * 6;
    for (let i = 0; i < count; i++) {
      const serial = 41001 + siteIndex * 1000 + i;
      const card = String(870000 + siteIndex * 1000 + i);
      const name = `Zorgvrager${site}X${i}`;
      const remark = `vrije tekst geheim ${site} ${i}`;
      secrets.push(String(serial), card, name, remark);
      const adults = 1 + (i % 3);
      const kids = i % 4 === 0 ? 2 : 0;
      const needs = NEEDS.filter((_, k) => (i + k + siteIndex) % 3 === 0);
      const reviewThis = reviewOpen && i === 5;
      const scanTime = i === 7;
      truth.households[site]! += 1;
      truth.persons[site]! += adults + kids;
      if (reviewThis) truth.awaitingNeeds++;
      else for (const need of needs) truth.need[site]![need] = (truth.need[site]![need] ?? 0) + 1;
      const elderly = i % 4 === 1;
      if (elderly) truth.elderlyAlone[site]! += 1;
      const urgentNow = i % 11 === 3;
      if (urgentNow) truth.urgentNow++;
      if (scanTime) truth.scanTimed++;
      specs.push({
        form: 'intake', site, serial, scannedAt: '2026-03-14T15:30:00.000Z',
        fields: {
          date: '140326', time: scanTime ? { value: '1?30', status: 'needs-review' } : `${String(8 + (i % 10)).padStart(2, '0')}${i % 2 ? '45' : '05'}`,
          hh_card: card, volunteer_no: '4711', pc4: '1012', 'n.18_64.f': String(adults).padStart(2, '0'), 'n.5_17.m': kids ? '02' : null,
          needs: reviewThis ? { value: needs, status: 'needs-review', guess: needs } : needs, need_top: needs[0] ?? null,
          urgency: urgentNow ? 'now' : i % 2 ? 'h24' : 'can_wait', vuln: elderly ? ['elderly_alone'] : [],
          power_dep: i === 2 ? ['ventilator'] : [], battery_h: i === 2 ? '03' : null, meds: i % 6 === 0 ? ['short'] : [],
          referral: i === 2 ? ['homevisit'] : [], provided: ['info'], contact_name: i === 2 ? name : null, contact_addr: i === 2 ? `Geheimstraat ${i}` : null,
          contact_phone: i === 2 ? '0612345678' : null, remarks: remark,
        },
      });
      if (i === 2) secrets.push(`Geheimstraat ${i}`, '0612345678');
    }
    truth.rflSafe[site] = 0;
    truth.rflTracing[site] = 0;
    for (let i = 0; i < 6 + siteIndex; i++) {
      const type = i % 3 === 0 ? 'both' : i % 3 === 1 ? 'safe' : 'seeking';
      if (type !== 'seeking') truth.rflSafe[site]! += 1;
      if (type !== 'safe') truth.rflTracing[site]! += 1;
      const family = `Familienaam${site}${i}`;
      secrets.push(family, String(52001 + siteIndex * 1000 + i));
      specs.push({ form: 'family-link', site, serial: 52001 + siteIndex * 1000 + i, fields: { date: '140326', time: '1100', req_type: type, p_family: family, p_given: 'Geheimvoornaam', s_family: `Gezocht${family}` } });
    }
    // Two supply sheets per site, one with a stock difference.
    truth.waterDistributed[site] = 0;
    for (let sheet = 0; sheet < 2; sheet++) {
      const fields: Record<string, string | null | string[]> = { date: '140326', sheet_no: String(sheet + 1).padStart(2, '0') };
      let water = 0;
      for (let row = 1; row <= 6; row++) {
        fields[`rows.${row}.r_time`] = `${10 + sheet * 4}${row}0`.slice(0, 4);
        fields[`rows.${row}.r_hh_card`] = String(880000 + row);
        fields[`rows.${row}.r_persons`] = '02';
        fields[`rows.${row}.r_water_l`] = '06';
        water += 6;
        secrets.push(String(880000 + row));
      }
      truth.waterDistributed[site]! += water;
      fields['stock.water_l.opening'] = '100';
      fields['stock.water_l.received'] = '000';
      fields['stock.water_l.issued'] = String(water).padStart(3, '0');
      fields['stock.water_l.closing'] = String(100 - water - (sheet === 1 ? 4 : 0)).padStart(3, '0');
      specs.push({ form: 'supply-distribution', site, serial: 63001 + sheet, fields });
    }
    for (let i = 0; i < 3; i++) specs.push({ form: 'radio-message', site, serial: 74001 + i, fields: { filed_date: '140326', filed_time: '1200', precedence: i === 0 ? 'emergency' : 'routine', category: 'sitrep', to: 'Geheime ontvanger' } });
    specs.push({ form: 'site-situation', site, serial: 85001, fields: { date: '140326', shift_start: '0800', shift_end: '1600', 'visitors.h1.n': '12', 'visitors.h2.n': '20', concerns: ['water', 'rumours'], shortages: ['blanket'], remarks: 'geheime opmerking' } });
  });
  secrets.push('Geheimvoornaam', 'Geheime ontvanger', 'geheime opmerking', '4711');
  tw.addSheets(specs);
  if (options.outcomes ?? true) {
    tw.addOutcome('unreadable', 'no-qr');
    tw.addOutcome('unreadable', 'registration-failed');
    tw.addOutcome('duplicate');
  }
  return { tw, truth, secrets };
}
