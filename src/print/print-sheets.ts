/**
 * ENTRY of printing: a form definition and a serial range → one PDF, every sheet a unique serial, and a print run
 * recorded in the workspace. Refuses to issue a serial twice unless it is a recorded reprint. Nothing half-written.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  MAX_SERIAL,
  PaperlinkError,
  SITE_CODE_PATTERN,
  layoutForm,
  sheetCodesFor,
  type FormDefinition,
  type FormLayout,
  type LanguageCode,
  type PaperSize,
  type SheetCode,
} from '../model/index.js';
import { overlappingPrintRuns, recordPrintRun, saveLayout, type PrintRun, type Workspace } from '../store/index.js';
import { DEJAVU_SANS_FILES, newPdfDocument, pdfBytes } from '../pdf/index.js';
import { FONT_BOLD, FONT_REGULAR, drawPage } from './draw-page.js';
import { drawValues, type SheetFill } from './draw-values.js';

/** Largest print run in one PDF: a pallet of paper, and still a file a laptop opens. */
export const MAX_SHEETS_PER_RUN = 10_000;

export interface SheetsToPrint {
  readonly definition: FormDefinition;
  readonly site: string;
  readonly serialFrom: number;
  readonly serialTo: number;
  readonly languages?: readonly LanguageCode[];
  readonly paper?: PaperSize;
}

export interface PrintRequest extends SheetsToPrint {
  /** Where to write the PDF. Left out: the PDF is returned in memory (the run is still recorded, without a file). */
  readonly outFile?: string;
  readonly reprint?: boolean;
  /** Fixed PDF dates make the bytes reproducible (tests, golden files). */
  readonly creationDate?: Date;
  /** Values typed into every sheet of the run: a form paperlink fills in itself (radio compose --out). */
  readonly fill?: SheetFill;
}

export interface PrintResult {
  readonly file: string | null;
  /** The PDF bytes, when no outFile was asked for. */
  readonly pdf?: Buffer;
  readonly sheets: number;
  readonly pages: number;
  readonly layout: FormLayout;
  readonly run: PrintRun;
}

export function validateSheetsToPrint(request: SheetsToPrint): void {
  if (!SITE_CODE_PATTERN.test(request.site)) {
    throw new PaperlinkError('site-code-invalid', `"${request.site}" is not a valid site code.`,
      'Use 2 to 8 capital letters and digits, starting with a letter, e.g. AMS01 or HSP3.', { path: '--site' });
  }
  const { serialFrom, serialTo } = request;
  if (!Number.isInteger(serialFrom) || !Number.isInteger(serialTo) || serialFrom < 1 || serialTo > MAX_SERIAL || serialFrom > serialTo) {
    throw new PaperlinkError('serial-range-invalid', `The serial range ${serialFrom}-${serialTo} is not valid.`,
      `Give a range like 1-500: whole numbers from 1 to ${MAX_SERIAL}, the first not larger than the last.`, { path: '--serials' });
  }
  if (serialTo - serialFrom + 1 > MAX_SHEETS_PER_RUN) {
    throw new PaperlinkError('serial-range-invalid', `${serialTo - serialFrom + 1} sheets is more than one print run may hold (${MAX_SHEETS_PER_RUN}).`,
      'Split the range into several print runs.', { path: '--serials' });
  }
}

function newDocument(creationDate: Date | undefined, title: string): PDFKit.PDFDocument {
  return newPdfDocument({ title, date: creationDate ?? new Date(), fonts: { [FONT_REGULAR]: DEJAVU_SANS_FILES.regular, [FONT_BOLD]: DEJAVU_SANS_FILES.bold } });
}

/** Renders the pages of the given sheet codes into a PDF buffer (used by the simulator and exercise packs). */
export async function renderSheetsPdf(layout: FormLayout, codes: readonly SheetCode[], creationDate?: Date, fill?: SheetFill): Promise<Buffer> {
  return pdfBytes(newDocument(creationDate, `paperlink ${layout.formId}`), (doc) => drawSheets(doc, layout, codes, fill));
}

function drawSheets(doc: PDFKit.PDFDocument, layout: FormLayout, codes: readonly SheetCode[], fill: SheetFill | undefined): void {
  const cache = new Map<number, unknown>();
  for (const code of codes) {
    drawPage(doc, layout, code, cache);
    if (fill) drawValues(doc, layout, code.page, fill);
  }
}

export async function printSheets(workspace: Workspace, request: PrintRequest & { readonly outFile: string }): Promise<PrintResult & { readonly file: string }>;
export async function printSheets(workspace: Workspace, request: PrintRequest): Promise<PrintResult>;
export async function printSheets(workspace: Workspace, request: PrintRequest): Promise<PrintResult> {
  validateSheetsToPrint(request);
  const layout = layoutForm(request.definition, {
    ...(request.paper ? { paper: request.paper } : {}),
    ...(request.languages ? { languages: request.languages } : {}),
  });
  const overlapping = overlappingPrintRuns(workspace, request.definition.id, request.site, request.serialFrom, request.serialTo);
  if (overlapping.length > 0 && !request.reprint) {
    const first = overlapping[0]!;
    throw new PaperlinkError('serial-range-already-issued',
      `Serials ${request.serialFrom}-${request.serialTo} of ${request.definition.id} at ${request.site} overlap a print run of ${first.createdAt.slice(0, 10)} (serials ${first.serialFrom}-${first.serialTo}).`,
      'Print the next free range instead, or add --reprint to print the same serials again on purpose (it is recorded).', { path: '--serials' });
  }
  const codes = sheetCodesFor(layout, request.site, request.serialFrom, request.serialTo);
  const sheets = request.serialTo - request.serialFrom + 1;
  const record = (outputFile: string | null): PrintRun => workspace.transaction(() => {
    saveLayout(workspace, layout, request.definition);
    return recordPrintRun(workspace, {
      formId: request.definition.id, fingerprint: layout.fingerprint, site: request.site, serialFrom: request.serialFrom,
      serialTo: request.serialTo, languages: layout.languages, paper: layout.paper, reprint: overlapping.length > 0, outputFile,
    });
  });
  if (request.outFile === undefined) {
    const pdf = await renderSheetsPdf(layout, codes, request.creationDate, request.fill);
    return { file: null, pdf, sheets, pages: sheets * layout.pageCount, layout, run: record(null) };
  }
  const file = resolve(request.outFile);
  const temporary = `${file}.partial-${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    await writePdf(temporary, layout, codes, request.creationDate, request.fill);
  } catch (error) {
    removeQuietly(temporary);
    throw new PaperlinkError('output-not-writable', `The PDF cannot be written to ${file}: ${(error as Error).message}.`,
      'Choose an --out path in a folder you can write to, with enough free space.', { file }, { cause: error });
  }
  let run: PrintRun;
  try {
    run = record(file);
    renameSync(temporary, file);
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
  return { file, sheets, pages: sheets * layout.pageCount, layout, run };
}

async function writePdf(file: string, layout: FormLayout, codes: readonly SheetCode[], creationDate: Date | undefined, fill: SheetFill | undefined): Promise<void> {
  const doc = newDocument(creationDate, `paperlink ${layout.formId}`);
  const stream = createWriteStream(file);
  const finished = new Promise<void>((resolveDone, reject) => {
    stream.on('finish', () => resolveDone());
    stream.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(stream);
  drawSheets(doc, layout, codes, fill);
  doc.end();
  await finished;
}

/** Cleanup after a failed write must never hide the failure itself (the folder may not even exist). */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // nothing was written there
  }
}
