/**
 * Fills one printed page raster with a sheet's values: a pen style per ticked box, handwritten digits per cell,
 * scribbled text, initials, and now and then stray marks or a coffee ring that touch no box, QR or registration mark.
 * Returns the page's truth (every leaf field of the page) and the pen style used per box. Pure raster operations.
 */
import { leafFields, type FieldId, type FormDefinition, type FormLayout, type LeafField, type Rect } from '../model/index.js';
import { blankValue, type SheetValues, type TruthValue } from './fill-values.js';
import { drawDigit, drawInitials, drawScribbleText, type DigitSource } from './handwriting.js';
import { INKS, drawCoffeeRing, drawMark, drawStray, type Ink, type InkCanvas, type MarkStyle } from './pen-marks.js';
import type { Rng } from '../model/index.js';

export interface BoxMark { readonly value: string; readonly style: MarkStyle }

export interface PageTruth {
  /** Every leaf field on this page: blank = [] for checkbox, false for signature, null otherwise. */
  readonly fields: Record<FieldId, TruthValue>;
  /** Pen style per marked box of checkbox and choice fields ("cancelled" boxes count as not marked in `fields`). */
  readonly marks: Record<FieldId, BoxMark[]>;
  /** Stray marks and coffee rings drawn outside all boxes (centres in mm), for the record. */
  readonly extras: { kind: 'stray' | 'coffee-ring'; xMm: number; yMm: number }[];
}

/** How people mark a box they mean (weights); 'cancelled' is drawn separately on boxes they did not mean. */
export const TICK_STYLE_WEIGHTS: readonly (readonly [MarkStyle, number])[] = [
  ['tick', 40], ['cross', 16], ['heavy-tick', 8], ['scribble', 6], ['small', 7], ['off-centre', 6], ['overflow', 6], ['light', 4], ['filled', 3],
];
/** Choice circles are more often filled in than ticked. */
export const CIRCLE_STYLE_WEIGHTS: readonly (readonly [MarkStyle, number])[] = [['filled', 30], ['tick', 35], ['cross', 12], ['heavy-tick', 6], ['small', 6], ['light', 3]];
/**
 * Scripted sheets (exercise packs) are filled with plain, clear marks only: their hard cases are the ones the script
 * names, so the answer key's "this page is simply accepted" stays true.
 */
export const SCRIPTED_TICK_STYLE_WEIGHTS: readonly (readonly [MarkStyle, number])[] = [['tick', 50], ['cross', 20], ['heavy-tick', 8]];
export const SCRIPTED_CIRCLE_STYLE_WEIGHTS: readonly (readonly [MarkStyle, number])[] = [['filled', 30], ['tick', 35], ['cross', 12]];
/** Chance per checkbox or choice field that one box is ticked by mistake and then blacked out (tick mode only): ~3 %. */
export const CANCEL_CHANCE = 0.03;
/** How people black a box out to cancel it (weights): mostly inside the outline or just over it, sometimes well over
 * it, sometimes scribbled. Scripted sheets (exercise packs) always use `cancelled`. */
export const CANCEL_STYLE_WEIGHTS: readonly (readonly [MarkStyle, number])[] = [
  ['cancelled-inside', 35], ['cancelled', 25], ['cancelled-overrun', 20], ['cancelled-scribble', 20],
];
/** Chance per page of 1–2 stray pen marks, and of a coffee ring. */
export const STRAY_CHANCE = 0.3;
export const COFFEE_CHANCE = 0.1;
/** Keep-out distance (mm) between extras and any box, the QR or a registration mark. */
const EXTRA_CLEARANCE_MM = 2.5;

export interface FillOptions {
  readonly digitSource: DigitSource;
  /** The sheet's main pen; a field is sometimes written with the other pen. */
  readonly ink: Ink;
  /**
   * A scripted sheet: values drawn exactly with clear marks, no random cancelled ticks, stray marks or coffee rings;
   * only the `cancelled` boxes named (ticked by mistake, then blacked out: not part of the value).
   */
  readonly scripted?: { readonly cancelled: readonly { readonly field: FieldId; readonly option: string }[] };
}

