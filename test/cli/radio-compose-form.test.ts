/**
 * `radio compose --out`: the filled-in radio-message form is a real printed sheet of the workspace. Rasterised and
 * scanned back through the normal pipeline, it is identified as the radio-message form with its serial, its typed
 * boxes read as filled in, and its word grid cropped for transcription; once the grid is typed in review,
 * `radio receive --from-sheets` takes it as the same SITREP, with the station and message number from the form.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyFieldDecision, makeFormLookup } from '../../src/review/index.js';
import { findSheet, getCrop, getSheetField, listPrintRuns, openWorkspace } from '../../src/store/index.js';
import { runCli } from '../helpers/cli.js';
import { makeReportFixture } from '../helpers/report-fixture.js';

interface Composed { text: string; check: number; form: { file: string; serial: number; number: number } }

/** The printed page as an office flatbed would deliver it: 200 dpi, JPEG. */
async function scanOf(pdfFile: string): Promise<Buffer> {
  const doc = mupdf.Document.openDocument(readFileSync(pdfFile), 'application/pdf');
  expect(doc.countPages()).toBe(1);
  const pixmap = doc.loadPage(0).toPixmap(mupdf.Matrix.scale(200 / 72, 200 / 72), mupdf.ColorSpace.DeviceRGB, false, true);
  return sharp(Buffer.from(pixmap.asPNG())).jpeg({ quality: 88 }).toBuffer();
}

describe('paperlink radio compose --out', () => {
  it('prints the filled-in radio-message form, which scans back identified, read and grid-cropped, and is received as the same SITREP', async () => {
    const root = mkdtempSync(join(tmpdir(), 'paperlink-radio-form-'));
    const siteDir = join(root, 'site');
    makeReportFixture({ dir: siteDir }).tw.workspace.close();
    const out = join(root, 'msg.pdf');
    const run = runCli(['--workspace', siteDir, '--json', 'radio', 'compose', '--site', 'AMS01', '--at', '2026-03-14T23:59', '--out', out,
      '--precedence', 'PRIORITY', '--station', 'pa3xyz']);
    expect(run.code, run.stderr).toBe(0);
    const composed = JSON.parse(run.stdout) as Composed;
    expect(composed.text).toMatch(/^SITREP AMS01 1403 2359 /);
    expect(existsSync(out)).toBe(true);
    // The message number defaults to the sheet's serial: the site's first radio-message form is message 1, the next 2.
    expect(composed.form).toMatchObject({ serial: 1, number: 1 });
    const second = JSON.parse(runCli(['--workspace', siteDir, '--json', 'radio', 'compose', '--site', 'AMS01', '--at', '2026-03-14T23:59',
      '--out', join(root, 'msg2.pdf'), '--number', '12']).stdout) as Composed;
    expect(second.form).toMatchObject({ serial: 2, number: 12 });
    const refused = runCli(['--workspace', siteDir, 'radio', 'compose', '--site', 'AMS01', '--out', join(root, 'msg3.pdf'), '--precedence', 'URGENT']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ROUTINE');
    const noForm = runCli(['--workspace', siteDir, 'radio', 'compose', '--site', 'AMS01', '--station', 'PA3XYZ']);
    expect(noForm.code).toBe(1);
    expect(noForm.stderr).toContain('--out');

    const workspace = () => openWorkspace(siteDir, { create: false });
    let ws = workspace();
    const runs = listPrintRuns(ws).filter((printed) => printed.formId === 'radio-message');
    expect(runs.map((printed) => [printed.site, printed.serialFrom, printed.serialTo, printed.outputFile])).toEqual([['AMS01', 1, 1, out], ['AMS01', 2, 2, join(root, 'msg2.pdf')]]);
    ws.close();

    const jpeg = join(root, 'msg.jpg');
    writeFileSync(jpeg, await scanOf(out));
    const scanned = runCli(['--workspace', siteDir, 'scan', jpeg, '--workers', '0']);
    expect(scanned.code, scanned.stderr).toBe(0);
    expect(scanned.stdout).toContain('AMS01-000001');

    ws = workspace();
    try {
      const sheet = findSheet(ws, 'radio-message', 'AMS01', 1);
      expect(sheet, 'the page is identified as radio-message AMS01 serial 1').toBeDefined();
      expect(sheet!.fingerprint).toBe(runs[0]!.fingerprint);
      const field = (id: string) => getSheetField(ws, sheet!.id, id)!;
      // What the filled-in boxes say, read by the scanner as a neat pen's would be: marks, and digits with no doubt.
      expect(field('precedence')).toMatchObject({ value: 'priority', status: 'auto' });
      expect(field('category')).toMatchObject({ value: 'sitrep', status: 'auto' });
      expect(field('msg_no')).toMatchObject({ value: '1', status: 'auto' });
      expect(field('check')).toMatchObject({ value: String(composed.check), status: 'auto' });
      expect(field('filed_date')).toMatchObject({ value: '140326', status: 'auto' });
      expect(field('filed_time')).toMatchObject({ value: '2359', status: 'auto' });
      // The word grid waits for a person, with its crop stored for the transcription.
      const grid = field('text');
      expect(grid).toMatchObject({ status: 'needs-review', value: null, reasons: ['text-to-transcribe'] });
      const crop = getCrop(ws, grid.captureId!, 'text');
      expect(crop).toBeDefined();
      const cropSize = await sharp(crop!).metadata();
      // The 5 × 5 grid is 87.5 × 45 mm: at 200 dpi its crop is about 690 × 355 px (with the reader's margin).
      expect(cropSize.width!).toBeGreaterThan(600);
      expect(cropSize.height!).toBeGreaterThan(300);

      // Review: the grid and the origin station typed from their crops, as a person does on the review page.
      const forms = makeFormLookup(ws);
      const transcribe = (fieldId: string, value: string) =>
        expect(applyFieldDecision(ws, forms, { reviewer: 'Operator', sheetId: sheet!.id, fieldId, decision: { action: 'set', value } })).toMatchObject({ ok: true });
      transcribe('text', composed.text);
      transcribe('stn_origin', 'PA3XYZ');
    } finally {
      ws.close();
    }

    const received = runCli(['--workspace', siteDir, '--json', 'radio', 'receive', '--from-sheets']);
    expect(received.code, received.stderr).toBe(0);
    // The fixture's own radio-message sheets (no grid transcribed) wait; the composed form is taken.
    const receptions = JSON.parse(received.stdout) as { site: string; serial: number; outcome: string }[];
    expect(receptions.filter((reception) => reception.outcome !== 'waiting')).toEqual([expect.objectContaining({ site: 'AMS01', serial: 1, outcome: 'taken' })]);
    const listed = JSON.parse(runCli(['--workspace', siteDir, '--json', 'radio', 'list']).stdout) as { text: string; station: string; messageNo: string }[];
    expect(listed).toEqual([expect.objectContaining({ text: composed.text, station: 'PA3XYZ', messageNo: '1' })]);
  }, 120_000);
});
