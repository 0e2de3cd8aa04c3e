import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECKBOX_MM, DIGIT_CELL_H_MM, DIGIT_CELL_W_MM, MARK_QUIET_MM, QR_QUIET_MM, layoutForm, leafFields, parseForm, rectsOverlap,
  type FormLayout, type Rect,
} from '../../src/model/index.js';
import { loadShippedForm, shippedFormFiles } from '../helpers/forms.js';

const word = fc.constantFrom('water', 'voedsel', 'deken', 'opvang', 'informatie', 'medicatie', 'zuurstof', 'telefoon',
  'huisarts', 'vervoer', 'kind', 'ouder', 'thuiszorg', 'Українська', 'ветер', 'ÇĞİŞ', 'łódź', 'zeer-lange-samengestelde-woordvorm');
const text = fc.array(word, { minLength: 1, maxLength: 9 }).map((words) => words.join(' '));
const label = fc.record({ nl: text, en: text });
const option = (index: number) => label.map((l) => ({ value: `o${index}`, label: l }));
const options = fc.integer({ min: 1, max: 9 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => option(i))));
const field = (index: number) => fc.oneof(
  fc.record({ kind: fc.constant('checkbox'), label, options }),
  fc.record({ kind: fc.constant('choice'), label, options }),
  fc.record({ kind: fc.constant('digits'), label, preset: fc.constantFrom('date', 'dob', 'time', 'postcode', 'phone', 'count') }),
  fc.record({ kind: fc.constant('digits'), label, preset: fc.constant('plain'), count: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('text'), label, lines: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('signature'), label }),
  fc.record({ kind: fc.constant('wordgrid'), label }),
  fc.record({ kind: fc.constant('table'), label, rows: fc.integer({ min: 1, max: 6 }),
    columns: fc.constant([{ id: 'a', kind: 'digits', preset: 'count', label: { nl: 'A', en: 'A' } }, { id: 'b', kind: 'checkbox', label: { nl: 'B', en: 'B' }, options: [{ value: 'y', label: { nl: 'ja', en: 'yes' } }] }]) }),
).map((f) => ({ ...f, id: `f${index}` }));
const definition = fc.record({
  orientation: fc.constantFrom('portrait', 'landscape'),
  columns: fc.constantFrom(1, 2),
  sections: fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, s) =>
    fc.integer({ min: 1, max: 6 }).chain((m) => fc.tuple(...Array.from({ length: m }, (_, f) => field(s * 10 + f))))
      .chain((fields) => fc.constantFrom('stack', 'row').map((arrangement) => ({ id: `s${s}`, title: { nl: `Deel ${s}`, en: `Part ${s}` }, arrangement, fields })))))),
}).map((d) => ({ id: 'generated', code: 'GEN', version: 1, title: { nl: 'Gegenereerd formulier', en: 'Generated form' }, ...d }));

function allBoxes(layout: FormLayout): { page: number; id: string; rect: Rect }[] {
  return layout.fields.flatMap((f) => f.boxes.map((rect) => ({ page: f.page, id: f.id, rect })));
}

