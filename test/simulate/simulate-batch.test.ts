import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PaperlinkError, layoutForm, leafFields, parseForm, type FormDefinition } from '../../src/model/index.js';
import { renderSheetsPdf } from '../../src/print/index.js';
import { sheetCodesForSimulation, simulateBatch, simulateForm, type SimulateFormRequest } from '../../src/simulate/index.js';

function loadIntake(): FormDefinition {
  const parsed = parseForm(JSON.parse(readFileSync(new URL('../../forms/intake/v1.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.definition;
}
const definition = loadIntake();
const render: SimulateFormRequest['renderPdf'] = (codes, layout) => renderSheetsPdf(layout, codes, new Date(Date.UTC(2025, 0, 1)));
const outDir = (): string => mkdtempSync(join(tmpdir(), 'paperlink-sim-'));

/** One page only (page 1 of one sheet): enough for byte-level properties and fast. */
async function onePage(profile: 'scan-200-bw' | 'fax-200' | 'scan-300', seed: number, dir: string) {
  const layout = layoutForm(definition);
  const codes = sheetCodesForSimulation(layout, 'TST01', 1, 1).slice(0, 1);
  return simulateBatch({ definition, layout, codes, pdf: await render(codes, layout), profile, seed, outDir: dir, format: 'png' });
}

describe('simulateBatch', () => {
  it('writes byte-identical images and truth for the same seed, different ones for another seed', async () => {
    const [a, b, c] = [outDir(), outDir(), outDir()];
    await onePage('fax-200', 5, a);
    await onePage('fax-200', 5, b);
    await onePage('fax-200', 6, c);
    const files = readdirSync(a).sort();
    expect(files).toEqual(['TST01-000001-p1.png', 'truth.json']);
    for (const file of files) expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file))), file).toBe(true);
    expect(readFileSync(join(c, 'TST01-000001-p1.png')).equals(readFileSync(join(a, 'TST01-000001-p1.png')))).toBe(false);
  });

  it('records every leaf field of the page, the sheet code and the sampled camera in truth.json', async () => {
    const dir = outDir();
    const result = await onePage('scan-200-bw', 9, dir);
    const truth = JSON.parse(readFileSync(result.truthFile, 'utf8'));
    expect(truth).toMatchObject({ form: 'intake', profile: 'scan-200-bw', seed: 9 });
    const image = truth.images[0];
    expect(image).toMatchObject({ file: 'TST01-000001-p1.png', page: 0, sheet: { form: 'intake', site: 'TST01', serial: 1, page: 1, pageCount: 2 } });
    const layout = layoutForm(definition);
    const pageOne = new Set(layout.fields.filter((f) => f.page === 1).map((f) => f.id));
    expect(Object.keys(image.fields).sort()).toEqual(leafFields(definition).map((l) => l.id).filter((id) => pageOne.has(id)).sort());
    expect(Math.abs(image.camera.skewDeg)).toBeLessThanOrEqual(1.5);
    const meta = await sharp(join(dir, image.file)).metadata();
    expect([meta.width, meta.height]).toEqual([image.camera.widthPx, image.camera.heightPx]);
  });

  it('writes one multi-page PDF or TIFF with one page per simulated page', async () => {
    for (const as of ['pdf', 'tiff'] as const) {
      const dir = outDir();
      const result = await simulateForm({ definition, site: 'TST01', serialFrom: 1, count: 1, profile: 'scan-200-bw', seed: 2, outDir: dir, as, renderPdf: render });
      expect(result.files).toHaveLength(1);
      const file = result.files[0]!;
      if (as === 'pdf') expect(mupdf.Document.openDocument(readFileSync(file), 'application/pdf').countPages()).toBe(2);
      else expect((await sharp(file, { pages: -1 }).metadata()).pages).toBe(2);
      expect(result.truth.images.map((image) => image.page)).toEqual([0, 1]);
    }
  });

  it('refuses an unknown profile with a hint', async () => {
    await expect(simulateForm({ definition, site: 'TST01', serialFrom: 1, count: 1, profile: 'polaroid' as never, seed: 1, outDir: outDir(), renderPdf: render }))
      .rejects.toThrow(PaperlinkError);
  });
});
