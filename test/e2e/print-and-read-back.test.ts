/**
 * Printing end to end: print sheets into a workspace, rasterise the PDF (mupdf, offline), decode every QR back to
 * its serial, and find each registration mark within 0.5 mm of its layout position. Also: the PDF is reproducible.
 */
import * as mupdf from 'mupdf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSheetCode, type FormLayout } from '../../src/model/index.js';
import { printSheets, renderSheetsPdf, sheetCodesFor } from '../../src/print/index.js';
import { listPrintRuns, openWorkspace } from '../../src/store/index.js';
import { loadShippedForm, shippedFormFiles } from '../helpers/forms.js';
import { decodeQrTexts } from '../helpers/qr.js';

const DPI = 150;
const pxPerMm = DPI / 25.4;

/** Centroid of dark pixels in a window around the expected mark centre (the test's own, independent finder). */
function markCentreMm(pix: mupdf.Pixmap, expected: { xMm: number; yMm: number }, windowMm: number): { xMm: number; yMm: number } {
  const pixels = pix.getPixels();
  const width = pix.getWidth();
  const n = pix.getNumberOfComponents() + (pix.getAlpha() ? 1 : 0);
  let sx = 0; let sy = 0; let count = 0;
  const x0 = Math.round((expected.xMm - windowMm) * pxPerMm); const x1 = Math.round((expected.xMm + windowMm) * pxPerMm);
  const y0 = Math.round((expected.yMm - windowMm) * pxPerMm); const y1 = Math.round((expected.yMm + windowMm) * pxPerMm);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) {
    const v = pixels[(y * width + x) * n] ?? 255;
    const ink = (255 - v) / 255;
    sx += (x + 0.5) * ink; sy += (y + 0.5) * ink; count += ink;
  }
  return { xMm: sx / count / pxPerMm, yMm: sy / count / pxPerMm };
}

describe('print → rasterise → read back', () => {
  it('decodes every page QR to its serial and finds every registration mark within 0.5 mm (all shipped forms)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperlink-print-'));
    const workspace = openWorkspace(join(dir, 'ws'));
    try {
      // Every shipped version (an older one is still printed by sites with stock), each on its own serials.
      const serialsOf = (version: number): [number, number] => [41 + 100 * (version - 1), 42 + 100 * (version - 1)];
      for (const { id, version } of shippedFormFiles()) {
        const definition = loadShippedForm(id, version);
        const [serialFrom, serialTo] = serialsOf(version);
        const result = await printSheets(workspace, { definition, site: 'AMS01', serialFrom, serialTo, outFile: join(dir, `${id}-v${version}.pdf`) });
        const layout: FormLayout = result.layout;
        const doc = mupdf.Document.openDocument(readFileSync(result.file), 'application/pdf');
        expect(doc.countPages()).toBe(2 * layout.pageCount);
        const seen: string[] = [];
        for (let index = 0; index < doc.countPages(); index++) {
          const pix = doc.loadPage(index).toPixmap(mupdf.Matrix.scale(DPI / 72, DPI / 72), mupdf.ColorSpace.DeviceGray, false, true);
          const codes = await decodeQrTexts(pix.asPNG());
          expect(codes, `${id} page ${index}`).toHaveLength(1);
          const parsed = parseSheetCode(codes[0]!.text);
          if (!parsed.ok) throw new Error(parsed.message);
          seen.push(`${parsed.code.formCode}:${parsed.code.serial}:${parsed.code.page}/${parsed.code.pageCount}`);
          expect(parsed.code.site).toBe('AMS01');
          for (const mark of layout.marks) {
            const found = markCentreMm(pix, mark, mark.sizeMm / 2 + 2);
            expect(Math.hypot(found.xMm - mark.xMm, found.yMm - mark.yMm), `${id} mark at ${mark.xMm},${mark.yMm}`).toBeLessThan(0.5);
          }
        }
        const expected = [serialFrom, serialTo].flatMap((serial) => Array.from({ length: layout.pageCount }, (_, p) => `${layout.formCode}:${serial}:${p + 1}/${layout.pageCount}`));
        expect(seen).toEqual(expected);
      }
      expect(listPrintRuns(workspace).map((run) => `${run.formId}:${run.serialFrom}-${run.serialTo}`)).toEqual(
        shippedFormFiles().map(({ id, version }) => `${id}:${serialsOf(version).join('-')}`));
    } finally {
      workspace.close();
    }
  });

  it('produces byte-identical PDFs for the same sheets and creation date', async () => {
    const definition = loadShippedForm('intake');
    const { layoutForm } = await import('../../src/model/index.js');
    const layout = layoutForm(definition);
    const codes = sheetCodesFor(layout, 'AMS01', 1, 2);
    const date = new Date('2026-01-01T00:00:00Z');
    const a = await renderSheetsPdf(layout, codes, date);
    const b = await renderSheetsPdf(layout, codes, date);
    expect(a.equals(b)).toBe(true);
    expect(a.length / (codes.length * 1024)).toBeLessThan(25);
  });

  it('prints the labels in every asked language, Cyrillic included, with the embedded font', async () => {
    const { layoutForm } = await import('../../src/model/index.js');
    const layout = layoutForm(loadShippedForm('intake'), { languages: ['nl', 'en', 'uk'] });
    const pdf = await renderSheetsPdf(layout, sheetCodesFor(layout, 'AMS01', 7, 7), new Date(0));
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
    const text = doc.loadPage(0).toStructuredText('preserve-whitespace').asText();
    expect(text).toContain('позначити');
    expect(text.replace(/\s+/g, ' ')).toContain('Hulpvraag & huishouden / Needs & household');
    expect(text).toContain('AMS01-000007-1-');
  });
});
