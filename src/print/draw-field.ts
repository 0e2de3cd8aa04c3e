/** Draws field boxes by shape; every rectangle comes from the layout, none is computed here. */
import { mmToPt, type BoxLayout, type FieldLayout } from '../model/index.js';

/** Box outline weight: thin enough that the reader's inner area stays clear, thick enough to see in poor light. */
export const BOX_LINE_MM = 0.35;

export function drawFieldBoxes(doc: PDFKit.PDFDocument, fields: readonly FieldLayout[]): void {
  doc.lineWidth(mmToPt(BOX_LINE_MM)).strokeColor('black');
  for (const field of fields) for (const box of field.boxes) drawBox(doc, box);
  doc.stroke();
}

function drawBox(doc: PDFKit.PDFDocument, box: BoxLayout): void {
  const x = mmToPt(box.xMm);
  const y = mmToPt(box.yMm);
  const w = mmToPt(box.wMm);
  const h = mmToPt(box.hMm);
  switch (box.shape) {
    case 'circle':
      doc.ellipse(x + w / 2, y + h / 2, w / 2, h / 2);
      return;
    case 'square':
    case 'cell':
    case 'area':
      doc.rect(x, y, w, h);
      return;
  }
}
