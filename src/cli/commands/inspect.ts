/**
 * `paperlink inspect IMAGE`: what paperlink sees on one page (raw QR text, sheet code, marks and residual, every
 * field's reading), optionally drawn over the registered page as a PNG. Diagnosis only: writes nothing to the workspace.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import sharp, { type Sharp } from 'sharp';
import {
  PaperlinkError, humanSheetId, layoutForm, shortFingerprint, type FieldReading, type GrayImage, type SheetCode,
} from '../../model/index.js';
import { PAGE_IMAGE_PX_PER_MM, openInput, readPage, type LayoutLookup, type PageReading } from '../../scan/index.js';
import { findLayouts, openWorkspace, workspaceExists, type StoredLayout, type Workspace } from '../../store/index.js';
import { loadFormCatalogue } from '../load-forms.js';
import { globalOptions } from '../global-options.js';

export function registerInspectCommands(program: Command): void {
  program.command('inspect')
    .description('show what paperlink reads on one page: QR text, sheet code, registration marks, every field (writes nothing)')
    .argument('<image>', 'a scan or photo (JPEG, PNG, WebP, TIFF or PDF)')
    .option('--page <n>', 'page of a multi-page TIFF or PDF', '1')
    .option('--out <annotated.png>', 'also write the registered page with every field box and its reading drawn on it')
    .action(async (file: string, options: { page: string; out?: string }, command: Command) => {
      const global = globalOptions(command);
      if (!existsSync(file)) throw new PaperlinkError('input-not-found', `${file} does not exist.`, 'Check the path of the image to inspect.', { file });
      const pageIndex = Number(options.page) - 1;
      if (!Number.isInteger(pageIndex) || pageIndex < 0) throw new PaperlinkError('argument-invalid', `"${options.page}" is not a page number.`, 'Use --page 1, 2, …', { path: '--page' });
      const opened = await openInput(readFileSync(file), file);
      if (!opened.ok) {
        report(global.json, { file, outcome: 'unreadable', reason: opened.reason, message: opened.message });
        return;
      }
      if (pageIndex >= opened.pageCount) throw new PaperlinkError('argument-invalid', `${file} has ${opened.pageCount} page(s).`, `Use --page 1 to ${opened.pageCount}.`, { path: '--page' });
      const image = await opened.loadPage(pageIndex);
      const workspace = workspaceExists(global.workspace) ? openWorkspace(global.workspace, { create: false }) : undefined;
      try {
        const reading = await readPage(image, layoutLookup(workspace, global.forms));
        report(global.json, { file, page: pageIndex + 1, ...summarise(reading) });
        if (options.out) {
          await annotate(reading, image).toFile(options.out);
          if (!global.json) console.log(`Annotated page written to ${options.out}`);
        }
      } finally {
        workspace?.close();
      }
    });
}

/** Layouts from the workspace's print runs first; else the shipped forms as printed with default options. */
function layoutLookup(workspace: Workspace | undefined, formDirs: string[]): LayoutLookup {
  let catalogue: StoredLayout[] | undefined;
  return (code: SheetCode) => {
    const stored = workspace ? findLayouts(workspace, code.formCode, code.layoutVersion, code.fingerprint)[0] : undefined;
    if (stored) return stored;
    catalogue ??= loadFormCatalogue(formDirs).forms.map((definition) => {
      const layout = layoutForm(definition);
      return { fingerprint: layout.fingerprint, formId: layout.formId, formCode: layout.formCode, version: layout.version, layout, definition };
    });
    return catalogue.find((s) => s.formCode === code.formCode && s.version === code.layoutVersion && shortFingerprint(s.fingerprint) === code.fingerprint);
  };
}

function summarise(reading: PageReading): Record<string, unknown> {
  if (reading.kind === 'unreadable') {
    return {
      outcome: 'unreadable', reason: reading.reason, message: reading.message, qrText: reading.qrText ?? null,
      sheet: reading.code ? { ...reading.code, id: humanSheetId(reading.code) } : null, metrics: reading.metrics,
    };
  }
  const t = reading.transform;
  return {
    outcome: reading.fields.some((f) => f.status === 'needs-review') ? 'needs-review' : 'accepted',
    qrText: reading.qrText, sheet: { ...reading.code, id: humanSheetId(reading.code) }, form: reading.stored.formId,
    registration: { marksFound: t.marksFound, residualMm: round(t.residualMm, 2), pxPerMm: round(t.scale, 2), weak: t.weak, marksPx: t.marksPx.map((p) => (p ? [round(p.x, 1), round(p.y, 1)] : null)) },
    fields: reading.fields.map((f) => ({ id: f.fieldId, kind: f.kind, status: f.status, value: f.value, ...(f.guess !== undefined ? { guess: f.guess } : {}), confidence: f.confidence, reasons: f.reasons, metrics: f.metrics })),
    metrics: reading.metrics,
  };
}

