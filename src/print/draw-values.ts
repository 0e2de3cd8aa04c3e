/**
 * Types values into a printed sheet's boxes (a form filled in by paperlink itself, e.g. `radio compose --out`): a
 * digit per digit cell, a cross in each chosen box, text on the lines of its area, one word per word-grid cell.
 * Every rectangle comes from the layout; the only unit conversion is mmToPt. Typed in dark blue, as a pen would be.
 */
import { TEXT_LINE_PITCH_MM, assertNever, mmToPt, type BoxLayout, type FieldId, type FieldLayout, type FieldValue, type FormLayout } from '../model/index.js';
import { FONT_BOLD } from './draw-page.js';

/** Values to type into a sheet: by field id, as the scanner would store them (digits as a string, one char per cell). */
export type SheetFill = Readonly<Record<FieldId, FieldValue>>;

/** Dark blue: reads as pen ink to the scanner (dark in grey) and stands apart from the black print for the reader. */
const FILL_COLOUR = '#14286e';
/** Cap and digit height of DejaVu Sans, as a share of the font size. */
const CAP_HEIGHT_EM = 0.73;
/** Digits fill about 55 % of the cell height: clear of the box lines the reader keeps out of its crop. */
const DIGIT_HEIGHT_OF_CELL = 0.55;
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
        if (char && char !== ' ') drawInBox(doc, box, char, box.hMm * DIGIT_HEIGHT_OF_CELL);
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
