/**
 * Draws one page of one sheet: the layout's shades, rules, texts and boxes, the marks, the QR and the printed id.
 * Computes no coordinates itself; the only unit conversion is mmToPt.
 */
import {
  encodeSheetCode,
  humanReadableCodeLines,
  mmToPt,
  type FormLayout,
  type PageLayout,
  type SheetCode,
  type TextItem,
} from '../model/index.js';
import { drawFieldBoxes } from './draw-field.js';
import { drawMarks } from './draw-marks.js';
import { drawQr } from './draw-qr.js';

export const FONT_REGULAR = 'paperlink-regular';
export const FONT_BOLD = 'paperlink-bold';

const TONES: Readonly<Record<TextItem['tone'], string>> = { ink: '#000000', muted: '#555555', inverse: '#000000' };

/** Static page content (everything but the QR and the printed id), drawn once per layout page as a PDF form XObject. */
export type StaticPageCache = Map<number, unknown>;

/** The slice of pdfkit internals the XObject reuse needs (pdfkit has no public API for form XObjects). */
interface PdfKitInternals {
  ref(data: Record<string, unknown>): { end(chunk?: string): void };
  addContent(data: string): unknown;
  page: { fonts: Record<string, unknown>; xobjects: Record<string, unknown> };
}

export function drawPage(doc: PDFKit.PDFDocument, layout: FormLayout, code: SheetCode, cache: StaticPageCache): void {
  const page = layout.pages[code.page - 1];
  if (!page) throw new Error(`Layout ${layout.formId} has no page ${code.page}`);
  doc.addPage({ size: [mmToPt(layout.page.widthMm), mmToPt(layout.page.heightMm)], margin: 0 });
  const internals = doc as unknown as PdfKitInternals;
  let form = cache.get(code.page);
  if (!form) {
    form = captureStaticPage(doc, internals, layout, page);
    cache.set(code.page, form);
  }
  // The same fonts must be in the page's resources for the dynamic text below.
  const name = `PaperlinkStatic${code.page}`;
  internals.page.xobjects[name] = form;
  internals.addContent(`/${name} Do`);
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

/**
 * Draws a layout page's static content once, capturing pdfkit's content operators into a form XObject that every
 * sheet's page then reuses: 1,000 sheets cost one set of labels, not 1,000 (speed and ≈ 5× smaller files).
 */
function captureStaticPage(doc: PDFKit.PDFDocument, internals: PdfKitInternals, layout: FormLayout, page: PageLayout): unknown {
  const captured: string[] = [];
  const original = internals.addContent;
  internals.addContent = (data: string) => {
    captured.push(data);
    return doc;
  };
  try {
    drawStaticContent(doc, layout, page);
  } finally {
    internals.addContent = original;
  }
  const form = internals.ref({
    Type: 'XObject', Subtype: 'Form',
    BBox: [0, 0, mmToPt(layout.page.widthMm), mmToPt(layout.page.heightMm)],
    Resources: { Font: { ...internals.page.fonts }, ProcSet: ['PDF', 'Text'] },
  });
  form.end(captured.join('\n'));
  return form;
}

function drawStaticContent(doc: PDFKit.PDFDocument, layout: FormLayout, page: PageLayout): void {
  for (const shade of page.shades) {
    doc.rect(mmToPt(shade.xMm), mmToPt(shade.yMm), mmToPt(shade.wMm), mmToPt(shade.hMm))
      .fillColor(shade.tone === 'section' ? '#dcdcdc' : '#eeeeee').fill();
  }
  for (const rule of page.rules) {
    doc.moveTo(mmToPt(rule.from.xMm), mmToPt(rule.from.yMm)).lineTo(mmToPt(rule.to.xMm), mmToPt(rule.to.yMm))
      .lineWidth(mmToPt(rule.widthMm)).strokeColor(rule.tone === 'muted' ? '#888888' : '#000000').stroke();
  }
  for (const item of page.texts) drawText(doc, item);
  drawFieldBoxes(doc, layout.fields.filter((field) => field.page === page.page));
  drawMarks(doc, layout.marks);
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
