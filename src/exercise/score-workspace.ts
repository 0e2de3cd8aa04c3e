/**
 * ENTRY of `paperlink exercise score`: reads the answer key from the pack and the trainees' sheets, fields, inputs and
 * review times from their workspace, scores them (score-exercise.ts, pure) and writes score.json and score.html.
 */
import Handlebars from 'handlebars';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PaperlinkError } from '../model/index.js';
import { loadExerciseRows, openWorkspace } from '../store/index.js';
import { ANSWER_KEY_FORMAT, type AnswerKey } from './answer-key.js';
import { scoreExercise, type ExerciseScore, type TraineeRows } from './score-exercise.js';

export interface ScoreRequest {
  readonly packDir: string;
  readonly workspaceDir: string;
  /** templates/exercise (score.html.hbs). */
  readonly templatesDir: string;
}

export interface ScoreResult {
  readonly score: ExerciseScore;
  readonly files: readonly string[];
}

export function readAnswerKey(packDir: string): AnswerKey {
  const file = join(resolve(packDir), 'answer-key.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PaperlinkError('input-not-found', `There is no readable answer key at ${file}.`,
      'Give the folder made by `paperlink exercise create --out DIR` (it holds answer-key.json).', { file }, { cause: error });
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== ANSWER_KEY_FORMAT) {
    throw new PaperlinkError('input-not-found', `${file} is not a paperlink exercise answer key.`,
      'Give the folder made by `paperlink exercise create --out DIR`.', { file });
  }
  return json as AnswerKey;
}

export function readTraineeRows(workspaceDir: string): TraineeRows {
  const workspace = openWorkspace(workspaceDir, { create: false });
  try {
    return loadExerciseRows(workspace);
  } finally {
    workspace.close();
  }
}

export function scoreWorkspace(request: ScoreRequest): ScoreResult {
  const key = readAnswerKey(request.packDir);
  const score = scoreExercise(key, readTraineeRows(request.workspaceDir));
  const packDir = resolve(request.packDir);
  const templateFile = join(request.templatesDir, 'score.html.hbs');
  const handlebars = Handlebars.create();
  handlebars.registerHelper('json', (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value)));
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const template = handlebars.compile(readFileSync(templateFile, 'utf8'));
  writeFileSync(join(packDir, 'score.json'), `${JSON.stringify(score, null, 1)}\n`);
  writeFileSync(join(packDir, 'score.html'), template({
    score, title: key.scenario.title,
    perForm: Object.entries(score.perForm).map(([form, tally]) => ({ form, ...tally })),
    ownSheets: Object.entries(score.ownSheets).map(([form, count]) => ({ form, count })),
    wrongSheets: score.sheets.filter((sheet) => sheet.mistakes.length > 0),
  }));
  return { score, files: [join(packDir, 'score.json'), join(packDir, 'score.html')] };
}
