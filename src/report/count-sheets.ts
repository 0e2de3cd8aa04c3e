/**
 * The one walk over the sheets: keep those of the asked sites and period, place each at its time (block and day),
 * count what awaits review, and hand the sheet to its form's counter. Everything the sections publish is tallied here.
 */
import { leafFields } from '../model/index.js';
import type { AggregateOptions, FieldState, ReportData } from './report-data.js';
import { blockStart } from './local-time.js';
import { sheetTime, timeFieldsOf, type TimeFields, type TimeSource } from './sheet-time.js';
import { FORM_IDS, TIME_FAMILIES } from './report-forms.js';
import { countIntake } from './count-intake.js';
import { countFamilyLink } from './section-family-links.js';
import { countSupply, markSupplyBlockProvisional, type SupplyCells } from './section-supplies.js';
import { countRadio, type RadioStations } from './section-radio.js';
import { countSituation, emptySituationTally, type SituationTally } from './section-situation.js';
import type { CoverageFacts } from './section-coverage.js';
import { Tally } from './tally.js';

export interface SheetCounts {
  readonly tally: Tally;
  /** Sorted sites, block starts and days that hold at least one counted sheet. */
  readonly siteList: readonly string[];
  readonly blockList: readonly string[];
  readonly dayList: readonly string[];
  readonly timeSource: Record<TimeSource, number>;
  /** Earliest and latest local time of a counted sheet. */
  readonly minTime: string | null;
  readonly maxTime: string | null;
  readonly coverage: CoverageFacts;
  readonly supplyCells: SupplyCells;
  readonly radioStations: RadioStations;
  readonly situation: SituationTally;
  /** Per site, the local times of its counted intake and family-link sheets (the forms a SITREP's figures come from). */
  readonly pageTimes: ReadonlyMap<string, readonly string[]>;
}

/** Leaves a person must check before they count (free text is transcribed, not reviewed for the report). */
function reviewableLeaves(data: ReportData): Map<string, Set<string>> {
  const reviewable = new Map<string, Set<string>>();
  for (const [fingerprint, definition] of data.definitions) {
    reviewable.set(fingerprint, new Set(leafFields(definition).filter((leaf) => leaf.kind !== 'text' && leaf.kind !== 'wordgrid' && leaf.kind !== 'signature').map((leaf) => leaf.id)));
  }
  return reviewable;
}

export function countSheets(data: ReportData, options: AggregateOptions): SheetCounts {
  const siteFilter = options.sites && options.sites.length > 0 ? new Set(options.sites) : null;
  const timeFieldsByFingerprint = new Map<string, TimeFields>([...data.definitions].map(([fingerprint, definition]) => [fingerprint, timeFieldsOf(definition)]));
  const reviewableByFingerprint = reviewableLeaves(data);
  const tally = new Tally();
  const sites = new Set<string>();
  const blocks = new Set<string>();
  const days = new Set<string>();
  const timeSource = { form: 0, scan: 0, pending: 0 };
  const review = { fieldsAwaitingReview: 0, sheetsAwaitingReview: 0, sheetsIncomplete: 0 };
  const returnedSerials = new Map<string, Set<number>>();
  const returnedInPeriod = new Map<string, number>();
  let minTime: string | null = null;
  let maxTime: string | null = null;
  const supplyCells: SupplyCells = new Map();
  const radioStations: RadioStations = new Map();
  const situation = emptySituationTally();
  const pageTimes = new Map<string, string[]>();
  const needsReviewStatus = (state: FieldState | undefined): boolean => state?.status === 'needs-review';

  for (const sheet of data.sheets) {
    const definition = data.definitions.get(sheet.fingerprint);
    const key = `${sheet.formId}|${sheet.site}`;
    const serials = returnedSerials.get(key) ?? new Set<number>();
    serials.add(sheet.serial);
    returnedSerials.set(key, serials);
    if (!definition) continue;
    if (siteFilter && !siteFilter.has(sheet.site)) continue;
    const time = sheetTime(sheet, timeFieldsByFingerprint.get(sheet.fingerprint) ?? { date: undefined, times: [] });
    if (options.from && time.local < options.from) continue;
    if (options.to && time.local >= options.to) continue;
    timeSource[time.source]++;
    if (minTime === null || time.local < minTime) minTime = time.local;
    if (maxTime === null || time.local > maxTime) maxTime = time.local;
    const site = sheet.site;
    const block = blockStart(time.local, options.block);
    const day = time.local.slice(0, 10);
    sites.add(site);
    blocks.add(block);
    days.add(day);
    returnedInPeriod.set(key, (returnedInPeriod.get(key) ?? 0) + 1);

    let sheetWaits = false;
    const reviewable = reviewableByFingerprint.get(sheet.fingerprint);
    for (const id in sheet.fields) {
      if (needsReviewStatus(sheet.fields[id]) && reviewable?.has(id)) {
        sheetWaits = true;
        review.fieldsAwaitingReview++;
      }
    }
    if (sheetWaits) review.sheetsAwaitingReview++;
    if (!sheet.complete) review.sheetsIncomplete++;

    // Placed at the scan time only for now: every figure of this site and period may still lose (or gain) this sheet.
    if (time.source === 'pending') for (const [family, per] of TIME_FAMILIES[sheet.formId] ?? []) tally.waitForTime(family, site, per === 'day' ? day : block);

    if (sheet.formId === FORM_IDS.intake || sheet.formId === FORM_IDS.familyLink) {
      const times = pageTimes.get(site) ?? [];
      times.push(time.local);
      pageTimes.set(site, times);
    }
    switch (sheet.formId) {
      case FORM_IDS.intake:
        countIntake(tally, sheet, site, block, day);
        break;
      case FORM_IDS.familyLink:
        countFamilyLink(tally, sheet, site, day);
        break;
      case FORM_IDS.supply:
        countSupply(tally, supplyCells, sheet, definition, site, block);
        if (time.source === 'pending') markSupplyBlockProvisional(supplyCells, site, block);
        break;
      case FORM_IDS.radio:
        countRadio(radioStations, sheet, site);
        break;
      case FORM_IDS.situation:
        countSituation(situation, sheet, definition, site, block, time.source === 'pending');
        break;
      default:
        break;
    }
  }

  return {
    tally, siteList: [...sites].sort(), blockList: [...blocks].sort(), dayList: [...days].sort(), timeSource, minTime, maxTime,
    coverage: { serials: returnedSerials, inPeriod: returnedInPeriod, ...review },
    supplyCells, radioStations, situation, pageTimes,
  };
}