export function fillPage(canvas: InkCanvas, layout: FormLayout, definition: FormDefinition, page: number, values: SheetValues, rng: Rng,
  options: FillOptions): PageTruth {
  const leaves = new Map<FieldId, LeafField>(leafFields(definition).map((leaf) => [leaf.id, leaf]));
  const fields: Record<FieldId, TruthValue> = {};
  const marks: Record<FieldId, BoxMark[]> = {};
  const otherInk = options.ink === INKS.blue ? INKS.black : INKS.blue;
  for (const fieldLayout of layout.fields) {
    if (fieldLayout.page !== page) continue;
    const leaf = leaves.get(fieldLayout.id);
    if (!leaf) continue;
    const value = values[leaf.id] ?? blankValue(leaf);
    // Digits left blank before a right-aligned count (" 3") are drawn as blank cells; the field's value is "3".
    fields[leaf.id] = leaf.kind === 'digits' && typeof value === 'string' ? value.replace(/ /g, '') : value;
    const fieldRng = rng.fork(leaf.id);
    const ink = fieldRng.chance(0.05) ? otherInk : options.ink;
    switch (leaf.kind) {
      case 'checkbox': case 'choice': {
        const chosen = new Set(Array.isArray(value) ? value as string[] : typeof value === 'string' ? [value] : []);
        const scripted = options.scripted;
        // On a tick-mode form a blacked-out box means "cancelled" (the printed rule), so nobody fills a box to mark it.
        const weights = (leaf.kind === 'choice' ? (scripted ? SCRIPTED_CIRCLE_STYLE_WEIGHTS : CIRCLE_STYLE_WEIGHTS)
          : (scripted ? SCRIPTED_TICK_STYLE_WEIGHTS : TICK_STYLE_WEIGHTS))
          .filter(([style]) => definition.markMode !== 'tick' || style !== 'filled');
        const drawn: BoxMark[] = [];
        const unchosen = fieldLayout.boxes.filter((box) => box.value !== undefined && !chosen.has(String(box.value)));
        // A mistaken tick, blacked out to cancel it as the form instructs; the truth keeps the intended value.
        const cancelled = scripted
          ? unchosen.filter((box) => scripted.cancelled.some((cancel) => cancel.field === leaf.id && cancel.option === String(box.value)))
          : definition.markMode === 'tick' && unchosen.length > 0 && fieldRng.chance(CANCEL_CHANCE) ? [fieldRng.pick(unchosen)] : [];
        for (const box of cancelled) {
          const style = scripted ? 'cancelled' : fieldRng.weighted(CANCEL_STYLE_WEIGHTS);
          drawMark(canvas, box, style, ink, fieldRng);
          drawn.push({ value: String(box.value), style });
        }
        for (const box of fieldLayout.boxes) {
          if (box.value === undefined || !chosen.has(String(box.value))) continue;
          const style = definition.markMode === 'fill' ? 'filled' : fieldRng.weighted(weights);
          drawMark(canvas, box, style, ink, fieldRng);
          drawn.push({ value: String(box.value), style });
        }
        if (drawn.length > 0) marks[leaf.id] = drawn;
        break;
      }
      case 'digits': {
        if (typeof value !== 'string') break;
        fieldLayout.boxes.forEach((cell, index) => {
          const char = value[index];
          if (char === undefined || !/[0-9]/.test(char)) return;
          const digit = Number(char);
          drawDigit(canvas, cell, options.digitSource(digit, fieldRng), ink, fieldRng);
        });
        break;
      }
      case 'text': {
        const area = fieldLayout.boxes[0];
        if (typeof value === 'string' && area) drawScribbleText(canvas, area, leaf.lines, value, ink, fieldRng);
        break;
      }
      case 'wordgrid': {
        if (typeof value !== 'string') break;
        const words = value.split(' ').filter(Boolean);
        fieldLayout.boxes.forEach((cell, index) => {
          const word = words[index];
          if (word) drawScribbleText(canvas, cell, 1, word, ink, fieldRng);
        });
        break;
      }
      case 'signature': {
        const box = fieldLayout.boxes[0];
        if (value === true && box) drawInitials(canvas, box, ink, fieldRng);
        break;
      }
    }
  }
  const extras = options.scripted ? [] : drawExtras(canvas, layout, page, options.ink, rng.fork('extras'));
  return { fields, marks, extras };
}

