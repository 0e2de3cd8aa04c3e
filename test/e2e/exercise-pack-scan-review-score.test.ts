/**
 * Issue 8's loop, end to end: an exercise pack's pre-filled images (print path + simulator) are scanned into the pack's
 * workspace, a "trainee" reviews every open field and keys in the torn-QR page's printed id with the answer key's values
 * (review's own functions and the scanner's real identifyStoredPage), and the score is 100 %; one wrong review costs one field.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { humanSheetId, type FieldValue } from '../../src/model/index.js';
import { identifyPageWith } from '../../src/cli/commands/review.js';
import { simulatePrefilledSheets } from '../../src/cli/commands/exercise.js';
import { readAnswerKey, readTraineeRows, scoreExercise, type AnswerKey, type ExercisePackResult } from '../../src/exercise/index.js';
import { applyFieldDecision, identifyUnreadablePage, makeFormLookup, undoLastDecision, type FieldDecision } from '../../src/review/index.js';
import { ingestFiles, type IngestSummary } from '../../src/scan/index.js';
import { listOpenUnreadableInputs, openWorkspace, type Workspace } from '../../src/store/index.js';
import { makePack } from '../helpers/exercise-pack.js';

const REVIEWER = 'Trainee';
let pack: ExercisePackResult;
let key: AnswerKey;
let workspace: Workspace;
let scanned: IngestSummary;

/** The value a reviewer enters from the key: blank expectations are marked illegible (stored as "nothing"). */
function decisionFor(kind: string, expected: FieldValue | undefined): FieldDecision {
  const blank = expected === undefined || expected === null || expected === false || expected === '' || (Array.isArray(expected) && expected.length === 0);
  if (blank && (kind === 'digits' || kind === 'text' || kind === 'wordgrid')) return { action: 'illegible' };
  return { action: 'set', value: expected ?? (kind === 'checkbox' ? [] : kind === 'signature' ? false : null) };
}

/** Reviews every open field with the key's value, text fields last (so the last decision is a transcription). */
function reviewOpenFields(): number {
  const forms = makeFormLookup(workspace);
  const open = workspace.db.prepare(`SELECT sf.sheet_id AS sheetId, sf.field_id AS fieldId, s.form_id AS form, s.site AS site, s.serial AS serial
    FROM sheet_fields sf JOIN sheets s ON s.id = sf.sheet_id WHERE sf.status = 'needs-review' ORDER BY sf.sheet_id, sf.field_id`).all() as
    { sheetId: number; fieldId: string; form: string; site: string; serial: number }[];
  const kindOf = (row: typeof open[0]): string => key.forms[row.form]!.fields[row.fieldId]!.kind;
  open.sort((a, b) => Number(kindOf(a) === 'text') - Number(kindOf(b) === 'text'));
  for (const row of open) {
    const sheet = key.sheets.find((candidate) => candidate.form === row.form && candidate.site === row.site && candidate.serial === row.serial);
    const result = applyFieldDecision(workspace, forms, { reviewer: REVIEWER, sheetId: row.sheetId, fieldId: row.fieldId,
      decision: decisionFor(kindOf(row), sheet?.values[row.fieldId]) });
    expect(result, `${row.form} ${row.site}-${row.serial} ${row.fieldId}`).toMatchObject({ ok: true });
  }
  return open.length;
}

beforeAll(async () => {
  pack = await makePack('drill-2h', 1, 4, simulatePrefilledSheets);
  key = readAnswerKey(pack.outDir);
  workspace = openWorkspace(pack.workspaceDir, { create: false });
  // The images, as office staff scan them (prefilled.pdf holds the same pages again, for printing).
  const images = key.files.map((file) => join(pack.outDir, 'prefilled', file.file));
  scanned = await ingestFiles(workspace, images, { workers: 0 });
}, 240_000);

describe('exercise pack → scan → review → score', () => {
  it('scans the pre-filled images into the outcomes the answer key expects', () => {
    const outcomeOf = new Map(scanned.items.map((item) => [item.file.split('/').pop()!, item.outcome]));
    for (const file of key.files) {
      const outcome = outcomeOf.get(file.file);
      if (file.expect === 'key-in-serial') expect(outcome, file.file).toBe('unreadable');
      else if (file.expect === 'duplicate') expect(outcome, file.file).toBe('duplicate');
      else expect(['accepted', 'needs-review'], file.file).toContain(outcome);
    }
    expect(key.files.some((file) => file.expect === 'key-in-serial')).toBe(true);
  });

  it('scores 100 % once every open field is reviewed and the torn-QR page is identified by its printed id', async () => {
    reviewOpenFields();
    const identify = identifyPageWith(workspace);
    const unreadable = listOpenUnreadableInputs(workspace);
    expect(unreadable).toHaveLength(key.files.filter((file) => file.expect === 'key-in-serial').length);
    for (const input of unreadable) {
      const file = key.files.find((candidate) => candidate.file === input.file.split('/').pop())!;
      const sheet = key.sheets.find((candidate) => candidate.name === file.sheet)!;
      const printedId = humanSheetId({ site: sheet.site, serial: sheet.serial, page: file.page });
      const first = await identifyUnreadablePage(workspace, identify, { reviewer: REVIEWER, inputId: input.inputId, printedId });
      // The pack prints every form's serials from the same number: the reviewer picks the form named at the top of the page.
      const result = first.ok || first.code !== 'form-ambiguous' ? first
        : await identifyUnreadablePage(workspace, identify, { reviewer: REVIEWER, inputId: input.inputId, printedId, fingerprint: key.forms[sheet.form]!.fingerprint });
      expect(result, input.file).toMatchObject({ ok: true });
    }
    reviewOpenFields();
    const score = scoreExercise(key, readTraineeRows(pack.workspaceDir));
    expect(score.total.sheetsFound).toBe(score.total.sheetsExpected);
    expect(score.sheets.flatMap((sheet) => sheet.mistakes.map((mistake) => `${sheet.name} ${mistake.field}: ${JSON.stringify(mistake)}`))).toEqual([]);
    expect(score.scorePercent).toBe(100);
    expect(score.urgent.caught).toBe(score.urgent.expected);

    // A deliberately wrong transcription instead of the last decision: exactly one field goes from right to wrong.
    const undone = undoLastDecision(workspace, { reviewer: REVIEWER });
    expect(undone).toMatchObject({ ok: true });
    const [, sheetId, fieldId] = undone.ok ? undone.itemKey.split(':') : [];
    const wrong = applyFieldDecision(workspace, makeFormLookup(workspace), { reviewer: REVIEWER, sheetId: Number(sheetId), fieldId: fieldId!,
      decision: { action: 'set', value: 'NOT WHAT THE PAPER SAYS' } });
    expect(wrong).toMatchObject({ ok: true });
    const worse = scoreExercise(key, readTraineeRows(pack.workspaceDir));
    expect(worse.total).toMatchObject({ right: score.total.right - 1, wrong: 1, fields: score.total.fields });
    expect(worse.scorePercent).toBe(Math.round(((score.total.right - 1) / score.total.fields) * 1000) / 10);
    expect(worse.sheets.flatMap((sheet) => sheet.mistakes.map((mistake) => mistake.field))).toEqual([fieldId]);
  }, 120_000);
});
