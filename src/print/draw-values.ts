/**
 * Fills values into a printed sheet's boxes (a form filled in by paperlink itself, e.g. `radio compose --out`): a
 * pen-stroke digit per digit cell, a cross in each chosen box, typed text on the lines of its area, one typed word
 * per word-grid cell. Every rectangle comes from the layout; the only unit conversion is mmToPt. In dark blue ink.
 */
import { TEXT_LINE_PITCH_MM, assertNever, mmToPt, type BoxLayout, type FieldId, type FieldLayout, type FieldValue, type FormLayout } from '../model/index.js';
import { FONT_BOLD } from './draw-page.js';

/** Values to type into a sheet: by field id, as the scanner would store them (digits as a string, one char per cell). */
export type SheetFill = Readonly<Record<FieldId, FieldValue>>;

/** Dark blue: reads as pen ink to the scanner (dark in grey) and stands apart from the black print for the reader. */
const FILL_COLOUR = '#14286e';
/** Cap and digit height of DejaVu Sans, as a share of the font size. */
const CAP_HEIGHT_EM = 0.73;
/** Digits fill 70 % of the cell height, as people write in boxes, clear of the box lines. */
const DIGIT_HEIGHT_OF_CELL = 0.7;
/** Pen width of a digit stroke: a felt-tip's line (thinner strokes read less surely: 0.92 instead of 1 for a 1 or a 6). */
const DIGIT_PEN_MM = 0.7;
/**
 * Each digit as one or two pen strokes (SVG path, in a 10 × 16 box, y down), written the way people write digits in
 * boxes. A typeface's digits (a serifed 1, a closed 4) are not what the digit reader learnt from handwriting: these
 * are, so the scanner reads the filled-in form back like a neatly handwritten one.
 */
const PEN_DIGITS: Readonly<Record<string, string>> = {
  0: 'M5 0 C1.5 0 0 4 0 8 C0 12 1.5 16 5 16 C8.5 16 10 12 10 8 C10 4 8.5 0 5 0 Z',
  1: 'M6 0 L4.6 16',
  2: 'M0.5 4 C0.5 1.2 2.8 0 5 0 C8 0 9.8 2 9.4 4.8 C9 8 4 11 0 16 L10 16',
  3: 'M0.5 2 C2 0.6 3.8 0 5.5 0 C8.4 0 9.6 2.2 9.6 4 C9.6 6.4 7.6 7.7 4.5 7.7 C8 7.7 10 9.5 10 12 C10 14.5 8 16 5 16 C3 16 1.5 15.5 0 14.2',
  4: 'M6.5 0 L0 10.8 L10 10.8 M7.5 5 L7.5 16',
  5: 'M9.5 0 L1.6 0 L1 7 C2.5 6.1 4 5.8 5.5 5.8 C8.5 5.8 10 8 10 10.8 C10 14 8 16 5 16 C3 16 1.2 15.3 0 14',
  6: 'M7.5 0 C4 3 0.5 7 0.5 11 C0.5 14 2.5 16 5 16 C7.8 16 9.5 14 9.5 11.5 C9.5 9 7.6 7.4 5.2 7.4 C3 7.4 1.2 8.6 0.6 10.4',
  7: 'M0 0 L10 0 L3.5 16',
  8: 'M5 7.5 C2 7.5 1 5.8 1 3.8 C1 1.5 2.8 0 5 0 C7.2 0 9 1.5 9 3.8 C9 5.8 8 7.5 5 7.5 C1.8 7.5 0 9.3 0 11.8 C0 14.3 2.2 16 5 16 C7.8 16 10 14.3 10 11.8 C10 9.3 8.2 7.5 5 7.5 Z',
  9: 'M10 5.5 C9.2 8.2 7.5 9.5 5 9.5 C2 9.5 0 7.5 0 4.8 C0 2 2 0 5 0 C8 0 10 2 10 5.5 C10 11 8 16 3 16 C2 16 1.2 15.7 0.5 15.2',
};
const PEN_DIGIT_BOX = { w: 10, h: 16 } as const;
/** Text and word-grid capitals: at most half a line, and never wider than the box less its margins. */
const TEXT_HEIGHT_OF_LINE = 0.5;
const TEXT_MARGIN_MM = 1.2;
/** A cross from corner to corner of a chosen box, inset so its strokes stay inside the box. */
const CROSS_INSET_OF_BOX = 0.18;
const CROSS_LINE_MM = 0.5;

/** Types `fill` into the fields of this page of the sheet. A field without a value, or with an empty one, stays blank. */
export function drawValues(doc: PDFKit.PDFDocument, layout: FormLayout, page: number, fill: SheetFill): void {
  for (const field of layout.fields) {
    if (field.page !== page) continue;
    const value = fill[field.id];
    if (value === undefined || value === null || value === false || value === '') continue;
    drawFieldValue(doc, field, value);
  }
}