function report(json: boolean, summary: Record<string, unknown>): void {
  if (json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  const lines = [`${String(summary['file'])}${summary['page'] ? ` (page ${String(summary['page'])})` : ''}: ${String(summary['outcome'])}`];
  if (summary['reason']) lines.push(`  reason:   ${String(summary['reason'])} — ${String(summary['message'])}`);
  if (summary['qrText'] !== undefined) lines.push(`  QR text:  ${summary['qrText'] === null ? '(none found)' : JSON.stringify(summary['qrText'])}`);
  const sheet = summary['sheet'] as (SheetCode & { id: string }) | null | undefined;
  if (sheet) lines.push(`  sheet:    ${sheet.id}  form ${sheet.formCode} v${sheet.layoutVersion} (${sheet.fingerprint}), page ${sheet.page}/${sheet.pageCount}`);
  const registration = summary['registration'] as { marksFound: number; residualMm: number; pxPerMm: number; weak: boolean } | undefined;
  if (registration) lines.push(`  marks:    ${registration.marksFound}/4 found, residual ${registration.residualMm} mm, ${registration.pxPerMm} px/mm${registration.weak ? ' (weak: values go to review)' : ''}`);
  const fields = summary['fields'] as { id: string; status: string; value: unknown; confidence: number; reasons: string[] }[] | undefined;
  if (fields) {
    lines.push('  fields:');
    const width = Math.max(...fields.map((f) => f.id.length));
    for (const f of fields) {
      lines.push(`    ${f.id.padEnd(width)}  ${f.status.padEnd(12)} ${JSON.stringify(f.value).padEnd(24)} ${f.confidence.toFixed(2)}${f.reasons.length ? `  ${f.reasons.join(', ')}` : ''}`);
    }
  }
  const metrics = summary['metrics'] as Record<string, unknown> | undefined;
  if (metrics) lines.push(`  decoder:  ${String(metrics['qrDecoder'] ?? 'none')}, ${String(metrics['totalMs'])} ms`);
  if (metrics?.['bilevel'] === true) lines.push('  capture:  1-bit black and white: a light pencil tick may be gone from this image; scan in greyscale where you can');
  console.log(lines.join('\n'));
}

const STATUS_COLOURS: Record<FieldReading['status'], string> = { auto: '#1a9641', 'needs-review': '#f08a00', reviewed: '#2b83ba', empty: '#8c8c8c' };
const BOX_COLOURS: Record<string, string> = { marked: '#1a9641', empty: '#8c8c8c', marginal: '#f08a00', cancelled: '#d7191c', 'cancel-unclear': '#f08a00' };

/** The registered page with every box outlined by its state and each field's reading written beside it. */
function annotate(reading: PageReading, input: GrayImage): Sharp {
  if (reading.kind === 'unreadable') {
    const scale = Math.min(1, 1200 / Math.max(input.width, input.height));
    const width = Math.max(1, Math.round(input.width * scale));
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="60"><rect width="100%" height="60" fill="#d7191c" opacity="0.85"/>` +
      `<text x="8" y="24" font-family="DejaVu Sans, sans-serif" font-size="16" fill="white">${escapeXml(`unreadable: ${reading.reason}`)}</text>` +
      `<text x="8" y="46" font-family="DejaVu Sans, sans-serif" font-size="11" fill="white">${escapeXml(reading.message.slice(0, 150))}</text></svg>`;
    return sharp(Buffer.from(input.data), { raw: { width: input.width, height: input.height, channels: 1 } })
      .resize(width).toColourspace('srgb').composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).png();
  }
  const page = reading.pageImage;
  const s = PAGE_IMAGE_PX_PER_MM;
  const layout = reading.stored.layout;
  const parts: string[] = [];
  for (const field of reading.fields) {
    const fieldLayout = layout.fields.find((f) => f.id === field.fieldId);
    if (!fieldLayout) continue;
    const states = typeof field.metrics['states'] === 'string' ? field.metrics['states'].split(',') : [];
    fieldLayout.boxes.forEach((box, index) => {
      const colour = BOX_COLOURS[states[index] ?? ''] ?? STATUS_COLOURS[field.status];
      const shape = box.shape === 'circle'
        ? `<ellipse cx="${(box.xMm + box.wMm / 2) * s}" cy="${(box.yMm + box.hMm / 2) * s}" rx="${(box.wMm / 2) * s}" ry="${(box.hMm / 2) * s}"`
        : `<rect x="${box.xMm * s}" y="${box.yMm * s}" width="${box.wMm * s}" height="${box.hMm * s}"`;
      const filled = states[index] === 'marked' || states[index] === 'cancelled' || states[index] === 'marginal';
      parts.push(`${shape} fill="${colour}" fill-opacity="${filled ? 0.3 : 0}" stroke="${colour}" stroke-width="1.5"/>`);
    });
    const first = fieldLayout.boxes[0];
    if (!first) continue;
    const label = `${field.fieldId}: ${field.status}${field.value === null || (Array.isArray(field.value) && field.value.length === 0) ? '' : ` ${JSON.stringify(field.value)}`}`;
    parts.push(`<text x="${first.xMm * s}" y="${first.yMm * s - 2}" font-family="DejaVu Sans, sans-serif" font-size="8" fill="${STATUS_COLOURS[field.status]}">${escapeXml(label.slice(0, 80))}</text>`);
  }
  for (const mark of layout.marks) {
    parts.push(`<circle cx="${mark.xMm * s}" cy="${mark.yMm * s}" r="${(mark.sizeMm / 2 + 1) * s}" fill="none" stroke="#2b83ba" stroke-width="2"/>`);
  }
  const t = reading.transform;
  parts.push(`<text x="${30 * s}" y="${(layout.page.heightMm - 4) * s}" font-family="DejaVu Sans, sans-serif" font-size="10" fill="#2b83ba">` +
    `${escapeXml(`${humanSheetId(reading.code)} · marks ${t.marksFound}/4 · residual ${t.residualMm.toFixed(2)} mm · ${t.scale.toFixed(1)} px/mm`)}</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}" height="${page.height}">${parts.join('')}</svg>`;
  return sharp(Buffer.from(page.data), { raw: { width: page.width, height: page.height, channels: 1 } })
    .toColourspace('srgb').composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).png();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
