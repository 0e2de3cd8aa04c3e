/**
 * Cross-field checks a form declares (`checks`: the household bands add up to the total; distribution rows add up to
 * the stock issued). Evaluates them on readings and sends every `auto` field of a failed check to review with
 * `check-failed`; it never changes a value. Pure: readPage uses it per page, ingest per whole sheet, review again after each decision
 * (a reviewed band can contradict a total the machine read as sure).
 */
import type { CrossFieldCheck, FieldId } from './form-definition.js';
import { termPattern } from './parse-form.js';
import type { FieldReading, FieldStatus, FieldValue } from './reading.js';

/** What a check needs to know of one field: its current value, whether it is settled, and the machine's best guess. */
export interface CheckInput {
  readonly value: FieldValue;
  readonly status: FieldStatus;
  readonly guess?: FieldValue;
}

export interface CheckFields {
  readonly terms: readonly FieldId[];
  readonly total: FieldId;
}

export type CheckOutcome =
  | { readonly checkId: string; readonly kind: 'passed'; readonly fields: readonly FieldId[]; readonly sum: number; readonly total: number }
  | { readonly checkId: string; readonly kind: 'failed'; readonly fields: readonly FieldId[]; readonly sum: number; readonly total: number }
  /** Some field is missing (page not scanned yet), in review without a whole-number guess, unreadable as a number, or the total is blank. */
  | { readonly checkId: string; readonly kind: 'not-evaluated'; readonly fields: readonly FieldId[]; readonly why: string };

/** The leaf ids a check involves: its terms (`*` = one id segment) expanded over the form's leaves, and its total. */
export function checkFieldIds(check: CrossFieldCheck, leafIds: readonly FieldId[]): CheckFields {
  const patterns = check.terms.map(termPattern);
  const terms = leafIds.filter((id) => id !== check.total && patterns.some((pattern) => pattern.test(id)));
  return { terms, total: check.total };
}

/**
 * Evaluates one sum check. A blank term counts 0 (people leave empty bands blank); a blank total means there is
 * nothing to check against (a missing required total is the review of that field, not of the bands). A field in
 * review takes part with the machine's best guess when that is a whole number: if the sum fails even so, the `auto`
 * fields beside it are not confirmed by the check and go to review too (bench: a total "01" read as a sure "04"
 * while a band waited for review stayed auto); if it passes, nothing changes, as the guess itself is still reviewed.
 */
export function evaluateCheck(check: CrossFieldCheck, fields: CheckFields, values: ReadonlyMap<FieldId, CheckInput>): CheckOutcome {
  const all = [...fields.terms, fields.total];
  const notEvaluated = (why: string): CheckOutcome => ({ checkId: check.id, kind: 'not-evaluated', fields: all, why });
  for (const id of all) {
    if (!values.get(id)) return notEvaluated(`${id} has not been read`);
  }
  const total = numberOf(values.get(fields.total)!);
  if (total === null) return notEvaluated(`${fields.total} is in review or not a number`);
  if (total === 'blank') return notEvaluated(`${fields.total} is blank`);
  let sum = 0;
  for (const id of fields.terms) {
    const term = numberOf(values.get(id)!);
    if (term === null) return notEvaluated(`${id} is in review or not a number`);
    if (term !== 'blank') sum += term;
  }
  return { checkId: check.id, kind: sum === total ? 'passed' : 'failed', fields: all, sum, total };
}

export function evaluateChecks(checks: readonly CrossFieldCheck[], leafIds: readonly FieldId[], values: ReadonlyMap<FieldId, CheckInput>): CheckOutcome[] {
  return checks.map((check) => evaluateCheck(check, checkFieldIds(check, leafIds), values));
}

/** Field ids that were `auto` in a failed check: the ones to send to review (reviewed and empty fields stay as they are). */
export function fieldsFailingChecks(outcomes: readonly CheckOutcome[], values: ReadonlyMap<FieldId, CheckInput>): Map<FieldId, string[]> {
  const failing = new Map<FieldId, string[]>();
  for (const outcome of outcomes) {
    if (outcome.kind !== 'failed') continue;
    for (const id of outcome.fields) {
      if (values.get(id)?.status !== 'auto') continue;
      failing.set(id, [...(failing.get(id) ?? []), outcome.checkId]);
    }
  }
  return failing;
}

/** Readings with every `auto` field of a failed check turned to needs-review (`check-failed`), value kept, guess = value. */
export function applyCheckFailures(readings: readonly FieldReading[], failing: ReadonlyMap<FieldId, readonly string[]>): FieldReading[] {
  return readings.map((reading) => {
    const checks = failing.get(reading.fieldId);
    if (!checks || reading.status !== 'auto') return reading;
    return {
      ...reading, status: 'needs-review', guess: reading.value, reasons: [...reading.reasons, 'check-failed'],
      metrics: { ...reading.metrics, failedChecks: checks.join(',') },
    };
  });
}