/** Rectangles that extras must keep clear of: every box on the page, the QR with its quiet zone, the marks. */
function keepOut(layout: FormLayout, page: number): Rect[] {
  const rects: Rect[] = layout.fields.filter((field) => field.page === page).flatMap((field) => field.boxes);
  const q = layout.qr;
  rects.push({ xMm: q.xMm - q.quietMm, yMm: q.yMm - q.quietMm, wMm: q.sizeMm + 2 * q.quietMm, hMm: q.sizeMm + 2 * q.quietMm });
  for (const mark of layout.marks) rects.push({ xMm: mark.xMm - mark.sizeMm, yMm: mark.yMm - mark.sizeMm, wMm: mark.sizeMm * 2, hMm: mark.sizeMm * 2 });
  return rects;
}

/** Nearest and farthest distance from a point to a rectangle (mm). */
function distanceRange(x: number, y: number, rect: Rect): { near: number; far: number } {
  const dx = Math.max(rect.xMm - x, 0, x - (rect.xMm + rect.wMm));
  const dy = Math.max(rect.yMm - y, 0, y - (rect.yMm + rect.hMm));
  const fx = Math.max(Math.abs(x - rect.xMm), Math.abs(x - rect.xMm - rect.wMm));
  const fy = Math.max(Math.abs(y - rect.yMm), Math.abs(y - rect.yMm - rect.hMm));
  return { near: Math.hypot(dx, dy), far: Math.hypot(fx, fy) };
}

function drawExtras(canvas: InkCanvas, layout: FormLayout, page: number, ink: Ink, rng: Rng): PageTruth['extras'] {
  const extras: PageTruth['extras'] = [];
  const rects = keepOut(layout, page);
  const { widthMm, heightMm } = layout.page;
  if (rng.chance(STRAY_CHANCE)) {
    const count = rng.int(1, 2);
    for (let attempt = 0; attempt < 40 && extras.length < count; attempt++) {
      const x = rng.range(5, widthMm - 5);
      const y = rng.range(5, heightMm - 5);
      // A stray stroke reaches up to 9 mm plus its bend from its start.
      if (rects.some((rect) => distanceRange(x, y, rect).near < 12 + EXTRA_CLEARANCE_MM)) continue;
      drawStray(canvas, x, y, ink, rng);
      extras.push({ kind: 'stray', xMm: x, yMm: y });
    }
  }
  if (rng.chance(COFFEE_CHANCE)) {
    for (let attempt = 0; attempt < 60; attempt++) {
      const radius = rng.range(30, 42);
      // The cup often stood near an edge: the centre may lie off the page.
      const x = rng.range(-radius * 0.4, widthMm + radius * 0.4);
      const y = rng.range(-radius * 0.4, heightMm + radius * 0.4);
      const ringOuter = radius + EXTRA_CLEARANCE_MM;
      const ringInner = radius - 2.5 - EXTRA_CLEARANCE_MM;
      const crosses = rects.some((rect) => {
        const { near, far } = distanceRange(x, y, rect);
        return near <= ringOuter && far >= ringInner;
      });
      if (crosses) continue;
      drawCoffeeRing(canvas, x, y, radius, rng);
      extras.push({ kind: 'coffee-ring', xMm: x, yMm: y });
      break;
    }
  }
  return extras;
}
