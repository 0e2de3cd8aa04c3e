/**
 * ENTRY of the signal report: workspace → report.html, report.pdf, signal.csv, needs.csv, distribution.csv and
 * report.json in one folder. The only report file that touches the store, the file system and pdfkit; every step in
 * between is pure. Never writes individual cases (that is the follow-up list, build-followup.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PaperlinkError } from '../model/index.js';
import { loadReportRows, type Workspace } from '../store/index.js';
import { DEJAVU_SANS_FILES, newPdfDocument, pdfBytes } from '../pdf/index.js';
import { aggregateReport } from './aggregate.js';
import { fieldsUsedByReport } from './report-forms.js';
import type { ReportData } from './report-data.js';
import type { Block, ReportLanguage, SignalReport } from './signal-report.js';
import { renderDistributionCsv, renderNeedsCsv, renderSignalCsv } from './render-csv.js';
import { buildReportDocument, renderReportHtml, type ReportTemplates } from './render-report.js';
import { PAGE_HEIGHT_PT, PAGE_WIDTH_PT, planReportPdf, type PdfPage } from './plan-pdf.js';


export interface ReportOptions {
  /** templates/report of the package (report.html.hbs, block.hbs, style.css); the CLI passes it in. */
  readonly templatesDir: string;
  /** 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM' local time (inclusive). */
  readonly from?: string;
  /** 'YYYY-MM-DD' (the whole day included) or 'YYYY-MM-DDTHH:MM' (exclusive). */
  readonly to?: string;
  readonly sites?: readonly string[];
  readonly block?: Block;
  readonly lang?: ReportLanguage;
  readonly hxl?: boolean;
  readonly restricted?: boolean;
  /** false (`--no-suppress`) only together with restricted. */
  readonly suppress?: boolean;
  readonly outDir: string;
  /** The report's one timestamp (generated-at); fixed in tests for reproducible files. */
  readonly now?: Date;
}

export interface ReportFiles {
  readonly html: string;
  readonly pdf: string;
  readonly signalCsv: string;
  readonly needsCsv: string;
  readonly distributionCsv: string;
  readonly json: string;
}

export interface ReportResult {
  readonly files: ReportFiles;
  readonly report: SignalReport;
}

/** Parses a --from/--to value into a local 'YYYY-MM-DDTHH:MM'; a bare date as --to includes that whole day. */
export function parseReportTime(text: string, which: 'from' | 'to'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text.trim());
  const valid = match && Number(match[2]) >= 1 && Number(match[2]) <= 12 && Number(match[3]) >= 1 && Number(match[3]) <= 31
    && (match[4] === undefined || (Number(match[4]) <= 23 && Number(match[5]) <= 59));
  if (!match || !valid) {
    throw new PaperlinkError('argument-invalid', `"${text}" is not a date or time paperlink understands.`,
      `Write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM in local time, e.g. --${which} 2026-03-14 or --${which} 2026-03-14T06:00.`, { path: `--${which}` });
  }
  if (match[4] !== undefined) return `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}`;
  if (which === 'from') return `${match[1]}-${match[2]}-${match[3]}T00:00`;
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1));
  return `${next.toISOString().slice(0, 10)}T00:00`;
}

/** Reads the report's Handlebars templates from templatesDir (templates/report of the package, passed in by the CLI). */
export function loadReportTemplates(templatesDir: string): ReportTemplates {
  return {
    page: readTemplate(templatesDir, 'report.html.hbs'),
    block: readTemplate(templatesDir, 'block.hbs'),
    style: readTemplate(templatesDir, 'style.css'),
  };
}

export function readTemplate(templatesDir: string, name: string): string {
  const file = join(templatesDir, name);
  if (!existsSync(file)) {
    throw new PaperlinkError('input-not-found', `The report template ${file} is missing.`, 'Reinstall paperlink: templates/report/ belongs to the package.', { file });
  }
  return readFileSync(file, 'utf8');
}

/** Reads what the report needs. Fields the report never reads (text, names) are not even parsed. */
export function loadReportData(workspace: Workspace): ReportData {
  return loadReportRows(workspace, fieldsUsedByReport);
}