/**
 * A sum that holds vouches for counts read just below their own acceptance threshold: when every field of a check on
 * this page is settled (auto or empty) or a `sumCandidate` (a valid count whose every cell reached the sum threshold,
 * marked by the digit reader) and the values as read add up, the candidates are accepted with their reading. The
 * threshold is tuned on validation households where one writer's repeated digit is the same written cell, so equal
 * misreads in a band and the total, which still add up, count as the errors they are. Never changes a value.
 */
export function acceptBySumChecks(checks: readonly CrossFieldCheck[], leafIds: readonly FieldId[], readings: readonly FieldReading[]): FieldReading[] {
  const byId = new Map(readings.map((reading) => [reading.fieldId, reading]));
  const accepted = new Set<FieldId>();
  for (const check of checks) {
    if (check.kind !== 'sum') continue;
    const fields = checkFieldIds(check, leafIds);
    const all = [...fields.terms, fields.total];
    const involved = all.map((id) => byId.get(id));
    if (involved.some((reading) => !reading)) continue;
    const candidates = involved.filter((reading) => reading!.metrics['sumCandidate'] === true && reading!.status === 'needs-review' &&
      reading!.reasons.length === 1 && reading!.reasons[0] === 'digits-unsure');
    const settled = involved.every((reading) => reading!.status === 'auto' || reading!.status === 'empty' || candidates.includes(reading));
    if (candidates.length === 0 || !settled) continue;
    if (evaluateCheck(check, fields, byId).kind !== 'passed') continue;
    for (const reading of candidates) accepted.add(reading!.fieldId);
  }
  if (accepted.size === 0) return [...readings];
  return readings.map((reading) => {
    if (!accepted.has(reading.fieldId) || typeof reading.guess !== 'string') return reading;
    const { guess, ...rest } = reading;
    return { ...rest, value: guess.replace(/ /g, ''), status: 'auto', reasons: [], metrics: { ...reading.metrics, acceptedBy: 'sum-check' } };
  });
}

/** Evaluates the checks whose fields are all among `readings` (one page) and applies their failures. */
export function checkPageFields(checks: readonly CrossFieldCheck[], leafIds: readonly FieldId[], pageReadings: readonly FieldReading[]): FieldReading[] {
  const readings = acceptBySumChecks(checks, leafIds, pageReadings);
  const values = new Map(readings.map((reading) => [reading.fieldId, reading]));
  const onPage = checks.filter((check) => {
    const fields = checkFieldIds(check, leafIds);
    return [...fields.terms, fields.total].every((id) => values.has(id));
  });
  if (onPage.length === 0) return readings;
  const outcomes = evaluateChecks(onPage, leafIds, values);
  return applyCheckFailures(readings, fieldsFailingChecks(outcomes, values));
}

/**
 * Checks over a whole sheet once its last page arrives: `stored` are the current values of the pages read before
 * (reviewed values count as settled), `page` the readings of the page being written (they win). Returns the `auto`
 * fields (of any page) to send to review, with the checks each failed.
 */
export function checkSheetFields(checks: readonly CrossFieldCheck[], leafIds: readonly FieldId[],
  stored: readonly ({ readonly fieldId: FieldId } & CheckInput)[], page: readonly FieldReading[]): Map<FieldId, string[]> {
  if (checks.length === 0) return new Map();
  const values = new Map<FieldId, CheckInput>(stored.map((field) => [field.fieldId, field]));
  for (const field of page) values.set(field.fieldId, field);
  return fieldsFailingChecks(evaluateChecks(checks, leafIds, values), values);
}

/**
 * A field's value as a whole number — for a field in review, its guess; 'blank' when nothing is written; null when
 * it is not a number at all (or a field in review has no whole-number guess).
 */
function numberOf(input: CheckInput): number | 'blank' | null {
  if (input.status === 'needs-review') {
    if (input.guess === undefined) return null;
    return wholeNumber(input.guess);
  }
  if (input.status === 'empty') return 'blank';
  // A reviewed null is a field a person marked illegible: unknown, not blank (it would count as 0).
  if (input.status === 'reviewed' && input.value === null) return null;
  return wholeNumber(input.value);
}

function wholeNumber(value: FieldValue): number | 'blank' | null {
  if (value === null) return 'blank';
  if (typeof value !== 'string') return null;
  const digits = value.trim();
  if (digits === '') return 'blank';
  return /^[0-9]+$/.test(digits) ? Number(digits) : null;
}
