/**
 * ENTRY of exercise packs: scenario → briefing.pdf, blank-forms.pdf, injects.pdf, prefilled/ and the answer key, with
 * the exercise's sheets recorded as print runs in DIR/workspace. Printing and simulating are passed in by the CLI
 * (features never import each other); this file owns the files, pdfkit and the workspace, the steps are pure.
 */
import Handlebars from 'handlebars';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as mupdf from 'mupdf';
import {
  PaperlinkError,
  labelText,
  leafFields,
  mmToPt,
  shortFingerprint,
  type FieldValue,
  type FormDefinition,
  type FormLayout,
  type Label,
  type SheetCode,
} from '../model/index.js';
import { openWorkspace, type Workspace } from '../store/index.js';
import { DEJAVU_SANS_FILES, newPdfDocument, pdfBytes } from '../pdf/index.js';
import { buildAnswerKey, prefilledFiles, residentName, type AnswerKey, type KeyFile, type PrintedForm } from './answer-key.js';
import { checkScenarioForms } from './check-scenario-forms.js';
import { FONT, drawCardSheets, drawFlow, drawFooters } from './draw-text-blocks.js';
import { planPack, PREFILLED_SERIAL_FROM, type PackPlan, type PrefilledEffects, type PrefilledSheet } from './plan-pack.js';
import type { Scenario } from './scenario.js';
import { planRadioDrill, type ComposeRadioDrill, type RadioDrillKey } from './radio-drill.js';
import { parseTextBlocks, type TextBlock } from './text-blocks.js';

/** Resident cards per A4 page: big enough to read aloud from, few enough to cut with scissors. */
export const CARDS_PER_PAGE = 3;

/** What the CLI's printing function must do: print and record one serial range, return its layout. */
export type PrintSheetsFn = (workspace: Workspace, request: {
  readonly definition: FormDefinition; readonly site: string; readonly serialFrom: number; readonly serialTo: number;
  readonly outFile: string; readonly creationDate?: Date;
}) => Promise<{ readonly file: string; readonly pages: number; readonly layout: FormLayout }>;

/** One sheet to fill in by simulation: exact values, the real layout and sheet codes, and the hard cases to act out. */
export interface PrefilledRequest {
  readonly name: string;
  readonly definition: FormDefinition;
  readonly layout: FormLayout;
  readonly codes: readonly SheetCode[];
  readonly values: Readonly<Record<string, FieldValue>>;
  readonly effects: PrefilledEffects;
  readonly seed: number;
}

/** One image per page of each requested sheet, in the order asked; values drawn exactly as given (no extra marks). */
export type SimulatePrefilled = (sheets: readonly PrefilledRequest[]) => Promise<readonly { readonly sheet: string; readonly page: number; readonly image: Buffer; readonly extension: 'png' | 'jpg' }[]>;

export interface ExercisePackRequest {
  readonly scenario: Scenario;
  readonly sites: number;
  readonly participants: number;
  readonly seed: number;
  readonly outDir: string;
  /** Installed form definitions (latest versions). */
  readonly definitions: readonly FormDefinition[];
  /** templates/exercise: briefing.hbs, inject-card.hbs, answer-key.hbs. */
  readonly templatesDir: string;
  readonly printSheets: PrintSheetsFn;
  /** Absent while no simulator is built in: prefilled/ then holds the values to fill by hand (sheets.json). */
  readonly simulatePrefilled?: SimulatePrefilled;
  /** Composes the radio drill's expected SITREP (report + radio, from the CLI); absent: the pack has no radio drill. */
  readonly composeRadioDrill?: ComposeRadioDrill;
  readonly creationDate?: Date;
  readonly onProgress?: (message: string) => void;
}

export interface ExercisePackResult {
  readonly outDir: string;
  readonly workspaceDir: string;
  readonly files: readonly string[];
  readonly pages: { readonly briefing: number; readonly blankForms: number; readonly injects: number; readonly answerKey: number; readonly prefilled: number };
  readonly blankSheets: number;
  readonly prefilledSheets: number;
  readonly prefilledImages: number;
  readonly cards: number;
  readonly missingForms: readonly string[];
  readonly notes: readonly string[];
  readonly plan: PackPlan;
  readonly answerKey: AnswerKey;
}

