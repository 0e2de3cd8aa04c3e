/** Draws the registration marks: solid discs at the layout's centres. */
import { mmToPt, type Mark } from '../model/index.js';

export function drawMarks(doc: PDFKit.PDFDocument, marks: readonly Mark[]): void {
  for (const mark of marks) doc.circle(mmToPt(mark.xMm), mmToPt(mark.yMm), mmToPt(mark.sizeMm / 2));
  doc.fillColor('black').fill();
}