function checkInvariants(layout: FormLayout): void {
  const { widthMm: W, heightMm: H } = layout.page;
  const printable: Rect = { xMm: 5, yMm: 5, wMm: W - 10, hMm: H - 10 };
  const boxes = allBoxes(layout);
  const keepOut: Rect[] = [
    ...layout.marks.map((m) => ({ xMm: m.xMm - m.sizeMm / 2 - MARK_QUIET_MM, yMm: m.yMm - m.sizeMm / 2 - MARK_QUIET_MM, wMm: m.sizeMm + 2 * MARK_QUIET_MM, hMm: m.sizeMm + 2 * MARK_QUIET_MM })),
    { xMm: layout.qr.xMm - QR_QUIET_MM, yMm: layout.qr.yMm - QR_QUIET_MM, wMm: layout.qr.sizeMm + 2 * QR_QUIET_MM, hMm: layout.qr.sizeMm + 2 * QR_QUIET_MM },
  ];
  for (const [i, a] of boxes.entries()) {
    expect(a.rect.xMm >= printable.xMm && a.rect.yMm >= printable.yMm && a.rect.xMm + a.rect.wMm <= printable.xMm + printable.wMm &&
      a.rect.yMm + a.rect.hMm <= H - 19.5, `${a.id} inside the printable area`).toBe(true);
    for (const zone of keepOut) expect(rectsOverlap(a.rect, zone), `${a.id} clear of marks and QR quiet zones`).toBe(false);
    for (const b of boxes.slice(i + 1)) {
      if (a.page !== b.page) continue;
      // Digit cells of one field share their edges by design (a comb); anything else must not touch.
      const sameComb = a.id === b.id && a.rect.hMm === DIGIT_CELL_H_MM;
      if (!sameComb) expect(rectsOverlap(a.rect, b.rect, -1e-6), `${a.id} and ${b.id} overlap`).toBe(false);
    }
  }
  for (const page of layout.pages) for (const text of page.texts) {
    const rect = { xMm: text.xMm, yMm: text.yMm, wMm: text.wMm, hMm: text.lines.length * text.lineHeightMm };
    for (const zone of keepOut) expect(rectsOverlap(rect, zone), `text "${text.lines[0]}" clear of marks and QR`).toBe(false);
    for (const box of boxes) if (box.page === page.page && box.rect.hMm <= DIGIT_CELL_H_MM + 1e-6 && box.rect.wMm <= DIGIT_CELL_W_MM + 1e-6) {
      const inner = { xMm: box.rect.xMm + 0.5, yMm: box.rect.yMm + 0.5, wMm: box.rect.wMm - 1, hMm: box.rect.hMm - 1 };
      expect(rectsOverlap(rect, inner), `text "${text.lines[0]}" inside box ${box.id}`).toBe(false);
    }
  }
  for (const field of layout.fields) for (const box of field.boxes) {
    if (box.shape === 'square' || box.shape === 'circle') expect(box.wMm).toBeGreaterThanOrEqual(5);
    if (field.kind === 'digits') {
      expect(box.wMm).toBeGreaterThanOrEqual(6);
      expect(box.hMm).toBeGreaterThanOrEqual(8);
    }
  }
}

describe('layoutForm', () => {
  it('keeps every box inside the page, apart from every other box, and clear of the marks and QR quiet zones (generated forms)', () => {
    fc.assert(fc.property(definition, (json) => {
      const parsed = parseForm(json);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      checkInvariants(layoutForm(parsed.definition));
    }), { seed: 4242, numRuns: 60 });
  });

  it('holds the same invariants for every shipped form, on A4 and Letter, in two and three languages', () => {
    for (const { id, version } of shippedFormFiles()) {
      const form = loadShippedForm(id, version);
      for (const paper of ['a4', 'letter'] as const) {
        for (const languages of [['nl', 'en'], ['nl', 'en', 'uk']]) checkInvariants(layoutForm(form, { paper, languages }));
      }
    }
  });

  it('gives every leaf field of the definition exactly one field layout with boxes', () => {
    for (const { id, version } of shippedFormFiles()) {
      const form = loadShippedForm(id, version);
      const layout = layoutForm(form);
      expect(layout.fields.map((f) => f.id).sort()).toEqual(leafFields(form).map((f) => f.id).sort());
      for (const field of layout.fields) expect(field.boxes.length).toBeGreaterThan(0);
    }
  });

  it('sizes boxes for a pen: checkboxes at least 5 mm, digit cells at least 6 × 8 mm', () => {
    expect(CHECKBOX_MM).toBeGreaterThanOrEqual(5);
    expect(DIGIT_CELL_W_MM).toBeGreaterThanOrEqual(6);
    expect(DIGIT_CELL_H_MM).toBeGreaterThanOrEqual(8);
  });

  it('is deterministic, and its fingerprint changes when a box moves but not when only wording changes', () => {
    const intake = loadShippedForm('intake');
    const a = layoutForm(intake);
    expect(layoutForm(intake)).toEqual(a);
    const moved = { ...intake, sections: intake.sections.map((s, i) => (i === 0 ? { ...s, pageBreakBefore: true } : s)) };
    expect(layoutForm({ ...moved, sections: [intake.sections[0]!, { ...intake.sections[1]!, pageBreakBefore: true }, ...intake.sections.slice(2)] }).fingerprint).not.toBe(a.fingerprint);
    const reworded = { ...intake, title: { nl: 'Hulpvraag', en: 'Needs' } };
    expect(layoutForm(reworded).fingerprint).toBe(a.fingerprint);
  });
});
