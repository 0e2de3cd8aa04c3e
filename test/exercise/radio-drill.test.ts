/**
 * The exercise's radio drill: the answer key holds the SITREP one site's pre-filled sheets make (the message
 * `radio compose` would send, checks included), and `exercise score` scores what the office station recorded against
 * it, label by label: the right message in full, a changed figure wrong on its label only, nothing received missing.
 */
import * as mupdf from 'mupdf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTraineeRows, scoreExercise, type AnswerKey } from '../../src/exercise/index.js';
import { composeSitrep, parseSitrep, receiveSitrep, sitrepWords, type SitrepFigures } from '../../src/radio/index.js';
import { openWorkspace } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { makePack } from '../helpers/exercise-pack.js';

function pdfText(file: string): string {
  const document = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
  let text = '';
  for (let page = 0; page < document.countPages(); page++) text += `${document.loadPage(page).toStructuredText('preserve-whitespace').asText()}\n`;
  document.destroy();
  return text.replace(/\s+/g, ' ');
}

/** A fresh trainee workspace whose office station received these messages. */
function stationWith(messages: readonly string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'paperlink-radio-drill-')), 'workspace');
  const workspace = openWorkspace(dir);
  try {
    for (const text of messages) receiveSitrep(workspace, text, { check: sitrepWords(text).length, station: 'PA3EXC' });
  } finally {
    workspace.close();
  }
  return dir;
}

describe('the exercise radio drill', async () => {
  const pack = await makePack('drill-2h', 2, 4);
  const key: AnswerKey = pack.answerKey;
  const drill = key.radio!;

  it('puts the SITREP of one site\'s pre-filled sheets in the answer key', () => {
    expect(drill).toBeDefined();
    const intake = key.sheets.filter((sheet) => sheet.site === drill.site && sheet.form === 'intake');
    expect(intake.length).toBeGreaterThan(0);
    expect(drill.sheets).toEqual(key.sheets.filter((sheet) => sheet.site === drill.site && (sheet.form === 'intake' || sheet.form === 'family-link')).map((sheet) => sheet.name));
    // The expected message passes the receiving station's checks and carries its figures.
    const parsed = parseSitrep(drill.text, drill.check);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.figures).toEqual(drill.figures);
    expect(drill.check).toBeLessThanOrEqual(25);
    // One household per intake sheet, shown as the report shows it (FEW below five); as of the scenario's end (10:00 + 2 h).
    expect(drill.figures.households).toBe(intake.length >= 5 ? intake.length : 'few');
    expect(`${drill.figures.date} ${drill.figures.time}`).toBe(`${drill.asOf.slice(8, 10)}${drill.asOf.slice(5, 7)} ${drill.asOf.slice(11, 13)}${drill.asOf.slice(14)}`);
    expect(drill.asOf).toBe('2026-03-14T12:00');
    // No resident's name travels.
    for (const sheet of key.sheets) for (const part of sheet.resident.split(' ')) expect(drill.text).not.toContain(part.toUpperCase());
    // The printed answer key shows the message for the trainer.
    const printed = pdfText(join(pack.outDir, 'answer-key.pdf'));
    expect(printed).toContain(drill.text);
    expect(printed).toContain(`--check ${drill.check}`);
    expect(JSON.parse(readFileSync(join(pack.outDir, 'answer-key.json'), 'utf8'))).toMatchObject({ radio: { text: drill.text, check: drill.check } });
  });

  it('scores full when the office station received the right message (radio receive, exercise score)', () => {
    const received = runCli(['--workspace', pack.workspaceDir, 'radio', 'receive', drill.text, '--check', String(drill.check), '--station', 'PA3EXC']);
    expect(received.code, received.stderr).toBe(0);
    const scored = runCli(['--workspace', pack.workspaceDir, '--json', 'exercise', 'score', pack.outDir]);
    expect(scored.code, scored.stderr).toBe(0);
    const radio = (JSON.parse(scored.stdout) as { radio: { received: boolean; full: boolean; wrong: number; right: number; labels: { verdict: string }[]; station: string } }).radio;
    expect(radio).toMatchObject({ received: true, full: true, wrong: 0, station: 'PA3EXC' });
    expect(radio.right).toBe(radio.labels.length);
    expect(radio.labels.length).toBe(7 + drill.figures.needs.length);
    const line = runCli(['--workspace', pack.workspaceDir, 'exercise', 'score', pack.outDir]).stdout;
    expect(line).toContain(`radio drill (${drill.site}): ${radio.right} of ${radio.right} labels right`);
    expect(readFileSync(join(pack.outDir, 'score.html'), 'utf8')).toContain(drill.text);
  });

  it('marks a changed figure wrong on its label, and the rest right', () => {
    const persons = typeof drill.figures.persons === 'number' ? drill.figures.persons + 1 : 7;
    const changed = composeSitrep({ ...(drill.figures as SitrepFigures), persons });
    const radio = scoreExercise(key, readTraineeRows(stationWith([changed]))).radio!;
    expect(radio.received).toBe(true);
    expect(radio.full).toBe(false);
    expect(radio.labels.filter((label) => label.verdict !== 'right')).toEqual([{ label: 'PERSONS', expected: String(drill.figures.persons).toUpperCase(), got: String(persons), verdict: 'wrong' }]);
    // A message of another site does not count for the drill; with nothing of the drill site, every label is missing.
    const other = composeSitrep({ ...(drill.figures as SitrepFigures), site: 'EX99' });
    const nothing = scoreExercise(key, readTraineeRows(stationWith([other]))).radio!;
    expect(nothing.received).toBe(false);
    expect(nothing.labels.every((label) => label.verdict === 'missing')).toBe(true);
  });
});