export async function createExercisePack(request: ExercisePackRequest): Promise<ExercisePackResult> {
  const progress = request.onProgress ?? ((): void => undefined);
  const check = checkScenarioForms(request.scenario, request.definitions);
  if (check.issues.length > 0) {
    const list = check.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
    throw new PaperlinkError('scenario-invalid', `The scenario "${request.scenario.id}" does not fit the installed forms (${check.issues.length} problem${check.issues.length === 1 ? '' : 's'}):\n${list}`,
      'Fix every line listed above in the scenario file (see `paperlink forms list` and `paperlink layout FORM` for field ids and options).', { path: request.scenario.id });
  }
  const outDir = resolve(request.outDir);
  const workspaceDir = join(outDir, 'workspace');
  if (existsSync(workspaceDir)) {
    throw new PaperlinkError('output-not-writable', `${outDir} already holds an exercise pack (it has a workspace folder).`,
      'Choose a new --out folder for a new pack, or delete the old one first; its serials are already issued.', { file: outDir });
  }
  const plan = planPack({ scenario: request.scenario, sites: request.sites, participants: request.participants, seed: request.seed, definitions: request.definitions });
  const templates = loadTemplates(request.templatesDir);
  const byId = new Map(request.definitions.map((definition) => [definition.id, definition]));
  const notes: string[] = plan.missingForms.map((form) => `Form "${form}" is not installed: its sheets and pre-filled values are left out of this pack.`);
  try {
    mkdirSync(join(workspaceDir, 'prints'), { recursive: true });
  } catch (error) {
    throw new PaperlinkError('output-not-writable', `The pack folder ${outDir} cannot be created: ${(error as Error).message}.`,
      'Choose an --out folder you can write to.', { file: outDir }, { cause: error });
  }
  const files: string[] = [];
  const write = (name: string, data: string | Buffer): void => {
    writeFileSync(join(outDir, name), data);
    files.push(name);
  };

  const workspace = openWorkspace(workspaceDir);
  const printed = new Map<string, PrintedForm>();
  const layouts = new Map<string, FormLayout>();
  let blankPdf: Buffer;
  try {
    progress('printing blank forms');
    const blankFiles: string[] = [];
    for (const run of plan.blankRuns) {
      const definition = byId.get(run.form)!;
      const result = await request.printSheets(workspace, {
        definition, site: run.site, serialFrom: run.serialFrom, serialTo: run.serialTo,
        outFile: join(workspaceDir, 'prints', `blank-${run.site}-${run.form}.pdf`), ...(request.creationDate ? { creationDate: request.creationDate } : {}),
      });
      blankFiles.push(result.file);
      remember(printed, layouts, definition, result.layout);
    }
    blankPdf = mergePdfs(blankFiles.map((file) => readFileSync(file)));
    progress('printing the pre-filled sheets\' serials');
    const prefilledRanges = new Map<string, { site: string; form: string; to: number }>();
    for (const sheet of plan.prefilled) {
      const key = `${sheet.site}\u0000${sheet.form}`;
      const range = prefilledRanges.get(key) ?? { site: sheet.site, form: sheet.form, to: sheet.serial };
      prefilledRanges.set(key, { ...range, to: Math.max(range.to, sheet.serial) });
    }
    for (const range of prefilledRanges.values()) {
      const definition = byId.get(range.form)!;
      const result = await request.printSheets(workspace, {
        definition, site: range.site, serialFrom: PREFILLED_SERIAL_FROM, serialTo: range.to,
        outFile: join(workspaceDir, 'prints', `prefilled-${range.site}-${range.form}.pdf`), ...(request.creationDate ? { creationDate: request.creationDate } : {}),
      });
      remember(printed, layouts, definition, result.layout);
    }
  } finally {
    workspace.close();
  }
  write('blank-forms.pdf', blankPdf);

  progress('writing the pre-filled sheets');
  const prefilledDir = join(outDir, 'prefilled');
  mkdirSync(prefilledDir, { recursive: true });
  const keyFiles: KeyFile[] = [];
  let prefilledPages = 0;
  let prefilledImages = 0;
  if (request.simulatePrefilled && plan.prefilled.length > 0) {
    const requests = plan.prefilled.map((sheet) => prefilledRequest(sheet, byId.get(sheet.form)!, layouts.get(sheet.form)!));
    const pages = await request.simulatePrefilled(requests);
    const images: { image: Buffer; widthMm: number; heightMm: number }[] = [];
    for (const sheet of plan.prefilled) {
      const layout = layouts.get(sheet.form)!;
      const own = pages.filter((page) => page.sheet === sheet.name).sort((a, b) => a.page - b.page);
      if (own.length !== layout.pageCount) {
        throw new Error(`The simulator returned ${own.length} images for ${sheet.name}; it has ${layout.pageCount} pages.`);
      }
      const expected = prefilledFiles(sheet, layout.pageCount, own[0]!.extension);
      for (const file of expected) {
        const page = own[file.page - 1]!;
        writeFileSync(join(prefilledDir, file.file), page.image);
        files.push(`prefilled/${file.file}`);
        prefilledImages += 1;
        if (file.expect !== 'duplicate') images.push({ image: page.image, widthMm: layout.page.widthMm, heightMm: layout.page.heightMm });
      }
      keyFiles.push(...expected);
    }
    const pdf = await imagesPdf(images, request.creationDate);
    writeFileSync(join(prefilledDir, 'prefilled.pdf'), pdf);
    files.push('prefilled/prefilled.pdf');
    prefilledPages = images.length;
  } else if (plan.prefilled.length > 0) {
    notes.push('No simulator is built into this paperlink yet: prefilled/sheets.json lists the values to fill in by hand on prints/prefilled-*.pdf.');
    for (const sheet of plan.prefilled) keyFiles.push(...prefilledFiles(sheet, layouts.get(sheet.form)!.pageCount, 'png'));
  }
  writeFileSync(join(prefilledDir, 'sheets.json'), `${JSON.stringify(plan.prefilled.map((sheet) => ({
    name: sheet.name, form: sheet.form, site: sheet.site, serial: sheet.serial, resident: residentName(sheet.person), effects: sheet.effects, values: sheet.values,
  })), null, 1)}\n`);
  files.push('prefilled/sheets.json');

  progress('writing the answer key');
  const answerKey = buildAnswerKey(plan, request.participants, printed, keyFiles, radioDrillKey(plan, printed, request.composeRadioDrill));
  write('answer-key.json', `${JSON.stringify(answerKey, null, 1)}\n`);
  const footer = `paperlink · ${labelText(plan.scenario.title, ['nl'])} · seed ${plan.seed}`;
  const answerKeyPdf = await flowPdf(parseTextBlocks(templates.answerKey(answerKeyView(plan, answerKey, byId))), `${footer} · ANTWOORDSLEUTEL / ANSWER KEY`, request.creationDate);
  write('answer-key.pdf', answerKeyPdf);

  progress('writing the briefing and the resident cards');
  const briefing = await flowPdf(parseTextBlocks(templates.briefing(briefingView(plan, request.participants, byId, printed, notes))), footer, request.creationDate);
  write('briefing.pdf', briefing);
  const cards = plan.cards.map((card) => {
    const blocks = parseTextBlocks(templates.card(cardView(card, plan)));
    const first = blocks.find((block): block is Extract<TextBlock, { kind: 'card' }> => block.kind === 'card');
    if (!first) throw new PaperlinkError('scenario-invalid', 'templates/exercise/inject-card.hbs does not make a [[card …]] block.', 'Restore the template from the paperlink package.');
    return first;
  });
  const injects = await cardsPdf(cards, `${footer} · bewonerskaarten / resident cards`, request.creationDate);
  write('injects.pdf', injects);
  write('pack.json', `${JSON.stringify({
    format: 'paperlink-exercise-pack', scenario: plan.scenario.id, seed: plan.seed, sites: plan.sites, participants: request.participants,
    workspace: 'workspace', answerKey: 'answer-key.json', missingForms: plan.missingForms, notes,
  }, null, 1)}\n`);

  return {
    outDir, workspaceDir, files: files.sort(),
    pages: { briefing: countPages(briefing), blankForms: countPages(blankPdf), injects: countPages(injects), answerKey: countPages(answerKeyPdf), prefilled: prefilledPages },
    blankSheets: plan.blankRuns.reduce((sum, run) => sum + run.sheets, 0), prefilledSheets: plan.prefilled.length, prefilledImages,
    cards: plan.cards.length, missingForms: plan.missingForms, notes, plan, answerKey,
  };
}

