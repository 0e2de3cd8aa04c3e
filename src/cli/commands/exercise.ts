/** `paperlink exercise create|score|scenarios`: thin wiring; composes print and the simulator into exercise/. */
import type { Command } from 'commander';
import { join } from 'node:path';
import { PaperlinkError } from '../../model/index.js';
import { printSheets, renderSheetsPdf } from '../../print/index.js';
import { createExercisePack, scoreWorkspace, type PrintSheetsFn, type SimulatePrefilled } from '../../exercise/index.js';
import { simulatePages, type ProfileName } from '../../simulate/index.js';
import { globalOptions } from '../global-options.js';
import { loadFormCatalogue, templatesDirOf } from '../load-forms.js';
import { builtInScenarioNames, loadScenario } from '../load-scenario.js';
import { composeRadioDrill } from '../sitrep-from-report.js';

const templatesDir = (): string => templatesDirOf('exercise');

/** Pre-filled sheets look like an office flatbed scan: the pack's hard cases are the scripted ones, not the capture. */
const PREFILLED_PROFILE: ProfileName = 'scan-300';
/** Fixed PDF date for the sheets the simulator fills: the same seed gives the same images. */
const PREFILLED_PRINT_DATE = new Date(Date.UTC(2025, 0, 1));

/**
 * Each pre-filled sheet printed through the real print path, filled by the simulator with exactly the pack's values and
 * its hard cases (cancelled tick, upside-down first page, torn QR on the first page), as a flatbed scan would deliver it.
 */
export const simulatePrefilledSheets: SimulatePrefilled = async (sheets) => {
  const images: { sheet: string; page: number; image: Buffer; extension: 'jpg' | 'png' }[] = [];
  for (const sheet of sheets) {
    const first = sheet.codes[0];
    if (!first) continue;
    const pdf = await renderSheetsPdf(sheet.layout, sheet.codes, PREFILLED_PRINT_DATE);
    const pages = await simulatePages({
      definition: sheet.definition, layout: sheet.layout, codes: sheet.codes, pdf, profile: PREFILLED_PROFILE, seed: sheet.seed, format: 'jpeg',
      sheets: [{ site: first.site, serial: first.serial, values: sheet.values, effects: {
        cancelledTicks: sheet.effects.cancelledTicks,
        ...(sheet.effects.upsideDown ? { upsideDownPages: [1] } : {}),
        ...(sheet.effects.tornQr ? { tornQrPages: [1] } : {}),
      } }],
    });
    for (const page of pages) images.push({ sheet: sheet.name, page: page.code.page, image: page.bytes, extension: page.extension });
  }
  return images;
};

function parseCount(text: string, option: string): number {
  if (!/^\d{1,4}$/.test(text.trim())) {
    throw new PaperlinkError('argument-invalid', `"${text}" is not a number for ${option}.`, `Give ${option} as a whole number, e.g. ${option} 3.`, { path: option });
  }
  return Number(text);
}

export function registerExerciseCommands(program: Command): void {
  const exercise = program.command('exercise').description('exercise packs for trainers: briefing, blank and pre-filled forms, answer key, score');

  exercise.command('create')
    .description('make an exercise pack: briefing.pdf, blank-forms.pdf, injects.pdf, prefilled/, answer-key.json/.pdf')
    .requiredOption('--scenario <name|file>', `built-in scenario (${builtInScenarioNames().join(', ')}) or your own scenario .json file`)
    .requiredOption('--sites <n>', 'number of exercise sites (EX01, EX02, …)')
    .requiredOption('--participants <n>', 'number of participants to give a role')
    .requiredOption('--out <dir>', 'new folder for the pack')
    .option('--seed <n>', 'seed: the same seed gives the same pack', '1')
    .action(async (options: { scenario: string; sites: string; participants: string; out: string; seed: string }, command: Command) => {
      const global = globalOptions(command);
      const scenario = loadScenario(options.scenario);
      const catalogue = loadFormCatalogue(global.forms);
      const definitions = [...new Set(catalogue.forms.map((form) => form.id))].map((id) => catalogue.get(id));
      const print: PrintSheetsFn = async (workspace, request) => printSheets(workspace, request);
      const started = Date.now();
      const result = await createExercisePack({
        scenario, definitions, sites: parseCount(options.sites, '--sites'), participants: parseCount(options.participants, '--participants'),
        seed: parseCount(options.seed, '--seed'), outDir: options.out, templatesDir: templatesDir(), printSheets: print,
        simulatePrefilled: simulatePrefilledSheets, composeRadioDrill,
        ...(global.json ? {} : { onProgress: (message: string) => void process.stderr.write(`  … ${message}\n`) }),
      });
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const summary = { out: result.outDir, workspace: result.workspaceDir, pages: result.pages, blankSheets: result.blankSheets,
        prefilledSheets: result.prefilledSheets, prefilledImages: result.prefilledImages, cards: result.cards, missingForms: result.missingForms, notes: result.notes, seconds };
      if (global.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      console.log(`Exercise pack "${scenario.id}" for ${result.plan.sites.length} site(s) and ${result.plan.assignments.length} participants in ${seconds} s:\n  ${result.outDir}`);
      console.log(`  briefing.pdf      ${result.pages.briefing} pages\n  blank-forms.pdf   ${result.pages.blankForms} pages (${result.blankSheets} sheets)\n  injects.pdf       ${result.pages.injects} pages (${result.cards} resident cards)`);
      console.log(`  prefilled/        ${result.prefilledSheets} sheets, ${result.prefilledImages} images\n  answer-key.pdf    ${result.pages.answerKey} pages (+ answer-key.json)`);
      for (const note of result.notes) console.log(`  note: ${note}`);
    });

  exercise.command('score')
    .description("score the trainees' workspace against the pack's answer key: DIR/score.html and DIR/score.json")
    .argument('<dir>', 'the pack folder made by `paperlink exercise create`')
    .action((dir: string, _: unknown, command: Command) => {
      const global = globalOptions(command);
      const result = scoreWorkspace({ packDir: dir, workspaceDir: global.workspace, templatesDir: templatesDir() });
      const score = result.score;
      if (global.json) {
        console.log(JSON.stringify(score, null, 2));
        return;
      }
      console.log(`Score ${score.scorePercent} %: ${score.total.right} of ${score.total.fields} fields right, ${score.total.wrong} wrong, ${score.total.open} still to review, ${score.total.missing} missing.`);
      console.log(`  sheets found ${score.total.sheetsFound}/${score.total.sheetsExpected}, urgent cases caught ${score.urgent.caught}/${score.urgent.expected}`);
      console.log(`  family-link pairs matched ${score.matches.confirmed}/${score.matches.expected}${score.matches.falseMatches > 0 ? `, ${score.matches.falseMatches} matched wrongly` : ''}`);
      if (score.radio) {
        const wrong = score.radio.labels.filter((label) => label.verdict === 'wrong').map((label) => label.label);
        console.log(`  radio drill (${score.radio.site}): ${!score.radio.received ? 'no SITREP received' : `${score.radio.right} of ${score.radio.labels.length} labels right${wrong.length > 0 ? `, wrong: ${wrong.join(', ')}` : ''}`}`);
      }
      for (const file of result.files) console.log(`  ${file}`);
    });

  exercise.command('scenarios').description('list the built-in scenarios').action(() => {
    for (const name of builtInScenarioNames()) {
      const scenario = loadScenario(name);
      console.log(`${name.padEnd(16)} ${scenario.durationHours} h, ${scenario.injects.length} residents  ${scenario.title.nl} / ${scenario.title.en}`);
    }
  });
}
