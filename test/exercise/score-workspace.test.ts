import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDirOf } from '../../src/cli/load-forms.js';
import { scoreWorkspace } from '../../src/exercise/index.js';
import { findSheet, insertedId, insertFamilyLinkDecision, nowIso, openWorkspace } from '../../src/store/index.js';
import { makePack } from '../helpers/exercise-pack.js';

describe('scoreWorkspace', () => {
  it("reads the trainees' sheets from SQLite and writes score.json and score.html", async () => {
    const pack = await makePack('drill-2h', 1, 3);
    const key = pack.answerKey;
    // The trainees' workspace as review leaves it: every pre-filled sheet with the key's values, one field wrong.
    const workspace = openWorkspace(pack.workspaceDir);
    workspace.transaction(() => {
      for (const sheet of key.sheets) {
        const form = key.forms[sheet.form]!;
        const sheetId = insertedId(workspace.db.prepare('INSERT INTO sheets (form_id, fingerprint, site, serial, page_count, first_seen) VALUES (?, ?, ?, ?, ?, ?) RETURNING id'),
          sheet.form, form.fingerprint, sheet.site, sheet.serial, form.pageCount, nowIso());
        for (const [field, value] of Object.entries(sheet.values)) {
          const stored = sheet.injectId === 'ventilator' && field === 'battery_h' ? '40' : value;
          workspace.db.prepare("INSERT INTO sheet_fields (sheet_id, field_id, page_no, value_json, status, confidence, reasons_json) VALUES (?, ?, 1, ?, 'reviewed', 1, '[]')")
            .run(sheetId, field, JSON.stringify(stored));
        }
      }
    });
    // The trainees confirmed the scenario's pair in the match queue.
    const [match] = key.matches;
    const sheetIdOf = (name: string): number => {
      const sheet = key.sheets.find((candidate) => candidate.name === name)!;
      return findSheet(workspace, sheet.form, sheet.site, sheet.serial)!.id;
    };
    insertFamilyLinkDecision(workspace, { aSheetId: sheetIdOf(match!.seeking), aSide: 'sought', bSheetId: sheetIdOf(match!.safe), bSide: 'person', decision: 'confirm', reviewer: 'trainee', decidedAt: nowIso() });
    workspace.close();
    const result = scoreWorkspace({ packDir: pack.outDir, workspaceDir: pack.workspaceDir, templatesDir: templatesDirOf('exercise') });
    const fields = key.sheets.reduce((sum, sheet) => sum + Object.keys(sheet.values).length, 0);
    expect(result.score.total).toMatchObject({ right: fields - 1, wrong: 1, sheetsFound: key.sheets.length });
    const json = JSON.parse(readFileSync(join(pack.outDir, 'score.json'), 'utf8')) as { scorePercent: number };
    expect(json.scorePercent).toBe(result.score.scorePercent);
    const html = readFileSync(join(pack.outDir, 'score.html'), 'utf8');
    expect(html).toContain(`${result.score.scorePercent} %`);
    expect(html).toContain('battery_h');
    expect(result.score.matches).toMatchObject({ expected: key.matches.length, confirmed: 1, falseMatches: 0 });
    expect(html).toContain(`1 of ${key.matches.length} matched`);
    expect(html).not.toMatch(/\{\{|\}\}/);
  });
});