/** The radio drill's site, sheets and expected message, composed from the sheets' exact values. */
function radioDrillKey(plan: PackPlan, printed: ReadonlyMap<string, PrintedForm>, compose: ComposeRadioDrill | undefined): RadioDrillKey | undefined {
  const drill = compose ? planRadioDrill(plan) : null;
  if (!compose || !drill) return undefined;
  const sheets = drill.sheets.map((sheet) => {
    const form = printed.get(sheet.form)!;
    return { form: sheet.form, definition: form.definition, fingerprint: form.fingerprint, site: sheet.site, serial: sheet.serial, values: sheet.values };
  });
  const message = compose({ site: drill.site, asOf: drill.asOf, sheets });
  return { site: drill.site, asOf: drill.asOf, sheets: drill.sheets.map((sheet) => sheet.name), ...message };
}

function remember(printed: Map<string, PrintedForm>, layouts: Map<string, FormLayout>, definition: FormDefinition, layout: FormLayout): void {
  printed.set(definition.id, { definition, fingerprint: layout.fingerprint, pageCount: layout.pageCount });
  layouts.set(definition.id, layout);
}

function prefilledRequest(sheet: PrefilledSheet, definition: FormDefinition, layout: FormLayout): PrefilledRequest {
  const codes: SheetCode[] = Array.from({ length: layout.pageCount }, (_, index) => ({
    formCode: layout.formCode, layoutVersion: layout.version, fingerprint: shortFingerprint(layout.fingerprint),
    page: index + 1, pageCount: layout.pageCount, serial: sheet.serial, site: sheet.site,
  }));
  return { name: sheet.name, definition, layout, codes, values: sheet.values, effects: sheet.effects, seed: sheet.seed };
}