function drawFieldValue(doc: PDFKit.PDFDocument, field: FieldLayout, value: Exclude<FieldValue, null>): void {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  switch (field.kind) {
    case 'checkbox':
    case 'choice':
      for (const box of field.boxes) if (box.value !== undefined && items.includes(String(box.value))) drawCross(doc, box);
      return;
    case 'digits': {
      // One character per cell, left to right; a space leaves its cell blank (" 7" right-aligns a count).
      const chars = [...items.join('')];
      field.boxes.forEach((box, index) => {
        const char = chars[index];
        if (char && char !== ' ') drawDigit(doc, box, char);
      });
      return;
    }
    case 'wordgrid': {
      const words = items.flatMap((item) => item.split(/\s+/)).filter(Boolean);
      field.boxes.forEach((box, index) => {
        const word = words[index];
        if (word) drawInBox(doc, box, word, box.hMm * TEXT_HEIGHT_OF_LINE);
      });
      return;
    }
    case 'text': {
      const area = field.boxes[0];
      if (area) drawLines(doc, area, items.join(' '));
      return;
    }
    case 'signature':
      // A signature is a person's own mark: never typed.
      return;
    default:
      assertNever(field.kind, 'field kind');
  }
}

/** One digit centred in its cell, as pen strokes; anything else (a letter where a digit belongs) typed. */
function drawDigit(doc: PDFKit.PDFDocument, box: BoxLayout, char: string): void {
  const path = PEN_DIGITS[char];
  if (!path) {
    drawInBox(doc, box, char, box.hMm * DIGIT_HEIGHT_OF_CELL);
    return;
  }
  const scale = mmToPt(box.hMm * DIGIT_HEIGHT_OF_CELL) / PEN_DIGIT_BOX.h;
  const left = mmToPt(box.xMm + box.wMm / 2) - (PEN_DIGIT_BOX.w * scale) / 2;
  const top = mmToPt(box.yMm + box.hMm / 2) - (PEN_DIGIT_BOX.h * scale) / 2;
  doc.save().translate(left, top).scale(scale);
  doc.path(path).lineWidth(mmToPt(DIGIT_PEN_MM) / scale).lineCap('round').lineJoin('round').strokeColor(FILL_COLOUR).stroke();
  doc.restore();
}

function drawCross(doc: PDFKit.PDFDocument, box: BoxLayout): void {
  const inset = CROSS_INSET_OF_BOX;
  const x0 = mmToPt(box.xMm + box.wMm * inset);
  const y0 = mmToPt(box.yMm + box.hMm * inset);
  const x1 = mmToPt(box.xMm + box.wMm * (1 - inset));
  const y1 = mmToPt(box.yMm + box.hMm * (1 - inset));
  doc.moveTo(x0, y0).lineTo(x1, y1).moveTo(x1, y0).lineTo(x0, y1)
    .lineWidth(mmToPt(CROSS_LINE_MM)).lineCap('round').strokeColor(FILL_COLOUR).stroke();
}

/** One string centred in a box, capitals `capMm` high, smaller if it would not fit the box's width. */
function drawInBox(doc: PDFKit.PDFDocument, box: BoxLayout, text: string, capMm: number): void {
  const sizePt = fitSizePt(doc, text, capMm, box.wMm - 2 * Math.min(TEXT_MARGIN_MM, box.wMm * 0.12));
  const widthPt = doc.widthOfString(text);
  const baselinePt = mmToPt(box.yMm + box.hMm / 2) + (sizePt * CAP_HEIGHT_EM) / 2;
  doc.fillColor(FILL_COLOUR).text(text, mmToPt(box.xMm + box.wMm / 2) - widthPt / 2, baselinePt, { lineBreak: false, baseline: 'alphabetic' });
}

/** Free text over the area's lines (the layout's area holds `lines` lines of equal height), word-wrapped. */
function drawLines(doc: PDFKit.PDFDocument, area: BoxLayout, text: string): void {
  const lineCount = Math.max(1, Math.round(area.hMm / TEXT_LINE_PITCH_MM));
  const lineMm = TEXT_LINE_PITCH_MM;
  const widthMm = area.wMm - 2 * TEXT_MARGIN_MM;
  const capMm = lineMm * TEXT_HEIGHT_OF_LINE;
  doc.font(FONT_BOLD).fontSize(capMm / CAP_HEIGHT_EM * mmToPt(1));
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && doc.widthOfString(`${last} ${word}`) <= mmToPt(widthMm)) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  // More words than lines: the rest goes on the last line, in smaller type (nothing is dropped).
  const shown = lines.length > lineCount ? [...lines.slice(0, lineCount - 1), lines.slice(lineCount - 1).join(' ')] : lines;
  shown.forEach((line, index) => {
    const sizePt = fitSizePt(doc, line, capMm, widthMm);
    const baselinePt = mmToPt(area.yMm + (index + 0.5) * lineMm) + (sizePt * CAP_HEIGHT_EM) / 2;
    doc.fillColor(FILL_COLOUR).text(line, mmToPt(area.xMm + TEXT_MARGIN_MM), baselinePt, { lineBreak: false, baseline: 'alphabetic' });
  });
}

/** Sets the font and returns the size (pt) that makes capitals `capMm` high, or less so the text fits `widthMm`. */
function fitSizePt(doc: PDFKit.PDFDocument, text: string, capMm: number, widthMm: number): number {
  let sizePt = mmToPt(capMm) / CAP_HEIGHT_EM;
  doc.font(FONT_BOLD).fontSize(sizePt);
  const widthPt = doc.widthOfString(text);
  if (widthPt > mmToPt(widthMm)) {
    sizePt *= mmToPt(widthMm) / widthPt;
    doc.fontSize(sizePt);
  }
  return sizePt;
}
