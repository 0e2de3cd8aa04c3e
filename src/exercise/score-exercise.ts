/**
 * Scores the trainees' workspace against the answer key: sheets found, fields right/wrong/still open per form, urgent
 * cases caught, files handled, family-link pairs matched (score-matches.ts), time taken. Pure: the rows come from score-workspace.ts; nothing here reads SQLite.
 * The score is the share of answer-key fields whose current value is right (a field of a missing sheet is not right).
 */
import type { FieldStatus, FieldValue } from '../model/index.js';
import type { AnswerKey, FileExpectation, KeyFieldInfo } from './answer-key.js';
import { scoreMatches, type MatchScore, type TraineeMatchDecision } from './score-matches.js';
import { scoreRadioDrill, type RadioDrillScore, type ReceivedDrillSitrep } from './radio-drill.js';

export interface TraineeSheet {
  /** The workspace's sheet id, which match decisions name. */
  readonly sheetId: number;
  readonly form: string;
  readonly site: string;
  readonly serial: number;
  readonly fields: Readonly<Record<string, { readonly value: FieldValue; readonly status: FieldStatus }>>;
}

export interface TraineeInput {
  readonly file: string;
  readonly outcome: string;
  readonly createdAt: string;
}

export interface TraineeRows {
  readonly sheets: readonly TraineeSheet[];
  readonly inputs: readonly TraineeInput[];
  /** When each review decision was made (ISO), for the time taken. */
  readonly decisionTimes: readonly string[];
  /** Family-link match decisions taken in the match queue, in the order taken. */
  readonly matchDecisions: readonly TraineeMatchDecision[];
  /** SITREPs the office station received (the radio drill); absent counts as none. */
  readonly radioSitreps?: readonly ReceivedDrillSitrep[];
}

export type FieldVerdict = 'right' | 'wrong' | 'open' | 'missing';

export interface FieldMistake {
  readonly field: string;
  readonly expected: FieldValue;
  readonly got: FieldValue | null;
  readonly verdict: FieldVerdict;
}

export interface SheetScore {
  readonly name: string;
  readonly form: string;
  readonly site: string;
  readonly serial: number;
  readonly resident: string;
  readonly found: boolean;
  readonly right: number;
  readonly wrong: number;
  readonly open: number;
  readonly total: number;
  readonly urgent: boolean;
  readonly urgentCaught: boolean;
  readonly mistakes: readonly FieldMistake[];
}

export interface Tally {
  readonly sheetsExpected: number;
  readonly sheetsFound: number;
  readonly fields: number;
  readonly right: number;
  readonly wrong: number;
  readonly open: number;
  readonly missing: number;
}

export interface ExerciseScore {
  readonly scenario: string;
  readonly scorePercent: number;
  readonly total: Tally;
  readonly perForm: Readonly<Record<string, Tally>>;
  readonly sheets: readonly SheetScore[];
  readonly urgent: { readonly expected: number; readonly caught: number; readonly missed: readonly string[] };
  readonly files: readonly { readonly file: string; readonly expect: FileExpectation; readonly outcome: string | null }[];
  /** Sheets in the workspace that are not pre-filled (the trainees' own inject forms), per form. */
  readonly ownSheets: Readonly<Record<string, number>>;
  /** The scenario's family-link pairs as the trainees decided them in the match queue. */
  readonly matches: MatchScore;
  /** The radio drill: what the receiving station recorded against the expected SITREP; null when the pack has none. */
  readonly radio: RadioDrillScore | null;
  readonly time: { readonly first: string; readonly last: string; readonly minutes: number } | null;
}

const sheetKey = (form: string, site: string, serial: number): string => `${form}\u0000${site}\u0000${serial}`;