interface Templates {
  readonly briefing: HandlebarsTemplateDelegate;
  readonly card: HandlebarsTemplateDelegate;
  readonly answerKey: HandlebarsTemplateDelegate;
}

function loadTemplates(dir: string): Templates {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('upper', (value: unknown) => String(value ?? '').toUpperCase());
  const read = (name: string): HandlebarsTemplateDelegate => {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new PaperlinkError('input-not-found', `The exercise template ${file} cannot be read.`,
        'Reinstall paperlink: templates/exercise/ belongs to the package.', { file }, { cause: error });
    }
    return handlebars.compile(text, { noEscape: true, strict: false });
  };
  if (!existsSync(dir) || !readdirSync(dir).includes('briefing.hbs')) {
    throw new PaperlinkError('input-not-found', `The exercise templates folder ${dir} is missing.`, 'Reinstall paperlink: templates/exercise/ belongs to the package.', { file: dir });
  }
  return { briefing: read('briefing.hbs'), card: read('inject-card.hbs'), answerKey: read('answer-key.hbs') };
}

// ---- views: plain data for the templates (the templates own every word) ----

const nl = (label: Label): string => label.nl;
const en = (label: Label): string => label.en;
const pad2 = (value: number): string => String(value).padStart(2, '0');

function clockOf(scenario: Scenario, hour: number): { day: number; clock: string } {
  const [datePart, timePart] = scenario.start.split('T') as [string, string];
  const [h, m] = timePart.split(':').map(Number) as [number, number];
  const minutes = h * 60 + m + Math.round(hour * 60);
  void datePart;
  return { day: Math.floor(minutes / 1440) + 1, clock: `${pad2(Math.floor((minutes % 1440) / 60))}:${pad2(minutes % 60)}` };
}

function startText(scenario: Scenario): string {
  const [datePart, timePart] = scenario.start.split('T') as [string, string];
  const [y, mo, d] = datePart.split('-');
  return `${d}-${mo}-${y} ${timePart}`;
}

