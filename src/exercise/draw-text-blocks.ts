/**
 * Lays text blocks out on A4 pages with pdfkit: flowing documents (briefing, answer key) and cut-out card sheets
 * (resident injects). Gets a pdfkit document from the ENTRY; reads no files. Dutch text in ink, English in grey italic.
 * Nothing is clipped: blocks move to the next page, and cards shrink their type until they fit their slot.
 */
import { PaperlinkError } from '../model/index.js';
import type { TextBlock } from './text-blocks.js';

export const FONT = { regular: 'exercise-regular', bold: 'exercise-bold', oblique: 'exercise-oblique' } as const;

/** A4 in points, and the margins a office printer does not cut off. */
export const PAGE_WIDTH_PT = 595.28;
export const PAGE_HEIGHT_PT = 841.89;
const MARGIN_PT = 48;
const FOOTER_PT = 24;
/** Body type size; headings scale from it. */
const BODY_SIZE_PT = 10;
const ENGLISH_COLOUR = '#4a4a4a';
const RULE_COLOUR = '#9a9a9a';
/** Smallest type on a card: still readable at arm's length for a role player. */
const MIN_CARD_SCALE = 0.72;
const MAX_CARD_SCALE = 1.3;
const CARD_PADDING_PT = 9;
const CARD_TITLE_PT = 20;

interface Style { readonly font: string; readonly sizePt: number; readonly colour: string; readonly before: number; readonly after: number; readonly indent: number }

function styleOf(block: TextBlock, scale: number): Style {
  const size = (value: number): number => value * scale;
  switch (block.kind) {
    case 'title': return { font: FONT.bold, sizePt: size(19), colour: '#000000', before: 0, after: size(6), indent: 0 };
    case 'heading': return { font: FONT.bold, sizePt: size(13.5), colour: '#000000', before: size(8), after: size(3), indent: 0 };
    case 'subheading': return { font: FONT.bold, sizePt: size(11), colour: '#000000', before: size(5), after: size(2), indent: 0 };
    case 'para': return { font: FONT.regular, sizePt: size(BODY_SIZE_PT), colour: '#000000', before: 0, after: size(1.5), indent: 0 };
    case 'bullet': return { font: FONT.regular, sizePt: size(BODY_SIZE_PT), colour: '#000000', before: size(1.5), after: size(0.5), indent: size(12) };
    case 'en': return { font: FONT.oblique, sizePt: size(BODY_SIZE_PT - 0.5), colour: ENGLISH_COLOUR, before: 0, after: size(1.5), indent: block.indent ? size(12) : 0 };
    default: return { font: FONT.regular, sizePt: size(BODY_SIZE_PT), colour: '#000000', before: 0, after: 0, indent: 0 };
  }
}

/** `**bold**` segments of a line. */
function segments(text: string): { text: string; bold: boolean }[] {
  return text.split('**').map((part, index) => ({ text: part, bold: index % 2 === 1 })).filter((part) => part.text !== '');
}

function plain(text: string): string {
  return text.replaceAll('**', '');
}

/** Height of one block at this width. Mixed bold text is measured in bold: a little too tall is safe, too short clips. */
function measureBlock(doc: PDFKit.PDFDocument, block: TextBlock, widthPt: number, scale: number): number {
  switch (block.kind) {
    case 'gap': return 5 * scale;
    case 'page-break': return 0;
    case 'table': return measureTable(doc, block.rows, widthPt, scale);
    case 'card': return measureCard(doc, block, widthPt, scale);
    default: {
      const style = styleOf(block, scale);
      const font = block.text.includes('**') ? FONT.bold : style.font;
      doc.font(font).fontSize(style.sizePt);
      return style.before + doc.heightOfString(plain(block.text) || ' ', { width: widthPt - style.indent }) + style.after;
    }
  }
}

function drawBlock(doc: PDFKit.PDFDocument, block: TextBlock, xPt: number, yPt: number, widthPt: number, scale: number): number {
  switch (block.kind) {
    case 'gap': return 5 * scale;
    case 'page-break': return 0;
    case 'table': return drawTable(doc, block.rows, xPt, yPt, widthPt, scale);
    case 'card': return drawCard(doc, block, xPt, yPt, widthPt, scale);
    default: {
      const style = styleOf(block, scale);
      const top = yPt + style.before;
      const x = xPt + style.indent;
      if (block.kind === 'bullet') {
        doc.font(FONT.bold).fontSize(style.sizePt).fillColor('#000000').text('•', xPt + 2 * scale, top, { lineBreak: false });
      }
      const parts = segments(block.text);
      doc.fillColor(style.colour);
      parts.forEach((part, index) => {
        doc.font(part.bold ? FONT.bold : style.font).fontSize(style.sizePt);
        const options = { width: widthPt - style.indent, continued: index < parts.length - 1 };
        if (index === 0) doc.text(part.text, x, top, options);
        else doc.text(part.text, options);
      });
      if (parts.length === 0) doc.text(' ', x, top, { width: widthPt - style.indent });
      // pdfkit's cursor after the text is the true height; measuring mixed bold text may over-estimate.
      return doc.y - yPt + style.after;
    }
  }
}

