import { beforeAll, describe, expect, it } from 'vitest';
import { scoreExercise, type AnswerKey, type TraineeRows, type TraineeSheet } from '../../src/exercise/index.js';
import { makePack } from '../helpers/exercise-pack.js';

let key: AnswerKey;
beforeAll(async () => {
  key = (await makePack('drill-2h', 2, 6)).answerKey;
});

/** The workspace office staff should end with: every pre-filled sheet, every field as the key says, all reviewed. */
function perfectRows(answerKey: AnswerKey): TraineeRows {
  const sheets: TraineeSheet[] = answerKey.sheets.map((sheet, index) => ({
    sheetId: index + 1, form: sheet.form, site: sheet.site, serial: sheet.serial,
    fields: Object.fromEntries(Object.entries(sheet.values).map(([field, value]) => [field, { value, status: 'reviewed' as const }])),
  }));
  return { sheets, inputs: answerKey.files.map((file, index) => ({ file: `/scans/${file.file}`, outcome: file.expect === 'duplicate' ? 'duplicate' : 'accepted', createdAt: `2026-03-14T10:${String(10 + index).padStart(2, '0')}:00Z` })), decisionTimes: ['2026-03-14T11:05:00Z'], matchDecisions: [] };
}

describe('scoreExercise', () => {
  it('scores a perfect workspace 100 %', () => {
    const score = scoreExercise(key, perfectRows(key));
    const fields = key.sheets.reduce((sum, sheet) => sum + Object.keys(sheet.values).length, 0);
    expect(score.scorePercent).toBe(100);
    expect(score.total).toMatchObject({ sheetsExpected: key.sheets.length, sheetsFound: key.sheets.length, fields, right: fields, wrong: 0, open: 0, missing: 0 });
    expect(score.urgent.caught).toBe(score.urgent.expected);
    expect(score.urgent.expected).toBeGreaterThanOrEqual(2);
    expect(score.files.every((file) => file.outcome !== null)).toBe(true);
    expect(score.time).toEqual({ first: '2026-03-14T10:10:00Z', last: '2026-03-14T11:05:00Z', minutes: 55 });
  });

  it('lowers the score by exactly one field for one wrong review, and names it', () => {
    const rows = perfectRows(key);
    const fields = key.sheets.reduce((sum, sheet) => sum + Object.keys(sheet.values).length, 0);
    const target = rows.sheets.find((sheet) => sheet.form === 'intake')!;
    const wrong = { ...rows, sheets: rows.sheets.map((sheet) => sheet !== target ? sheet
      : { ...sheet, fields: { ...sheet.fields, n_total: { value: '09', status: 'reviewed' as const } } }) };
    const score = scoreExercise(key, wrong);
    expect(score.total.right).toBe(fields - 1);
    expect(score.total.wrong).toBe(1);
    expect(score.scorePercent).toBe(Math.round(((fields - 1) / fields) * 1000) / 10);
    expect(score.perForm['intake']!.wrong).toBe(1);
    const sheet = score.sheets.find((candidate) => candidate.serial === target.serial && candidate.site === target.site && candidate.form === 'intake')!;
    expect(sheet.mistakes).toEqual([{ field: 'n_total', expected: expect.any(String), got: '09', verdict: 'wrong' }]);
  });

  it('counts a missing sheet, an unreviewed field and a missed urgent case', () => {
    const rows = perfectRows(key);
    const urgent = key.sheets.find((sheet) => sheet.lifeSafety.includes('power_dep=ventilator'))!;
    const minor = key.sheets.find((sheet) => sheet.lifeSafety.includes('vuln=unaccompanied_minor'))!;
    const sheets = rows.sheets
      .filter((sheet) => !(sheet.site === minor.site && sheet.serial === minor.serial && sheet.form === minor.form))
      .map((sheet) => sheet.site === urgent.site && sheet.serial === urgent.serial && sheet.form === urgent.form
        ? { ...sheet, fields: { ...sheet.fields, power_dep: { value: [], status: 'needs-review' as const } } } : sheet);
    const score = scoreExercise(key, { ...rows, sheets });
    expect(score.total.sheetsFound).toBe(key.sheets.length - 1);
    expect(score.total.missing).toBe(Object.keys(minor.values).length);
    expect(score.total.open).toBe(1);
    expect([...score.urgent.missed].sort()).toEqual([minor.name, urgent.name].sort());
  });

  it('does not count case, accents or spacing in transcribed names as mistakes, nor a blank as [] / null / false', () => {
    const rows = perfectRows(key);
    const sheet = key.sheets.find((candidate) => candidate.form === 'family-link')!;
    const relaxed = rows.sheets.map((row) => row.serial === sheet.serial && row.site === sheet.site && row.form === sheet.form
      ? { ...row, fields: { ...row.fields, p_family: { value: `  ${String(sheet.values['p_family']).toLowerCase()} `, status: 'reviewed' as const },
        p_email: { value: null, status: 'empty' as const } } } : row);
    expect(scoreExercise(key, { ...rows, sheets: relaxed }).scorePercent).toBe(100);
  });

  it("scores the scenario's family-link pairs as the trainees decided them, and counts a confirmed wrong pair as a false match", () => {
    const rows = perfectRows(key);
    expect(key.matches.length).toBeGreaterThan(0);
    expect(scoreExercise(key, rows).matches).toMatchObject({ expected: key.matches.length, confirmed: 0, falseMatches: 0 });
    expect(scoreExercise(key, rows).matches.pairs.every((pair) => pair.verdict === 'open')).toBe(true);
    const idOf = (name: string): number => {
      const sheet = key.sheets.find((candidate) => candidate.name === name)!;
      return rows.sheets.find((row) => row.form === sheet.form && row.site === sheet.site && row.serial === sheet.serial)!.sheetId;
    };
    const [first, second] = key.matches;
    const other = rows.sheets.find((row) => row.sheetId !== idOf(first!.safe) && row.sheetId !== idOf(first!.seeking))!;
    const matchDecisions = [
      // Rejected first, then confirmed in the other order of the two people: the latest decision stands.
      { aSheetId: idOf(first!.seeking), aSide: 'sought' as const, bSheetId: idOf(first!.safe), bSide: 'person' as const, decision: 'reject' as const },
      { aSheetId: idOf(first!.safe), aSide: 'person' as const, bSheetId: idOf(first!.seeking), bSide: 'sought' as const, decision: 'confirm' as const },
      { aSheetId: idOf(first!.seeking), aSide: 'sought' as const, bSheetId: other.sheetId, bSide: 'person' as const, decision: 'confirm' as const },
      ...(second ? [{ aSheetId: idOf(second.seeking), aSide: 'sought' as const, bSheetId: idOf(second.safe), bSide: 'person' as const, decision: 'unsure' as const }] : []),
    ];
    const score = scoreExercise(key, { ...rows, matchDecisions }).matches;
    expect(score.confirmed).toBe(1);
    expect(score.falseMatches).toBe(1);
    expect(score.pairs.find((pair) => pair.pair === first!.pair)!.verdict).toBe('confirmed');
    if (second) expect(score.pairs.find((pair) => pair.pair === second.pair)!.verdict).toBe('unsure');
    // A pair whose safe sheet never reached the workspace is missing, not open.
    const withoutSafe = rows.sheets.filter((row) => row.sheetId !== idOf(first!.safe));
    expect(scoreExercise(key, { ...rows, sheets: withoutSafe, matchDecisions }).matches.pairs.find((pair) => pair.pair === first!.pair)!.verdict).toBe('missing');
  });
});