/** One planned page drawn with pdfkit: the plan (plan-pdf.ts) decided every position, this only replays it. */
function drawPlannedPage(doc: PDFKit.PDFDocument, page: PdfPage): void {
  doc.addPage({ size: [PAGE_WIDTH_PT, PAGE_HEIGHT_PT], margin: 0 });
  for (const op of page) {
    switch (op.kind) {
      case 'text':
        doc.font(op.weight).fontSize(op.sizePt).fillColor(op.colour)
          .text(op.text, op.x, op.y, { lineBreak: false, ...(op.width !== undefined ? { width: op.width, align: op.align ?? 'left' } : {}) });
        break;
      case 'rect':
        doc.save();
        if (op.dash) doc.dash(2, { space: 2 });
        doc.rect(op.x, op.y, op.w, op.h);
        if (op.fill && op.stroke) doc.fillAndStroke(op.fill, op.stroke);
        else if (op.fill) doc.fill(op.fill);
        else doc.lineWidth(0.6).stroke(op.stroke ?? '#000000');
        doc.restore();
        break;
      case 'line':
        doc.save().moveTo(op.x1, op.y1).lineTo(op.x2, op.y2).lineWidth(op.widthPt).stroke(op.colour).restore();
        break;
      case 'polyline': {
        const [first, ...rest] = op.points;
        if (!first) break;
        doc.save().moveTo(first[0], first[1]);
        for (const point of rest) doc.lineTo(point[0], point[1]);
        doc.lineWidth(op.widthPt).stroke(op.colour).restore();
        break;
      }
      case 'circle':
        doc.save().circle(op.x, op.y, op.r).fill(op.fill).restore();
        break;
    }
  }
}

/** Replays the planned pages through pdfkit with DejaVu embedded; fixed dates make the bytes reproducible. */
export async function renderPdf(pages: readonly PdfPage[], title: string, date: Date): Promise<Buffer> {
  // DejaVu Sans: the same font the forms are printed in; covers Dutch and the report's symbols.
  const doc = newPdfDocument({ title, date, sizePt: [PAGE_WIDTH_PT, PAGE_HEIGHT_PT], fonts: { regular: DEJAVU_SANS_FILES.regular, bold: DEJAVU_SANS_FILES.bold } });
  return pdfBytes(doc, () => {
    for (const page of pages) drawPlannedPage(doc, page);
  });
}

function writeAtomically(file: string, content: string | Buffer): void {
  const temporary = `${file}.partial-${process.pid}`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

export async function buildReport(workspace: Workspace, options: ReportOptions): Promise<ReportResult> {
  const restricted = options.restricted ?? false;
  const suppress = options.suppress ?? true;
  if (!suppress && !restricted) {
    throw new PaperlinkError('argument-invalid', 'Small counts can only be shown in a restricted report.',
      'Add --restricted as well (the report then says RESTRICTED on every page), or leave out --no-suppress.', { path: '--no-suppress' });
  }
  const from = options.from ? parseReportTime(options.from, 'from') : undefined;
  const to = options.to ? parseReportTime(options.to, 'to') : undefined;
  if (from && to && from >= to) {
    throw new PaperlinkError('argument-invalid', `--from ${options.from} is not before --to ${options.to}.`, 'Give a --from that is earlier than --to.', { path: '--from' });
  }
  const now = options.now ?? new Date();
  const report = aggregateReport(loadReportData(workspace), {
    ...(from ? { from } : {}), ...(to ? { to } : {}), ...(options.sites && options.sites.length > 0 ? { sites: options.sites } : {}),
    block: options.block ?? '6h', lang: options.lang ?? 'nl', suppress, restricted, generatedAt: now.toISOString(),
  });
  const document = buildReportDocument(report);
  const html = renderReportHtml(document, loadReportTemplates(options.templatesDir));
  const pdf = await renderPdf(planReportPdf(document), document.title, now);
  const outDir = resolve(options.outDir);
  const files: ReportFiles = {
    html: join(outDir, 'report.html'), pdf: join(outDir, 'report.pdf'), signalCsv: join(outDir, 'signal.csv'),
    needsCsv: join(outDir, 'needs.csv'), distributionCsv: join(outDir, 'distribution.csv'), json: join(outDir, 'report.json'),
  };
  const hxl = options.hxl ?? false;
  try {
    mkdirSync(outDir, { recursive: true });
    writeAtomically(files.html, html);
    writeAtomically(files.pdf, pdf);
    writeAtomically(files.signalCsv, renderSignalCsv(report, hxl));
    writeAtomically(files.needsCsv, renderNeedsCsv(report, hxl));
    writeAtomically(files.distributionCsv, renderDistributionCsv(report, hxl));
    writeAtomically(files.json, `${JSON.stringify(report, null, 1)}\n`);
  } catch (error) {
    throw new PaperlinkError('output-not-writable', `The report cannot be written to ${outDir}: ${(error as Error).message}.`,
      'Choose an --out folder you can write to, with enough free space.', { file: outDir }, { cause: error });
  }
  return { files, report };
}