function briefingView(plan: PackPlan, participants: number, byId: ReadonlyMap<string, FormDefinition>, printed: ReadonlyMap<string, PrintedForm>, notes: readonly string[]): unknown {
  const scenario = plan.scenario;
  const formTitle = (id: string): { nl: string; en: string } => {
    const definition = byId.get(id);
    return definition ? { nl: definition.title.nl, en: definition.title.en } : { nl: id, en: `${id} (not installed)` };
  };
  return {
    title: scenario.title, intro: scenario.intro, durationHours: scenario.durationHours, start: startText(scenario),
    sites: plan.sites.map((site) => ({ code: site, digits: plan.siteDigits[site] })), siteCount: plan.sites.length, participants,
    timeline: scenario.timeline.map((card) => ({ ...clockOf(scenario, card.hour), hour: card.hour, title: card.title, text: card.text })),
    roles: scenario.roles.map((role) => {
      const holders = plan.assignments.filter((assignment) => assignment.role === role.id);
      return {
        title: role.title, central: role.scope === 'central', count: holders.length,
        where: role.scope === 'central' ? 'office' : [...new Set(holders.map((holder) => holder.site))].join(', '),
        instructions: role.instructions,
        forms: role.forms.map((need) => ({ title: formTitle(need.form), sheets: need.sheets, perParticipant: need.per === 'participant', installed: byId.has(need.form) })),
      };
    }),
    assignments: plan.assignments.map((assignment) => {
      const role = scenario.roles.find((candidate) => candidate.id === assignment.role)!;
      return { participant: assignment.participant, role: role.title, site: assignment.site ?? 'kantoor / office' };
    }),
    blankRuns: plan.blankRuns.map((run) => ({ ...run, title: formTitle(run.form), pages: run.sheets * (printed.get(run.form)?.pageCount ?? 1) })),
    prefilledCount: plan.prefilled.length, prefilledFrom: PREFILLED_SERIAL_FROM, cardCount: plan.cards.length,
    notes,
  };
}

function cardView(card: PackPlan['cards'][number], plan: PackPlan): unknown {
  return {
    number: card.number, site: card.site, hour: card.hour, day: card.day, clock: card.clock,
    name: residentName(card.person), person: card.person, sought: card.sought, seeker: card.seeker,
    sex: { f: { nl: 'vrouw', en: 'woman' }, m: { nl: 'man', en: 'man' }, x: { nl: 'persoon', en: 'person' } }[card.person.sex],
    situation: card.situation, says: card.says, scenario: plan.scenario.title,
  };
}

