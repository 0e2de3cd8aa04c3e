import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { type FormLayout, type GrayImage, type SheetCode } from '../../src/model/index.js';
import { identifyStoredPage, ingestFiles } from '../../src/scan/index.js';
import { findSheet, getInput, getSheetField, listCapturesOfPage, listInputs, type Workspace } from '../../src/store/index.js';
import { codesOf, fillBoxes, printedWorkspace, renderPages, tempDir, toJpeg, writeInputs } from '../helpers/scan-inputs.js';

/** Scanner resolution: the stored copy of an unreadable page is downscaled from this, as in the field. */
const DPI = 300;
let layout: FormLayout;
let codes: SheetCode[];
let pages: GrayImage[];

beforeAll(async () => {
  const dir = tempDir();
  layout = (await printedWorkspace(dir, { site: 'AMS01', from: 1, to: 2 })).layout;
  codes = codesOf(layout, 'AMS01', 1, 2);
  pages = await renderPages(layout, codes, DPI);
});

/** The QR torn off: its area (with the quiet zone) white; the registration marks and the printed id stay. */
function tearQr(image: GrayImage): GrayImage {
  const copy: GrayImage = { width: image.width, height: image.height, data: new Uint8Array(image.data) };
  const pxPerMm = DPI / 25.4;
  const { xMm, yMm, sizeMm, quietMm } = layout.qr;
  const x0 = Math.floor((xMm - quietMm / 2) * pxPerMm);
  const x1 = Math.ceil((xMm + sizeMm + quietMm / 2) * pxPerMm);
  const y0 = Math.floor((yMm - quietMm / 2) * pxPerMm);
  const y1 = Math.ceil((yMm + sizeMm + quietMm / 2) * pxPerMm);
  for (let y = Math.max(0, y0); y < Math.min(copy.height, y1); y++) copy.data.fill(255, y * copy.width + Math.max(0, x0), y * copy.width + Math.min(copy.width, x1));
  return copy;
}

async function workspaceWith(files: Record<string, Buffer>): Promise<Workspace> {
  const dir = tempDir();
  const { workspace } = await printedWorkspace(dir, { site: 'AMS01', from: 1, to: 2 });
  await ingestFiles(workspace, [writeInputs(join(dir, 'in'), files)], { workers: 0 });
  return workspace;
}

describe('identifyStoredPage', () => {
  it('reads a page with a destroyed QR once a person names it, and its fields join the sheet like any read page', async () => {
    const filled = fillBoxes(pages[0]!, layout, 1, { visit: ['returning'], vuln: ['pregnant', 'walking'] }, DPI);
    const workspace = await workspaceWith({ 'torn.jpg': await toJpeg(tearQr(filled)) });
    const [input] = listInputs(workspace);
    expect(input).toMatchObject({ outcome: 'unreadable', reason: 'no-qr', sheetId: null });

    const result = await identifyStoredPage(workspace, input!.id, codes[0]!);
    expect(result).toMatchObject({ ok: true, outcome: expect.stringMatching(/^(accepted|needs-review)$/) });
    const sheet = findSheet(workspace, 'intake', 'AMS01', 1)!;
    expect(getSheetField(workspace, sheet.id, 'vuln')).toMatchObject({ value: ['pregnant', 'walking'], status: 'auto' });
    expect(getSheetField(workspace, sheet.id, 'visit')).toMatchObject({ value: 'returning' });
    expect(listCapturesOfPage(workspace, sheet.id, 1).map((capture) => capture.inputId)).toEqual([input!.id]);
    // The same input row now carries the read outcome: counts and exports see one read page, not an unreadable one.
    expect(getInput(workspace, input!.id)).toMatchObject({ outcome: result.ok ? result.outcome : '', sheetId: sheet.id, pageNo: 1, file: input!.file });
    expect(getInput(workspace, input!.id)!.message).toContain('Identified by hand as AMS01-000001-1-');

    expect(await identifyStoredPage(workspace, input!.id, codes[0]!)).toEqual({ ok: false, message: 'This page is not waiting to be identified.' });
  });

  it('finds the page the right way up from its printed boxes when the torn page was also scanned upside down', async () => {
    const torn = tearQr(fillBoxes(pages[0]!, layout, 1, { vuln: ['walking'], meds: ['short'] }, DPI));
    const upsideDown: GrayImage = { ...torn, data: new Uint8Array(torn.data).reverse() };
    const workspace = await workspaceWith({ 'upside-down.jpg': await toJpeg(upsideDown) });
    const [input] = listInputs(workspace);
    expect(await identifyStoredPage(workspace, input!.id, codes[0]!)).toMatchObject({ ok: true });
    const sheet = findSheet(workspace, 'intake', 'AMS01', 1)!;
    expect(getSheetField(workspace, sheet.id, 'vuln')).toMatchObject({ value: ['walking'] });
    expect(getSheetField(workspace, sheet.id, 'meds')).toMatchObject({ value: ['short'] });
  });

  it('makes a duplicate when the named sheet page was already read from another image with the same values', async () => {
    const filled = fillBoxes(pages[2]!, layout, 1, { visit: ['first'] }, DPI);
    const workspace = await workspaceWith({ 'a-clean.jpg': await toJpeg(filled), 'b-torn.jpg': await toJpeg(tearQr(filled)) });
    const torn = listInputs(workspace).find((input) => input.file.endsWith('b-torn.jpg'))!;
    expect(torn.outcome).toBe('unreadable');
    const result = await identifyStoredPage(workspace, torn.id, codes[2]!);
    expect(result).toMatchObject({ ok: true, outcome: 'duplicate' });
    const sheet = findSheet(workspace, 'intake', 'AMS01', 2)!;
    expect(listCapturesOfPage(workspace, sheet.id, 1)).toHaveLength(1);
    expect(getInput(workspace, torn.id)).toMatchObject({ outcome: 'duplicate', sheetId: sheet.id });
  });

  it('says why, and changes nothing, when the page cannot be read as the keyed-in sheet', async () => {
    const workspace = await workspaceWith({ 'torn.jpg': await toJpeg(tearQr(pages[0]!)) });
    const [input] = listInputs(workspace);
    const unknownForm: SheetCode = { ...codes[0]!, formCode: 'ZZ' };
    const result = await identifyStoredPage(workspace, input!.id, unknownForm);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('no printed layout') });
    expect(getInput(workspace, input!.id)).toMatchObject({ outcome: 'unreadable', sheetId: null });
  });
});
