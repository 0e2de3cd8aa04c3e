/**
 * Draws one page of one sheet: the layout's shades, rules, texts and boxes, the marks, the QR and the printed id.
 * Computes no coordinates itself; the only unit conversion is mmToPt.
 */
import {
  encodeSheetCode,
  humanReadableCodeLines,
  mmToPt,
  type FormLayout,
  type SheetCode,
  type TextItem,
} from '../model/index.js';
import { drawFieldBoxes } from './draw-field.js';
import { drawMarks } from './draw-marks.js';
import { drawQr } from './draw-qr.js';

export const FONT_REGULAR = 'paperlink-regular';
export const FONT_BOLD = 'paperlink-bold';

const TONES: Readonly<Record<TextItem['tone'], string>> = { ink: '#000000', muted: '#555555', inverse: '#000000' };

export function drawPage(doc: PDFKit.PDFDocument, layout: FormLayout, code: SheetCode): void {
  const page = layout.pages[code.page - 1];
  if (!page) throw new Error(`Layout ${layout.formId} has no page ${code.page}`);
  doc.addPage({ size: [mmToPt(layout.page.widthMm), mmToPt(layout.page.heightMm)], margin: 0 });
  for (const shade of page.shades) {
    doc.rect(mmToPt(shade.xMm), mmToPt(shade.yMm), mmToPt(shade.wMm), mmToPt(shade.hMm))
      .fillColor(shade.tone === 'section' ? '#dcdcdc' : '#eeeeee').fill();
  }
  for (const rule of page.rules) {
    doc.moveTo(mmToPt(rule.from.xMm), mmToPt(rule.from.yMm)).lineTo(mmToPt(rule.to.xMm), mmToPt(rule.to.yMm))
      .lineWidth(mmToPt(rule.widthMm)).strokeColor(rule.tone === 'muted' ? '#888888' : '#000000').stroke();
  }
  for (const item of page.texts) drawText(doc, item);
  drawFieldBoxes(doc, layout.fields.filter((field) => field.page === code.page));
  drawMarks(doc, layout.marks);
  drawQr(doc, encodeSheetCode(code), layout.qr);
  const lines = humanReadableCodeLines(code, layout.formId);
  const box = layout.codeText;
  lines.forEach((line, index) => {
    drawText(doc, {
      page: code.page, xMm: box.xMm, yMm: box.yMm + index * box.lineHeightMm * 1.15, wMm: box.wMm, sizePt: box.sizePt,
      weight: index === lines.length - 1 ? 'bold' : 'regular', align: 'right', tone: 'ink', lineHeightMm: box.lineHeightMm, lines: [line],
    });
  });
}

function drawText(doc: PDFKit.PDFDocument, item: TextItem): void {
  doc.font(item.weight === 'bold' ? FONT_BOLD : FONT_REGULAR).fontSize(item.sizePt).fillColor(TONES[item.tone]);
  const widthPt = mmToPt(item.wMm);
  item.lines.forEach((line, index) => {
    if (!line) return;
    const lineWidth = doc.widthOfString(line);
    const offset = item.align === 'center' ? (widthPt - lineWidth) / 2 : item.align === 'right' ? widthPt - lineWidth : 0;
    doc.text(line, mmToPt(item.xMm) + offset, mmToPt(item.yMm + index * item.lineHeightMm), { lineBreak: false });
  });
}