function formatValue(value: FieldValue | undefined, definition: FormDefinition | undefined, fieldId: string): string {
  if (value === null || value === undefined || value === false || (Array.isArray(value) && value.length === 0) || value === '') return '';
  if (value === true) return 'getekend / signed';
  const leaf = definition ? leafFields(definition).find((candidate) => candidate.id === fieldId) : undefined;
  if (leaf && (leaf.kind === 'checkbox' || leaf.kind === 'choice')) {
    const chosen = Array.isArray(value) ? value : [value as string];
    return chosen.map((option) => leaf.options.find((candidate) => candidate.value === option)?.label.nl ?? option).join(', ');
  }
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function answerKeyView(plan: PackPlan, key: AnswerKey, byId: ReadonlyMap<string, FormDefinition>): unknown {
  const fieldRows = (form: string, values: Readonly<Record<string, FieldValue>>): { field: string; label: string; value: string }[] => {
    const definition = byId.get(form);
    return Object.entries(values).map(([field, value]) => ({ field, label: definition ? (leafFields(definition).find((leaf) => leaf.id === field)?.label.nl ?? field) : field, value: formatValue(value, definition, field) }))
      .filter((row) => row.value !== '').map((row) => ({ ...row, label: row.label.replace(/\|/g, '/') , value: row.value.replace(/\|/g, '/') }));
  };
  const figures = (which: 'injects' | 'prefilled'): unknown => {
    const f = key.signal[which];
    return {
      ...f,
      needs: Object.entries(f.needs).filter(([, count]) => count > 0).map(([need, count]) => ({ need: formatValue([need], byId.get('intake'), 'needs') || need, count })),
      urgency: Object.entries(f.urgency).filter(([, count]) => count > 0).map(([level, count]) => ({ level: formatValue(level, byId.get('intake'), 'urgency') || level, count })),
      lifeSafety: Object.entries(f.lifeSafety).map(([tick, count]) => ({ tick, count })),
      perSite: Object.entries(f.perSite).map(([site, counts]) => ({ site, ...counts })),
    };
  };
  return {
    title: plan.scenario.title, seed: plan.seed, sites: plan.sites.join(', '),
    sheets: key.sheets.map((sheet) => {
      const inject = plan.scenario.injects.find((candidate) => candidate.id === sheet.injectId);
      return { ...sheet, hardText: sheet.hard.join(', '), note: inject?.trainerNote, rows: fieldRows(sheet.form, sheet.values),
        files: key.files.filter((file) => file.sheet === sheet.name) };
    }),
    files: key.files, matches: key.matches, injects: figures('injects'), prefilled: figures('prefilled'),
    radio: key.radio ? { ...key.radio, asOfText: `${key.radio.asOf.slice(8, 10)}-${key.radio.asOf.slice(5, 7)} ${key.radio.asOf.slice(11)}`, sheetList: key.radio.sheets.join(', ') } : null,
    cards: key.cards.map((card) => ({ ...card, forms: Object.entries(card.expected).map(([form, values]) => ({ form, rows: fieldRows(form, values) })) })),
  };
}

// ---- PDF writing (pdfkit and mupdf stay in this file) ----

function newDocument(creationDate: Date | undefined, title: string): PDFKit.PDFDocument {
  // Pages stay buffered: the footers ("page 3 of 7") are drawn once the page count is known.
  return newPdfDocument({ title, date: creationDate ?? new Date(), bufferPages: true,
    fonts: { [FONT.regular]: DEJAVU_SANS_FILES.regular, [FONT.bold]: DEJAVU_SANS_FILES.bold, [FONT.oblique]: DEJAVU_SANS_FILES.oblique } });
}

async function flowPdf(blocks: readonly TextBlock[], footer: string, creationDate: Date | undefined): Promise<Buffer> {
  return pdfBytes(newDocument(creationDate, footer), (doc) => {
    drawFlow(doc, blocks);
    drawFooters(doc, footer);
  });
}

async function cardsPdf(cards: readonly Extract<TextBlock, { kind: 'card' }>[], footer: string, creationDate: Date | undefined): Promise<Buffer> {
  return pdfBytes(newDocument(creationDate, footer), (doc) => {
    drawCardSheets(doc, cards, CARDS_PER_PAGE);
    drawFooters(doc, footer);
  });
}

/** One image per page at the sheet's paper size: the pre-filled set as a trainer prints it. */
async function imagesPdf(images: readonly { image: Buffer; widthMm: number; heightMm: number }[], creationDate: Date | undefined): Promise<Buffer> {
  return pdfBytes(newDocument(creationDate, 'paperlink pre-filled sheets'), (doc) => {
    for (const item of images) {
      const size: [number, number] = [mmToPt(item.widthMm), mmToPt(item.heightMm)];
      doc.addPage({ size, margin: 0 });
      doc.image(item.image, 0, 0, { width: size[0], height: size[1] });
    }
  });
}

function mergePdfs(buffers: readonly Buffer[]): Buffer {
  const out = new mupdf.PDFDocument();
  for (const buffer of buffers) {
    const source = mupdf.Document.openDocument(buffer, 'application/pdf') as mupdf.PDFDocument;
    for (let page = 0; page < source.countPages(); page++) out.graftPage(-1, source, page);
    source.destroy();
  }
  const merged = Buffer.from(out.saveToBuffer('compress').asUint8Array());
  out.destroy();
  return merged;
}

function countPages(buffer: Buffer): number {
  const doc = mupdf.Document.openDocument(buffer, 'application/pdf');
  const pages = doc.countPages();
  doc.destroy();
  return pages;
}
