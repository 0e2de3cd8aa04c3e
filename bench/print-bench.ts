/**
 * Printing speed and size: 1,000 intake sheets through the real print path, against a baseline measured in the same
 * run (pdfkit drawing only marks and QR on the same number of pages). Goal: ≥ 500 pages/s, ≤ 10 KiB/page.
 */
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeSheetCode, layoutForm, parseForm, type FormDefinition } from '../src/model/index.js';
import { renderSheetsPdf, sheetCodesFor } from '../src/print/index.js';
import { median, type BenchFigures } from './measure.js';

const SHEETS = 1000;
const RUNS = 3;

function loadIntake(): FormDefinition {
  const root = resolve(import.meta.dirname, '../..');
  const parsed = parseForm(JSON.parse(readFileSync(join(root, 'forms/intake/v1.json'), 'utf8')));
  if (!parsed.ok) throw new Error('intake form invalid');
  return parsed.definition;
}

async function baselinePdf(pages: number, qrTexts: string[]): Promise<Buffer> {
  const { qrModules } = await import('../src/print/index.js');
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  for (let page = 0; page < pages; page++) {
    doc.addPage({ size: 'A4', margin: 0 });
    for (const [x, y] of [[34, 34], [561, 34], [561, 808], [34, 808]] as const) doc.circle(x, y, 11);
    const { size, dark } = qrModules(qrTexts[page] ?? '');
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (dark(x, y)) doc.rect(470 + x * 2.4, 23 + y * 2.4, 2.4, 2.4);
    doc.fill();
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export async function benchPrint(): Promise<BenchFigures> {
  const layout = layoutForm(loadIntake());
  const codes = sheetCodesFor(layout, 'AMS01', 1, SHEETS);
  const texts = codes.map(encodeSheetCode);
  const full: number[] = [];
  const base: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now();
    const pdf = await renderSheetsPdf(layout, codes, new Date(0));
    full.push(performance.now() - start);
    bytes = pdf.length;
    start = performance.now();
    await baselinePdf(codes.length, texts);
    base.push(performance.now() - start);
  }
  const fullMs = median(full);
  const baseMs = median(base);
  return {
    'intake sheets printed': SHEETS,
    'pages': codes.length,
    'pages/s (median of 3, one core)': (codes.length / fullMs) * 1000,
    'KiB/page': bytes / 1024 / codes.length,
    'baseline pages/s (marks + QR only)': (codes.length / baseMs) * 1000,
    'time ratio full form / baseline': fullMs / baseMs,
  };
}
