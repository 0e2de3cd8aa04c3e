/** Builds exercise packs for tests: the real print path, and a stand-in simulator (plain white pages) unless one is given. */
import sharp from 'sharp';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFormCatalogue, templatesDirOf } from '../../src/cli/load-forms.js';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { composeRadioDrill } from '../../src/cli/sitrep-from-report.js';
import { createExercisePack, type ExercisePackResult, type SimulatePrefilled } from '../../src/exercise/index.js';
import { printSheets } from '../../src/print/index.js';

export const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

/** One small white PNG per page: enough to test the pack's files, names and counts without the simulator's cost. */
export const blankPagesSimulator: SimulatePrefilled = async (sheets) => {
  const png = await sharp({ create: { width: 62, height: 88, channels: 3, background: '#ffffff' } }).png().toBuffer();
  return sheets.flatMap((sheet) => sheet.codes.map((code) => ({ sheet: sheet.name, page: code.page, image: png, extension: 'png' as const })));
};

export function installedDefinitions() {
  const catalogue = loadFormCatalogue();
  return [...new Set(catalogue.forms.map((form) => form.id))].map((id) => catalogue.get(id));
}

export async function makePack(scenario: string, sites: number, participants: number, simulate: SimulatePrefilled = blankPagesSimulator): Promise<ExercisePackResult> {
  const outDir = join(mkdtempSync(join(tmpdir(), 'paperlink-exercise-')), 'pack');
  return createExercisePack({
    scenario: loadScenario(scenario), definitions: installedDefinitions(), sites, participants, seed: 7, outDir,
    templatesDir: templatesDirOf('exercise'), printSheets: (workspace, request) => printSheets(workspace, request),
    simulatePrefilled: simulate, composeRadioDrill, creationDate: FIXED_DATE,
  });
}