export function scoreExercise(key: AnswerKey, rows: TraineeRows): ExerciseScore {
  const bySheet = new Map(rows.sheets.map((sheet) => [sheetKey(sheet.form, sheet.site, sheet.serial), sheet]));
  const keySheets = new Set(key.sheets.map((sheet) => sheetKey(sheet.form, sheet.site, sheet.serial)));
  const sheets: SheetScore[] = [];
  for (const expected of key.sheets) {
    const found = bySheet.get(sheetKey(expected.form, expected.site, expected.serial));
    const info = key.forms[expected.form]?.fields ?? {};
    let right = 0;
    let wrong = 0;
    let open = 0;
    const mistakes: FieldMistake[] = [];
    const fieldIds = Object.keys(expected.values);
    for (const fieldId of fieldIds) {
      const want = expected.values[fieldId] ?? null;
      const field = found?.fields[fieldId];
      const verdict = judgeField(info[fieldId], want, field);
      if (verdict === 'right') right += 1;
      else {
        if (verdict === 'open') open += 1;
        else if (verdict === 'wrong') wrong += 1;
        mistakes.push({ field: fieldId, expected: want, got: field?.value ?? null, verdict });
      }
    }
    const urgent = expected.lifeSafety.length > 0;
    const urgentCaught = urgent && found !== undefined && expected.lifeSafety.every((tick) => {
      const [fieldId, option] = tick.split('=') as [string, string];
      const field = found.fields[fieldId];
      if (!field || field.status === 'needs-review') return false;
      return Array.isArray(field.value) ? field.value.includes(option) : field.value === option;
    });
    sheets.push({ name: expected.name, form: expected.form, site: expected.site, serial: expected.serial, resident: expected.resident,
      found: found !== undefined, right, wrong, open, total: fieldIds.length, urgent, urgentCaught, mistakes });
  }
  const perForm: Record<string, Tally> = {};
  for (const form of [...new Set(sheets.map((sheet) => sheet.form))].sort()) perForm[form] = tally(sheets.filter((sheet) => sheet.form === form));
  const total = tally(sheets);
  const ownSheets: Record<string, number> = {};
  for (const sheet of rows.sheets) {
    if (keySheets.has(sheetKey(sheet.form, sheet.site, sheet.serial))) continue;
    ownSheets[sheet.form] = (ownSheets[sheet.form] ?? 0) + 1;
  }
  const inputsByFile = new Map<string, string>();
  for (const input of rows.inputs) inputsByFile.set(baseName(input.file), input.outcome);
  const urgentSheets = sheets.filter((sheet) => sheet.urgent);
  return {
    scenario: key.scenario.id,
    scorePercent: total.fields === 0 ? 0 : Math.round((total.right / total.fields) * 1000) / 10,
    total, perForm, sheets,
    urgent: { expected: urgentSheets.length, caught: urgentSheets.filter((sheet) => sheet.urgentCaught).length,
      missed: urgentSheets.filter((sheet) => !sheet.urgentCaught).map((sheet) => sheet.name) },
    files: key.files.map((file) => ({ file: file.file, expect: file.expect, outcome: inputsByFile.get(file.file) ?? null })),
    ownSheets: Object.fromEntries(Object.entries(ownSheets).sort(([a], [b]) => a.localeCompare(b))),
    matches: scoreMatches(key, rows.sheets, rows.matchDecisions),
    radio: key.radio ? scoreRadioDrill(key.radio, rows.radioSitreps ?? []) : null,
    time: timeTaken(rows),
  };
}

function tally(sheets: readonly SheetScore[]): Tally {
  const sum = (pick: (sheet: SheetScore) => number): number => sheets.reduce((acc, sheet) => acc + pick(sheet), 0);
  const fields = sum((sheet) => sheet.total);
  const right = sum((sheet) => sheet.right);
  const wrong = sum((sheet) => sheet.wrong);
  const open = sum((sheet) => sheet.open);
  return { sheetsExpected: sheets.length, sheetsFound: sheets.filter((sheet) => sheet.found).length, fields, right, wrong, open,
    missing: fields - right - wrong - open };
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function timeTaken(rows: TraineeRows): ExerciseScore['time'] {
  const stamps = [...rows.inputs.map((input) => input.createdAt), ...rows.decisionTimes].filter((stamp) => !Number.isNaN(Date.parse(stamp))).sort();
  const first = stamps[0];
  const last = stamps[stamps.length - 1];
  if (first === undefined || last === undefined) return null;
  return { first, last, minutes: Math.round((Date.parse(last) - Date.parse(first)) / 6_000) / 10 };
}

/**
 * right: the current value equals the key's. open: still waiting for review (or for transcription). missing: the sheet
 * or field is not in the workspace. Blank means the same in every shape ([] / null / false / '').
 */
export function judgeField(info: KeyFieldInfo | undefined, expected: FieldValue, field: { value: FieldValue; status: FieldStatus } | undefined): FieldVerdict {
  if (!field) return 'missing';
  if (sameValue(info?.kind, expected, field.value)) return 'right';
  if (field.status === 'needs-review') return 'open';
  return 'wrong';
}

export function sameValue(kind: KeyFieldInfo['kind'] | undefined, a: FieldValue, b: FieldValue): boolean {
  return normalise(kind, a) === normalise(kind, b);
}

function normalise(kind: KeyFieldInfo['kind'] | undefined, value: FieldValue): string {
  if (value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  if (typeof value === 'boolean') return 'signed';
  if (typeof value !== 'string') return [...value].sort().join('|');
  if (kind === 'digits') return value.replace(/[^0-9?]/g, '');
  // Handwriting is transcribed, not read: case, accents and spacing are not the trainee's mistake.
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/\s+/g, ' ').trim();
}
