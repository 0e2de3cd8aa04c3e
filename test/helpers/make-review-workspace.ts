/**
 * Builds review workspaces without the scanner: real printed layouts (saveLayout + recordPrintRun), then sheets,
 * captures with a rendered page image, crops that show the "handwriting", field readings and sheet_fields rows.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import * as mupdf from 'mupdf';
import {
  encodeSheetCode, layoutForm, parseForm, type FieldValue, type FormDefinition, type FormLayout, type ReviewReason, type SheetCode,
} from '../../src/model/index.js';
import { insertedId, openWorkspace, recordPrintRun, saveLayout, nowIso, type Workspace } from '../../src/store/index.js';
import { renderSheetsPdf, sheetCodesFor } from '../../src/print/index.js';

export const SMALL_FORM_JSON = {
  id: 'test_small', code: 'TSM', version: 1, title: { nl: 'Testformulier', en: 'Test form' }, orientation: 'portrait', columns: 1, markMode: 'tick',
  sections: [{
    id: 'main', title: { nl: 'Gegevens', en: 'Details' }, fields: [
      { id: 'n_total', kind: 'digits', preset: 'count', label: { nl: 'Aantal personen', en: 'People in total' }, required: true },
      { id: 'urgency', kind: 'choice', label: { nl: 'Urgentie', en: 'Urgency' }, required: true, privacy: 'personal', options: [
        { value: 'now', label: { nl: 'Nu', en: 'Now' }, lifeSafety: true },
        { value: 'h24', label: { nl: 'Binnen 24 uur', en: 'Within 24 h' } },
        { value: 'can_wait', label: { nl: 'Kan wachten', en: 'Can wait' } }] },
      { id: 'needs', kind: 'checkbox', label: { nl: 'Behoeften', en: 'Needs' }, required: true, options: [
        { value: 'water', label: { nl: 'Water', en: 'Water' } }, { value: 'food', label: { nl: 'Voedsel', en: 'Food' } },
        { value: 'warmth', label: { nl: 'Warmte', en: 'Warmth' } }, { value: 'medical', label: { nl: 'Medisch', en: 'Medical' } }] },
      { id: 'remarks', kind: 'text', lines: 2, label: { nl: 'Opmerkingen', en: 'Remarks' }, required: false, privacy: 'personal' },
      { id: 'rfl_message', kind: 'text', lines: 2, label: { nl: 'Bericht aan familie', en: 'Message to family' }, required: false, privacy: 'rfl' },
    ],
  }],
  checks: [],
};

export function smallForm(): FormDefinition {
  const parsed = parseForm(SMALL_FORM_JSON);
  if (!parsed.ok) throw new Error(`test form invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.definition;
}

/** The package folder, found from this file whether it runs from source (vitest) or from dist/ (bench). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package root not found');
    dir = parent;
  }
  return dir;
}

export function intakeForm(): FormDefinition {
  const parsed = parseForm(JSON.parse(readFileSync(join(packageRoot(), 'forms', 'intake', 'v1.json'), 'utf8')));
  if (!parsed.ok) throw new Error('intake form invalid');
  return parsed.definition;
}

export interface ReviewWorkspace {
  readonly dir: string;
  readonly workspace: Workspace;
  readonly small: FormLayout;
  readonly intake: FormLayout;
  close(): void;
}

/** A fresh workspace with test-small printed for UTR02 serials 1-200 and intake for AMS01 serials 1-200. */
export function makeReviewWorkspace(): ReviewWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'paperlink-review-'));
  const workspace = openWorkspace(dir);
  const printed = (definition: FormDefinition, site: string): FormLayout => {
    const layout = layoutForm(definition, { paper: 'a4', languages: ['nl', 'en'] });
    saveLayout(workspace, layout, definition);
    recordPrintRun(workspace, { formId: definition.id, fingerprint: layout.fingerprint, site, serialFrom: 1, serialTo: 200,
      languages: ['nl', 'en'], paper: 'a4', reprint: false, outputFile: null });
    return layout;
  };
  const small = printed(smallForm(), 'UTR02');
  const intake = printed(intakeForm(), 'AMS01');
  return { dir, workspace, small, intake, close: () => { workspace.close(); rmSync(dir, { recursive: true, force: true }); } };
}

const pageImages = new Map<string, Buffer>();

/** The printed page rendered at a low resolution as JPEG (what a capture's registered page image looks like). */
export async function pageJpeg(layout: FormLayout, code: SheetCode): Promise<Buffer> {
  const key = `${layout.fingerprint}:${code.site}:${code.serial}:${code.page}`;
  const cached = pageImages.get(key);
  if (cached) return cached;
  const pdf = await renderSheetsPdf(layout, [code], new Date('2024-01-01T00:00:00Z'));
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const dpi = 60;
  const pixmap = doc.loadPage(0).toPixmap(mupdf.Matrix.scale(dpi / 72, dpi / 72), mupdf.ColorSpace.DeviceGray, false, true);
  const jpeg = await sharp(Buffer.from(pixmap.asPNG())).jpeg({ quality: 70 }).toBuffer();
  pageImages.set(key, jpeg);
  return jpeg;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] ?? char);
}

