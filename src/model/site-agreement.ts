/**
 * Agreement across a site's sheets: evidence for digit fields whose value recurs on a site's sheets (`recursAtSite`
 * in the form: the site code from the list posted at the site, a volunteer's number). A reading the nets were not sure
 * enough of alone is accepted when it is whole, fairly sure in every cell (the reader marks it `agreementCandidate`)
 * and equals, digit for digit, a value that other sheets of the same site and form carry as settled (read sure, or
 * confirmed by a person). A misread passes only if the writer wrote some other number and every wrong cell landed
 * exactly on a value the site already uses. Never changes a value: the accepted value is the machine's own guess.
 * Pure: ingest runs it after each batch over the sites it touched.
 */
import type { FieldId } from './form-definition.js';
import type { FieldStatus, FieldValue, ReviewReason } from './reading.js';

/** One sheet's current value of a recurring field, with what the reader said of it. */
export interface RecurringFieldState {
  readonly sheetId: number;
  readonly fieldId: FieldId;
  readonly status: FieldStatus;
  readonly value: FieldValue;
  readonly guess?: FieldValue;
  readonly reasons: readonly ReviewReason[];
  /** The reader found the guess whole and every cell at least DIGIT_SITE_AGREEMENT_MIN_CONFIDENCE sure. */
  readonly agreementCandidate: boolean;
}

export interface AgreementAcceptance {
  readonly sheetId: number;
  readonly fieldId: FieldId;
  readonly value: string;
  /** Other sheets of the site whose settled value is the same. */
  readonly agreeingSheets: number;
}

/** Settled sheets that must carry the value before it vouches for a reading: two, so one misread sure value never does. */
export const SITE_AGREEMENT_MIN_SHEETS = 2;

/**
 * The readings to accept among `fields`, all of ONE site and form. Only fields waiting for no other reason than
 * unsure digits qualify (a failed check, a conflict or an out-of-range value stays with a person).
 */
export function acceptBySiteAgreement(fields: readonly RecurringFieldState[]): AgreementAcceptance[] {
  const settled = new Map<string, Set<number>>();
  for (const field of fields) {
    if ((field.status !== 'auto' && field.status !== 'reviewed') || typeof field.value !== 'string' || field.value === '') continue;
    const key = `${field.fieldId}\u0000${field.value}`;
    const sheets = settled.get(key) ?? new Set<number>();
    sheets.add(field.sheetId);
    settled.set(key, sheets);
  }
  const accepted: AgreementAcceptance[] = [];
  for (const field of fields) {
    if (field.status !== 'needs-review' || !field.agreementCandidate || typeof field.guess !== 'string') continue;
    if (field.reasons.length !== 1 || field.reasons[0] !== 'digits-unsure') continue;
    if (!/^\d+$/.test(field.guess)) continue;
    const sheets = settled.get(`${field.fieldId}\u0000${field.guess}`);
    const agreeing = sheets ? [...sheets].filter((sheetId) => sheetId !== field.sheetId).length : 0;
    if (agreeing >= SITE_AGREEMENT_MIN_SHEETS) accepted.push({ sheetId: field.sheetId, fieldId: field.fieldId, value: field.guess, agreeingSheets: agreeing });
  }
  return accepted;
}
