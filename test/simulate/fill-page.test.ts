import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { layoutForm, parseForm, type FormDefinition, type Rect } from '../../src/model/index.js';
import { renderSheetsPdf } from '../../src/print/index.js';
import { createRng, fillBatchValues, INKS, mnistDigitSource, sheetCodesForSimulation } from '../../src/simulate/index.js';
import { fillPage } from '../../src/simulate/fill-page.js';
import { rasterise } from '../../src/simulate/simulate-batch.js';
import type { InkCanvas } from '../../src/simulate/pen-marks.js';

function loadIntake(): FormDefinition {
  const parsed = parseForm(JSON.parse(readFileSync(new URL('../../forms/intake/v1.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.definition;
}

/** Share of pixels inside the rect (inset by insetMm) whose colour the pen changed, compared with the printed page. */
function changedShare(printed: InkCanvas, filled: InkCanvas, rect: Rect, insetMm: number): number {
  const p = printed.pxPerMm;
  const x0 = Math.ceil((rect.xMm + insetMm) * p), x1 = Math.floor((rect.xMm + rect.wMm - insetMm) * p);
  const y0 = Math.ceil((rect.yMm + insetMm) * p), y1 = Math.floor((rect.yMm + rect.hMm - insetMm) * p);
  let changed = 0, total = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * printed.width + x) * 3;
      const before = printed.data[i]! + printed.data[i + 1]! + printed.data[i + 2]!;
      const after = filled.data[i]! + filled.data[i + 1]! + filled.data[i + 2]!;
      if (before - after > 60) changed++;
      total++;
    }
  }
  return total === 0 ? 0 : changed / total;
}

describe('fillPage', () => {
  it('puts ink exactly in the boxes the truth calls marked, before any camera step', async () => {
    const definition = loadIntake();
    const layout = layoutForm(definition);
    const sheetCount = 4;
    const codes = sheetCodesForSimulation(layout, 'TST01', 1, sheetCount);
    const document = mupdf.Document.openDocument(await renderSheetsPdf(layout, codes), 'application/pdf');
    const values = fillBatchValues(definition, sheetCount, createRng(11));
    const digitSource = mnistDigitSource();
    const dpi = 150;
    let markedBoxes = 0, emptyBoxes = 0, cancelled = 0;
    codes.forEach((code, index) => {
      const printed = rasterise(document, index, dpi);
      const filled = { ...printed, data: printed.data.slice() };
      const truth = fillPage(filled, layout, definition, code.page, values[code.serial - 1]!, createRng(100 + index), { digitSource, ink: INKS.blue });
      for (const field of layout.fields.filter((f) => f.page === code.page)) {
        const value = truth.fields[field.id];
        expect(value, field.id).not.toBeUndefined();
        const styles = new Map((truth.marks[field.id] ?? []).map((mark) => [mark.value, mark.style]));
        for (const box of field.boxes) {
          // Inside the printed border: 0.6 mm in keeps the box outline and a neighbour's overflow out of the count.
          const share = changedShare(printed, filled, box, 0.6);
          if (field.kind === 'checkbox' || field.kind === 'choice') {
            const chosen = Array.isArray(value) ? (value as string[]).includes(String(box.value)) : value === String(box.value);
            if (styles.get(String(box.value))?.startsWith('cancelled')) {
              expect(chosen, `${field.id}=${String(box.value)} cancelled`).toBe(false);
              expect(share, `${field.id}=${String(box.value)} cancelled`).toBeGreaterThan(0.6);
              cancelled++;
            } else if (chosen) {
              expect(share, `${field.id}=${String(box.value)} (${styles.get(String(box.value))})`).toBeGreaterThan(0.01);
              markedBoxes++;
            } else {
              expect(share, `${field.id}=${String(box.value)} empty`).toBe(0);
              emptyBoxes++;
            }
          } else if (field.kind === 'digits') {
            // The truth keeps the digits only ("3" for a count written " 3"); what was drawn is the sheet's value.
            const drawn = values[code.serial - 1]![field.id];
            const written = typeof drawn === 'string' && /[0-9]/.test(drawn[Number(box.value)] ?? '');
            expect(value).toBe(typeof drawn === 'string' ? drawn.replace(/ /g, '') : drawn);
            if (written) expect(share, `${field.id}[${String(box.value)}]`).toBeGreaterThan(0.01);
            else expect(share, `${field.id}[${String(box.value)}] empty`).toBe(0);
          } else if (field.kind === 'signature') {
            expect(share > 0, field.id).toBe(value === true);
          } else if (field.kind === 'text') {
            expect(share > 0, field.id).toBe(typeof value === 'string');
          }
        }
      }
    });
    expect(markedBoxes).toBeGreaterThan(10);
    expect(emptyBoxes).toBeGreaterThan(100);
    void cancelled;
  });
});