/** A crop that shows what was "written": pale paper, boxes, and the text in a handwriting-like slant. */
export async function cropPng(written: string, widthPx = 360, heightPx = 70): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}">
    <rect width="100%" height="100%" fill="#f7f5ef"/><rect x="4" y="4" width="${widthPx - 8}" height="${heightPx - 8}" fill="none" stroke="#888" stroke-width="2"/>
    <text x="16" y="${Math.round(heightPx * 0.68)}" font-family="DejaVu Sans" font-style="italic" font-size="${Math.round(heightPx * 0.5)}" fill="#1a2a6c">${escapeXml(written)}</text></svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 3 }).toBuffer();
}

let inputCounter = 0;

function insertInput(workspace: Workspace, outcome: string, extra: { batchId?: number | null; reason?: string; message?: string; image?: Buffer; sheetId?: number; pageNo?: number; qrText?: string } = {}): number {
  inputCounter += 1;
  const sha = createHash('sha256').update(`${Date.now()}-${inputCounter}-${Math.random()}`).digest('hex');
  return insertedId(workspace.db.prepare(`INSERT INTO inputs (sha256, page_index, file, batch_id, outcome, reason, message, sheet_id, page_no, image, qr_text, created_at)
    VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), sha, `scan-${inputCounter}.jpg`, extra.batchId ?? null, outcome, extra.reason ?? null,
    extra.message ?? null, extra.sheetId ?? null, extra.pageNo ?? null, extra.image ?? null, extra.qrText ?? null, nowIso());
}

export function addBatch(workspace: Workspace, name: string): number {
  return insertedId(workspace.db.prepare('INSERT INTO batches (name, created_at) VALUES (?, ?) RETURNING id'), name, nowIso());
}

export interface AddedSheet { readonly sheetId: number; readonly captureIds: readonly number[] }

/** One sheet of `layout` with one accepted capture per page (page images rendered from the real print). */
export async function addSheet(workspace: Workspace, layout: FormLayout, site: string, serial: number,
  options: { batchId?: number; outcome?: 'accepted' | 'needs-review'; withPageImage?: boolean } = {}): Promise<AddedSheet> {
  const sheetId = insertedId(workspace.db.prepare(`INSERT INTO sheets (form_id, fingerprint, site, serial, page_count, first_seen) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
    layout.formId, layout.fingerprint, site, serial, layout.pageCount, nowIso());
  const captureIds: number[] = [];
  for (const code of sheetCodesFor(layout, site, serial, serial)) {
    captureIds.push(await addCapture(workspace, layout, sheetId, code, options.outcome ?? 'needs-review', options));
  }
  return { sheetId, captureIds };
}

export async function addCapture(workspace: Workspace, layout: FormLayout, sheetId: number, code: SheetCode, outcome: string,
  options: { batchId?: number; withPageImage?: boolean } = {}): Promise<number> {
  const inputId = insertInput(workspace, outcome, { batchId: options.batchId ?? null, sheetId, pageNo: code.page });
  const image = options.withPageImage === false ? null : await pageJpeg(layout, code);
  return insertedId(workspace.db.prepare(`INSERT INTO captures (input_id, sheet_id, page_no, transform_json, residual_mm, metrics_json, page_image, created_at)
    VALUES (?, ?, ?, '[]', 0.2, '{}', ?, ?) RETURNING id`), inputId, sheetId, code.page, image, nowIso());
}

export interface FieldSpec {
  readonly fieldId: string;
  readonly pageNo?: number;
  readonly value: FieldValue;
  readonly guess?: FieldValue;
  readonly status: 'auto' | 'needs-review' | 'reviewed' | 'empty';
  readonly reasons?: readonly ReviewReason[];
  readonly confidence?: number;
  /** What the crop shows (defaults to the value or guess as text). */
  readonly written?: string;
}

function shown(value: FieldValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(' ✓ ');
  return String(value);
}

/** The machine reading of one field on one capture (field_readings + crop). */
export async function addReading(workspace: Workspace, captureId: number, spec: FieldSpec): Promise<void> {
  workspace.db.prepare(`INSERT INTO field_readings (capture_id, field_id, value_json, guess_json, status, confidence, reasons_json, metrics_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, '{}')`).run(captureId, spec.fieldId, JSON.stringify(spec.value), spec.guess === undefined ? null : JSON.stringify(spec.guess),
    spec.status, spec.confidence ?? 0.5, JSON.stringify(spec.reasons ?? []));
  workspace.db.prepare('INSERT INTO crops (capture_id, field_id, png) VALUES (?, ?, ?)')
    .run(captureId, spec.fieldId, await cropPng(spec.written ?? (shown(spec.guess) || shown(spec.value) || '~~~')));
}

/** Reading + current value (sheet_fields) of one field, as the scanner stores an accepted or needs-review page. */
export async function addField(workspace: Workspace, sheet: AddedSheet, spec: FieldSpec): Promise<void> {
  const pageNo = spec.pageNo ?? 1;
  const captureId = sheet.captureIds[pageNo - 1];
  if (captureId === undefined) throw new Error(`no capture for page ${pageNo}`);
  await addReading(workspace, captureId, spec);
  workspace.db.prepare(`INSERT INTO sheet_fields (sheet_id, field_id, page_no, capture_id, value_json, guess_json, status, confidence, reasons_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(sheet.sheetId, spec.fieldId, pageNo, captureId, JSON.stringify(spec.value),
    spec.guess === undefined ? null : JSON.stringify(spec.guess), spec.status, spec.confidence ?? 0.5, JSON.stringify(spec.reasons ?? []));
}

/** A second capture of a sheet page (input outcome 'conflict') whose reading of `fieldId` differs. */
export async function addConflictCapture(workspace: Workspace, layout: FormLayout, sheet: AddedSheet, site: string, serial: number,
  reading: FieldSpec): Promise<number> {
  const pageNo = reading.pageNo ?? 1;
  const code = sheetCodesFor(layout, site, serial, serial)[pageNo - 1];
  if (!code) throw new Error('no such page');
  const captureId = await addCapture(workspace, layout, sheet.sheetId, code, 'conflict');
  await addReading(workspace, captureId, reading);
  return captureId;
}

/** An unreadable input page (no QR found) with its stored JPEG. */
export async function addUnreadablePage(workspace: Workspace, layout: FormLayout, site: string, serial: number, page = 1,
  options: { batchId?: number; refusedAfterQr?: boolean } = {}): Promise<number> {
  const code = sheetCodesFor(layout, site, serial, serial)[page - 1];
  if (!code) throw new Error('no such page');
  // Refused after its QR was read (a curled page): the scanner keeps the QR text.
  const cause = options.refusedAfterQr
    ? { reason: 'registration-failed', message: 'The printed boxes are not where the registration marks put them.', qrText: encodeSheetCode(code) }
    : { reason: 'no-qr', message: 'No QR code was found on this page.' };
  return insertInput(workspace, 'unreadable', { ...cause, image: await pageJpeg(layout, code),
    ...(options.batchId !== undefined ? { batchId: options.batchId } : {}) });
}

/** Current value and status of a sheet field. */
export function storedField(workspace: Workspace, sheetId: number, fieldId: string): { value: FieldValue; status: string } {
  const row = workspace.db.prepare('SELECT value_json, status FROM sheet_fields WHERE sheet_id = ? AND field_id = ?').get(sheetId, fieldId) as
    { value_json: string; status: string } | undefined;
  if (!row) throw new Error(`no sheet field ${sheetId}/${fieldId}`);
  return { value: JSON.parse(row.value_json) as FieldValue, status: row.status };
}

/**
 * A fake of the scanner's ingest for identifyPage: records the call, then stores the page as read (a sheet, a capture,
 * and the fields given, so a read page shows up in review like any other).
 */
export function fakeIdentifyPage(workspace: Workspace, layouts: readonly FormLayout[], fieldsOfReadPage: readonly FieldSpec[]) {
  const calls: { inputId: number; code: SheetCode }[] = [];
  const identifyPage = async (inputId: number, code: SheetCode): Promise<{ ok: true } | { ok: false; message: string }> => {
    calls.push({ inputId, code });
    const layout = layouts.find((item) => item.formCode === code.formCode && item.fingerprint.startsWith(code.fingerprint));
    if (!layout) return { ok: false, message: 'unknown layout' };
    const existing = workspace.db.prepare('SELECT id FROM sheets WHERE form_id = ? AND site = ? AND serial = ?').get(layout.formId, code.site, code.serial) as { id: number } | undefined;
    const sheetId = existing?.id ?? insertedId(workspace.db.prepare(`INSERT INTO sheets (form_id, fingerprint, site, serial, page_count, first_seen) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
      layout.formId, layout.fingerprint, code.site, code.serial, layout.pageCount, nowIso());
    const captureId = insertedId(workspace.db.prepare(`INSERT INTO captures (input_id, sheet_id, page_no, transform_json, residual_mm, metrics_json, page_image, created_at)
      VALUES (?, ?, ?, '[]', 0.3, '{}', (SELECT image FROM inputs WHERE id = ?), ?) RETURNING id`), inputId, sheetId, code.page, inputId, nowIso());
    for (const spec of fieldsOfReadPage) {
      await addReading(workspace, captureId, spec);
      workspace.db.prepare(`INSERT INTO sheet_fields (sheet_id, field_id, page_no, capture_id, value_json, guess_json, status, confidence, reasons_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(sheetId, spec.fieldId, code.page, captureId, JSON.stringify(spec.value),
        spec.guess === undefined ? null : JSON.stringify(spec.guess), spec.status, spec.confidence ?? 0.5, JSON.stringify(spec.reasons ?? []));
    }
    return { ok: true };
  };
  return { calls, identifyPage };
}