function columnWidths(doc: PDFKit.PDFDocument, rows: readonly (readonly string[])[], widthPt: number, scale: number): number[] {
  const columns = Math.max(...rows.map((row) => row.length));
  doc.font(FONT.bold).fontSize(8.5 * scale);
  // Each column gets its natural width, capped, then all are scaled to the available width.
  const natural = Array.from({ length: columns }, (_, column) => Math.min(220, Math.max(...rows.map((row) => doc.widthOfString(row[column] ?? '') + 10 * scale))));
  const sum = natural.reduce((a, b) => a + b, 0);
  return natural.map((width) => (width / sum) * widthPt);
}

function rowHeight(doc: PDFKit.PDFDocument, row: readonly string[], widths: readonly number[], scale: number, header: boolean): number {
  doc.font(header ? FONT.bold : FONT.regular).fontSize(8.5 * scale);
  return Math.max(...widths.map((width, column) => doc.heightOfString(row[column] || ' ', { width: width - 6 * scale }))) + 4 * scale;
}

function measureTable(doc: PDFKit.PDFDocument, rows: readonly (readonly string[])[], widthPt: number, scale: number): number {
  const widths = columnWidths(doc, rows, widthPt, scale);
  return rows.reduce((sum, row, index) => sum + rowHeight(doc, row, widths, scale, index === 0), 0) + 4 * scale;
}

function drawTable(doc: PDFKit.PDFDocument, rows: readonly (readonly string[])[], xPt: number, yPt: number, widthPt: number, scale: number): number {
  const widths = columnWidths(doc, rows, widthPt, scale);
  let y = yPt;
  rows.forEach((row, index) => {
    const header = index === 0;
    const height = rowHeight(doc, row, widths, scale, header);
    if (header) doc.rect(xPt, y, widthPt, height).fillColor('#e6e6e6').fill();
    let x = xPt;
    widths.forEach((width, column) => {
      doc.font(header ? FONT.bold : FONT.regular).fontSize(8.5 * scale).fillColor('#000000')
        .text(row[column] ?? '', x + 3 * scale, y + 2 * scale, { width: width - 6 * scale });
      x += width;
    });
    y += height;
    doc.moveTo(xPt, y).lineTo(xPt + widthPt, y).lineWidth(0.4).strokeColor(RULE_COLOUR).stroke();
  });
  return y - yPt + 4 * scale;
}

function measureCard(doc: PDFKit.PDFDocument, card: Extract<TextBlock, { kind: 'card' }>, widthPt: number, scale: number): number {
  const inner = widthPt - 2 * CARD_PADDING_PT * scale;
  return CARD_TITLE_PT * scale + CARD_PADDING_PT * scale * 2 + card.blocks.reduce((sum, block) => sum + measureBlock(doc, block, inner, scale), 0) + 6 * scale;
}

function drawCard(doc: PDFKit.PDFDocument, card: Extract<TextBlock, { kind: 'card' }>, xPt: number, yPt: number, widthPt: number, scale: number): number {
  const height = measureCard(doc, card, widthPt, scale) - 6 * scale;
  const titleHeight = CARD_TITLE_PT * scale;
  doc.rect(xPt, yPt, widthPt, titleHeight).fillColor('#d9d9d9').fill();
  doc.rect(xPt, yPt, widthPt, height).lineWidth(1).strokeColor('#000000').stroke();
  doc.font(FONT.bold).fontSize(11 * scale).fillColor('#000000')
    .text(card.title, xPt + CARD_PADDING_PT * scale, yPt + (titleHeight - 11 * scale * 1.15) / 2, { width: widthPt - 2 * CARD_PADDING_PT * scale, lineBreak: false });
  let y = yPt + titleHeight + CARD_PADDING_PT * scale;
  const inner = widthPt - 2 * CARD_PADDING_PT * scale;
  for (const block of card.blocks) y += drawBlock(doc, block, xPt + CARD_PADDING_PT * scale, y, inner, scale);
  return height + 6 * scale;
}

function newPage(doc: PDFKit.PDFDocument): void {
  doc.addPage({ size: [PAGE_WIDTH_PT, PAGE_HEIGHT_PT], margin: 0 });
}

/**
 * Flows blocks over as many A4 pages as they need. A heading never ends a page (it moves with the block after it),
 * and a card or table row group is never split.
 */
