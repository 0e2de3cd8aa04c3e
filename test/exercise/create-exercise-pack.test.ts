import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { PaperlinkError } from '../../src/model/index.js';
import { CARDS_PER_PAGE, type AnswerKey, type ExercisePackResult } from '../../src/exercise/index.js';
import { openWorkspace, listPrintRuns } from '../../src/store/index.js';
import { findCandidates, peopleOfSheet } from '../../src/family-links/index.js';
import { makePack } from '../helpers/exercise-pack.js';

function pages(file: string): number {
  const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
  const count = doc.countPages();
  doc.destroy();
  return count;
}

function checkPack(pack: ExercisePackResult): void {
  const out = pack.outDir;
  for (const file of ['briefing.pdf', 'blank-forms.pdf', 'injects.pdf', 'answer-key.json', 'answer-key.pdf', 'prefilled/prefilled.pdf', 'pack.json']) {
    expect(existsSync(join(out, file)), file).toBe(true);
  }
  const key = JSON.parse(readFileSync(join(out, 'answer-key.json'), 'utf8')) as AnswerKey;
  const pageCount = (form: string): number => key.forms[form]!.pageCount;
  // Blank forms: every planned sheet with all its pages, recorded as print runs in the pack's own workspace.
  const blankPages = pack.plan.blankRuns.reduce((sum, run) => sum + run.sheets * pageCount(run.form), 0);
  expect(pages(join(out, 'blank-forms.pdf'))).toBe(blankPages);
  expect(pack.pages.blankForms).toBe(blankPages);
  const workspace = openWorkspace(pack.workspaceDir, { create: false });
  const runs = listPrintRuns(workspace);
  workspace.close();
  expect(runs.filter((run) => run.serialFrom === 1).map((run) => `${run.site}:${run.formId}:${run.serialTo}`).sort())
    .toEqual(pack.plan.blankRuns.map((run) => `${run.site}:${run.form}:${run.sheets}`).sort());
  expect(runs.every((run) => /^EX\d\d$/.test(run.site))).toBe(true);
  // Resident cards, a few to a page.
  expect(pages(join(out, 'injects.pdf'))).toBe(Math.ceil(pack.plan.cards.length / CARDS_PER_PAGE));
  // Pre-filled: one image per page, one extra for the duplicate scan; the printable PDF has no duplicate.
  const sheetPages = key.sheets.reduce((sum, sheet) => sum + pageCount(sheet.form), 0);
  expect(key.files).toHaveLength(sheetPages + 1);
  for (const file of key.files) expect(existsSync(join(out, 'prefilled', file.file)), file.file).toBe(true);
  expect(pages(join(out, 'prefilled/prefilled.pdf'))).toBe(sheetPages);
  // Every hard case is in the set, and the key records what should happen to each file.
  expect(new Set(key.sheets.flatMap((sheet) => sheet.hard))).toEqual(new Set(['cancelled-tick', 'upside-down', 'duplicate-scan', 'torn-qr']));
  expect(key.files.map((file) => file.expect)).toEqual(expect.arrayContaining(['duplicate', 'key-in-serial', 'rotated', 'review-cancelled-tick']));
  const duplicate = key.files.find((file) => file.expect === 'duplicate')!;
  const original = key.files.find((file) => file.sheet === duplicate.sheet && file.page === duplicate.page && file.expect !== 'duplicate')!;
  expect(readFileSync(join(out, 'prefilled', duplicate.file))).toEqual(readFileSync(join(out, 'prefilled', original.file)));
  // The cancelled tick is not part of the expected value; the ventilator case is urgent; the pair is matched.
  const ventilator = key.sheets.find((sheet) => sheet.injectId === 'ventilator')!;
  expect(ventilator.values['needs']).not.toContain('food');
  expect(ventilator.lifeSafety).toEqual(expect.arrayContaining(['power_dep=ventilator', 'urgency=now']));
  expect(key.sheets.find((sheet) => sheet.injectId === 'minor-alone')!.lifeSafety).toContain('vuln=unaccompanied_minor');
  expect(key.matches).toHaveLength(1);
  const [match] = key.matches;
  const safe = key.sheets.find((sheet) => sheet.name === match!.safe)!;
  const seeking = key.sheets.find((sheet) => sheet.name === match!.seeking)!;
  // The seeker writes the person sought as remembered (another spelling, particles moved, or a slip), not as the
  // person registered; the family-links matcher still pairs them, as the trainees will in the match queue.
  expect([seeking.values['s_family'], seeking.values['s_given']]).not.toEqual([safe.values['p_family'], safe.values['p_given']]);
  const people = [seeking, safe].flatMap((sheet, index) => peopleOfSheet({ sheetId: index + 1, site: sheet.site, serial: sheet.serial, firstSeen: '2026-03-14T10:00:00.000Z', values: sheet.values }));
  const pair = findCandidates(people).find((candidate) => candidate.kind === 'seeker-safe');
  expect(pair && [pair.a.sheetId, pair.a.side, pair.b.sheetId, pair.b.side]).toEqual([1, 'sought', 2, 'person']);
  // Briefing: cover, timeline cards, roles and the who-does-what page at least; the answer key lists the figures.
  expect(pages(join(out, 'briefing.pdf'))).toBeGreaterThanOrEqual(4);
  expect(key.signal.injects.households).toBe(pack.plan.cards.filter((card) => card.expected['intake']).length);
  expect(key.signal.injects.rfl.requests).toBe(pack.plan.sites.length);
}

describe('createExercisePack', () => {
  it('makes the blackout-72h pack for 3 sites and 12 participants', async () => {
    const pack = await makePack('blackout-72h', 3, 12);
    checkPack(pack);
    expect(pack.plan.assignments).toHaveLength(12);
    expect(pack.plan.cards).toHaveLength(3 * pack.plan.scenario.injects.length);
    const key = pack.answerKey;
    expect(key.signal.injects.urgentCases).toBe(3 * 3); // minor, ventilator, insulin at each site
    expect(key.signal.injects.needs['water']).toBe(3 * 2);
  });

  it('makes the drill-2h pack for one site', async () => {
    const pack = await makePack('drill-2h', 1, 4);
    checkPack(pack);
    expect(pack.plan.sites).toEqual(['EX01']);
    expect(new Set(pack.plan.assignments.map((assignment) => assignment.role))).toEqual(new Set(['coordinator', 'intake', 'family-link', 'office-scanner']));
  });

  it('refuses to overwrite a pack, because its serials are already issued', async () => {
    const pack = await makePack('drill-2h', 1, 2);
    const { createExercisePack } = await import('../../src/exercise/index.js');
    await expect(createExercisePack({ ...pack.plan, scenario: pack.plan.scenario, definitions: [], sites: 1, participants: 2, seed: 7, outDir: pack.outDir,
      templatesDir: '', printSheets: async () => { throw new Error('must not print'); } })).rejects.toThrow(PaperlinkError);
  });
});