export function drawFlow(doc: PDFKit.PDFDocument, blocks: readonly TextBlock[]): void {
  const widthPt = PAGE_WIDTH_PT - 2 * MARGIN_PT;
  const bottom = PAGE_HEIGHT_PT - MARGIN_PT - FOOTER_PT;
  newPage(doc);
  let y = MARGIN_PT;
  blocks.forEach((block, index) => {
    if (block.kind === 'page-break') {
      newPage(doc);
      y = MARGIN_PT;
      return;
    }
    if (block.kind === 'gap' && y === MARGIN_PT) return;
    let height = measureBlock(doc, block, widthPt, 1);
    const isHeading = block.kind === 'title' || block.kind === 'heading' || block.kind === 'subheading';
    const next = blocks[index + 1];
    if (isHeading && next && next.kind !== 'page-break') height += Math.min(measureBlock(doc, next, widthPt, 1), 120);
    // An English line stays on the page of the Dutch line it translates.
    if (!isHeading && next?.kind === 'en') height += measureBlock(doc, next, widthPt, 1);
    if (block.kind === 'table' && y + height > bottom) {
      y = drawLongTable(doc, block.rows, y, widthPt, bottom);
      return;
    }
    if (y + height > bottom && y > MARGIN_PT) {
      newPage(doc);
      y = MARGIN_PT;
    }
    y += drawBlock(doc, block, MARGIN_PT, y, widthPt, 1);
  });
}

/** A table taller than a page: rows flow on, and the header row is repeated on every new page. */
function drawLongTable(doc: PDFKit.PDFDocument, rows: readonly (readonly string[])[], yPt: number, widthPt: number, bottom: number): number {
  const header = rows[0];
  if (!header) return yPt;
  let y = yPt;
  let chunk: (readonly string[])[] = [header];
  const flush = (): void => {
    if (chunk.length > 1) y += drawTable(doc, chunk, MARGIN_PT, y, widthPt, 1);
    chunk = [header];
  };
  for (const row of rows.slice(1)) {
    if (y + measureTable(doc, [...chunk, row], widthPt, 1) > bottom) {
      flush();
      newPage(doc);
      y = MARGIN_PT;
    }
    chunk.push(row);
  }
  flush();
  return y;
}

/**
 * Cards laid out `perPage` to an A4 page, full width, with dashed cut lines between them. A card that is too tall
 * for its slot is drawn with smaller type (down to MIN_CARD_SCALE); below that it is an error in the template.
 */
export function drawCardSheets(doc: PDFKit.PDFDocument, cards: readonly Extract<TextBlock, { kind: 'card' }>[], perPage: number): void {
  const widthPt = PAGE_WIDTH_PT - 2 * MARGIN_PT;
  const slotHeight = (PAGE_HEIGHT_PT - 2 * MARGIN_PT + 18) / perPage - 18;
  cards.forEach((card, index) => {
    const slot = index % perPage;
    if (slot === 0) newPage(doc);
    const top = MARGIN_PT + slot * (slotHeight + 18);
    let scale = 1;
    while (scale > MIN_CARD_SCALE && measureCard(doc, card, widthPt, scale) > slotHeight) scale -= 0.02;
    // Short cards get larger type, up to MAX_CARD_SCALE: role players read them aloud.
    while (scale < MAX_CARD_SCALE && measureCard(doc, card, widthPt, scale + 0.02) <= slotHeight) scale += 0.02;
    if (measureCard(doc, card, widthPt, scale) > slotHeight) {
      throw new PaperlinkError('scenario-invalid', `The resident card "${card.title}" does not fit its part of the page, even in small type.`,
        'Shorten the situation or what the resident says in the scenario file.', { path: card.title });
    }
    drawCard(doc, card, MARGIN_PT, top, widthPt, scale);
    if (slot < perPage - 1 && index < cards.length - 1) {
      const cutY = top + slotHeight + 9;
      doc.moveTo(18, cutY).lineTo(PAGE_WIDTH_PT - 18, cutY).dash(4, { space: 4 }).lineWidth(0.5).strokeColor('#777777').stroke().undash();
      doc.font(FONT.regular).fontSize(7).fillColor('#777777').text('✂', 8, cutY - 5, { lineBreak: false });
    }
  });
}

/** Footer on every page: what this document is and page n of m (the document must be created with bufferPages). */
export function drawFooters(doc: PDFKit.PDFDocument, text: string): void {
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    doc.font(FONT.regular).fontSize(7.5).fillColor('#666666')
      .text(`${text}   ·   ${index - range.start + 1}/${range.count}`, MARGIN_PT, PAGE_HEIGHT_PT - MARGIN_PT + 4, { width: PAGE_WIDTH_PT - 2 * MARGIN_PT, align: 'right', lineBreak: false });
  }
}
