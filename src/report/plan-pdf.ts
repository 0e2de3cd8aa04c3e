/**
 * The report document → A4 pages of drawing operations (text, rectangles, lines, circles) in PDF points, so the
 * ENTRY only replays them through pdfkit. Same document as the HTML, charts drawn as vector shapes. Pure.
 */
import { textWidthMm, wrapText, type FontWeight } from '../model/index.js';
import { BAR_COLOUR, SERIES_COLOURS, niceMax, seriesDepth, type Chart } from './charts.js';
import type { DocBlock, DocCell, DocTable, ReportDocument } from './report-document.js';

export type PdfOp =
  | { readonly kind: 'text'; readonly x: number; readonly y: number; readonly text: string; readonly sizePt: number; readonly weight: FontWeight; readonly colour: string; readonly align?: 'right' | 'center'; readonly width?: number }
  | { readonly kind: 'rect'; readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly fill?: string; readonly stroke?: string; readonly dash?: boolean }
  | { readonly kind: 'line'; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly colour: string; readonly widthPt: number }
  | { readonly kind: 'polyline'; readonly points: readonly (readonly [number, number])[]; readonly colour: string; readonly widthPt: number }
  | { readonly kind: 'circle'; readonly x: number; readonly y: number; readonly r: number; readonly fill: string };

export type PdfPage = readonly PdfOp[];

export const PAGE_WIDTH_PT = 595.28;
export const PAGE_HEIGHT_PT = 841.89;
const MARGIN_PT = 40;
const CONTENT_W = PAGE_WIDTH_PT - 2 * MARGIN_PT;
const BOTTOM = PAGE_HEIGHT_PT - MARGIN_PT - 14;
const BODY_PT = 8.5;
const TABLE_PT = 7.5;
const INK = '#1a1a1a';
const MUTED = '#5a5a5a';
const RED = '#b3001b';
const WARN_BG = '#fff4d6';
const WARN = '#7a5300';
const PT_PER_MM = 72 / 25.4;

function widthPt(text: string, sizePt: number, weight: FontWeight = 'regular'): number {
  return textWidthMm(text, sizePt, weight) * PT_PER_MM;
}

function wrap(text: string, width: number, sizePt: number, weight: FontWeight = 'regular'): string[] {
  return wrapText(text, width / PT_PER_MM, sizePt, weight);
}

class Pager {
  readonly pages: PdfOp[][] = [];
  private ops: PdfOp[] = [];
  y = MARGIN_PT;

  constructor(private readonly document: ReportDocument) {
    this.newPage();
  }

  newPage(): void {
    if (this.pages.length > 0 || this.ops.length > 0) this.finishPage();
    this.ops = [];
    this.y = MARGIN_PT;
    if (this.document.restrictedMark) {
      this.ops.push({ kind: 'rect', x: PAGE_WIDTH_PT - MARGIN_PT - 110, y: 14, w: 110, h: 16, fill: RED });
      this.ops.push({ kind: 'text', x: PAGE_WIDTH_PT - MARGIN_PT - 110, y: 18, width: 110, align: 'center', text: this.document.restrictedMark, sizePt: 9, weight: 'bold', colour: '#ffffff' });
    }
  }

  private finishPage(): void {
    const number = this.pages.length + 1;
    this.ops.push({ kind: 'line', x1: MARGIN_PT, y1: PAGE_HEIGHT_PT - MARGIN_PT + 2, x2: PAGE_WIDTH_PT - MARGIN_PT, y2: PAGE_HEIGHT_PT - MARGIN_PT + 2, colour: '#d0d0d0', widthPt: 0.5 });
    this.ops.push({ kind: 'text', x: MARGIN_PT, y: PAGE_HEIGHT_PT - MARGIN_PT + 6, text: `${this.document.title} · ${number}`, sizePt: 7, weight: 'regular', colour: MUTED });
    this.pages.push(this.ops);
  }

  finish(): PdfPage[] {
    this.finishPage();
    this.ops = [];
    return this.pages;
  }

  need(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  push(op: PdfOp): void {
    this.ops.push(op);
  }

  paragraph(text: string, sizePt: number, weight: FontWeight, colour: string, background?: string): void {
    const lines = wrap(text, CONTENT_W - (background ? 10 : 0), sizePt, weight);
    const lineH = sizePt * 1.3;
    const height = lines.length * lineH + (background ? 6 : 0);
    this.need(height);
    if (background) this.push({ kind: 'rect', x: MARGIN_PT, y: this.y, w: CONTENT_W, h: height, fill: background });
    lines.forEach((line, index) => this.push({ kind: 'text', x: MARGIN_PT + (background ? 5 : 0), y: this.y + (background ? 3 : 0) + index * lineH, text: line, sizePt, weight, colour }));
    this.y += height + 4;
  }
}

function cellColour(cell: DocCell): string {
  if (cell.flag) return RED;
  if (cell.hidden) return MUTED;
  return INK;
}

function drawTable(pager: Pager, table: DocTable): void {
  const columns = table.head.length;
  const padding = 3;
  const natural = table.head.map((head, column) => Math.max(
    Math.min(widthPt(head, TABLE_PT, 'bold'), 90),
    ...head.split(/\s+/).map((word) => widthPt(word, TABLE_PT, 'bold')),
    ...table.rows.map((row) => widthPt(row[column]?.text ?? '', TABLE_PT, row[column]?.strong ? 'bold' : 'regular')),
  ) + 2 * padding);
  // The first column keeps its labels readable; numbers shrink last.
  const total = natural.reduce((a, b) => a + b, 0);
  const widths = total <= CONTENT_W ? natural : natural.map((width, column) => {
    const firstShare = Math.min(natural[0]!, CONTENT_W * 0.3);
    if (column === 0) return firstShare;
    const rest = natural.slice(1).reduce((a, b) => a + b, 0);
    return ((CONTENT_W - firstShare) * width) / rest;
  });
  const xs = widths.reduce<number[]>((acc, width, index) => [...acc, (acc[index] ?? MARGIN_PT) + width], [MARGIN_PT]);
  const lineH = TABLE_PT * 1.25;
  const headLines = table.head.map((head, column) => wrap(head, widths[column]! - 2 * padding, TABLE_PT, 'bold'));
  const headH = Math.max(...headLines.map((lines) => lines.length)) * lineH + 2 * padding;
  const drawHead = (): void => {
    pager.push({ kind: 'rect', x: MARGIN_PT, y: pager.y, w: xs[columns]! - MARGIN_PT, h: headH, fill: '#f2f2f2' });
    headLines.forEach((lines, column) => lines.forEach((line, index) => pager.push({ kind: 'text', x: xs[column]! + padding, y: pager.y + padding + index * lineH, text: line, sizePt: TABLE_PT, weight: 'bold', colour: INK })));
    pager.y += headH;
  };
  if (table.caption) {
    pager.need(BODY_PT * 1.4 + headH + lineH * 2);
    pager.push({ kind: 'text', x: MARGIN_PT, y: pager.y, text: table.caption, sizePt: BODY_PT, weight: 'bold', colour: INK });
    pager.y += BODY_PT * 1.5;
  }
  pager.need(headH + lineH * 2);
  drawHead();
  for (const row of table.rows) {
    const cellLines = row.map((cell, column) => (cell.num ? [cell.text] : wrap(cell.text, widths[column]! - 2 * padding, TABLE_PT, cell.strong ? 'bold' : 'regular')));
    const rowH = Math.max(1, ...cellLines.map((lines) => lines.length)) * lineH + 2 * padding;
    if (pager.y + rowH > BOTTOM) {
      pager.newPage();
      drawHead();
    }
    row.forEach((cell, column) => {
      if (cell.provisional) pager.push({ kind: 'rect', x: xs[column]!, y: pager.y, w: widths[column]!, h: rowH, fill: WARN_BG });
      cellLines[column]!.forEach((line, index) => pager.push({
        kind: 'text', x: xs[column]! + padding, y: pager.y + padding + index * lineH, text: line, sizePt: TABLE_PT,
        weight: cell.strong || cell.flag ? 'bold' : 'regular', colour: cellColour(cell),
        ...(cell.num ? { align: 'right' as const, width: widths[column]! - 2 * padding } : {}),
      }));
    });
    pager.y += rowH;
    pager.push({ kind: 'line', x1: MARGIN_PT, y1: pager.y, x2: xs[columns]!, y2: pager.y, colour: '#d0d0d0', widthPt: 0.4 });
  }
  pager.y += 8;
}

function drawChart(pager: Pager, chart: Chart): void {
  pager.need(BODY_PT * 1.5 + 40);
  pager.push({ kind: 'text', x: MARGIN_PT, y: pager.y, text: chart.title, sizePt: BODY_PT, weight: 'bold', colour: INK });
  pager.y += BODY_PT * 1.6;
  if (chart.kind === 'bars') {
    const rowH = 12;
    const labelW = 150;
    const plotW = 260;
    const max = niceMax(Math.max(0, ...chart.bars.map((bar) => bar.value ?? 0)));
    pager.need(chart.bars.length * rowH + 6);
    chart.bars.forEach((bar, index) => {
      const y = pager.y + index * rowH;
      const w = bar.value === null ? 0 : (bar.value / max) * plotW;
      pager.push({ kind: 'text', x: MARGIN_PT, y: y + 2, width: labelW - 6, align: 'right', text: bar.label, sizePt: TABLE_PT, weight: 'regular', colour: INK });
      if (bar.value === null) pager.push({ kind: 'rect', x: MARGIN_PT + labelW, y: y + 1.5, w: 8, h: rowH - 3, stroke: '#888888', dash: true });
      else if (w > 0) pager.push({ kind: 'rect', x: MARGIN_PT + labelW, y: y + 1.5, w, h: rowH - 3, fill: BAR_COLOUR });
      pager.push({ kind: 'text', x: MARGIN_PT + labelW + Math.max(w, bar.value === null ? 8 : 0) + 4, y: y + 2, text: bar.shown, sizePt: TABLE_PT, weight: 'bold', colour: INK });
    });
    pager.y += chart.bars.length * rowH + 10;
    return;
  }
  const left = MARGIN_PT + 26;
  const plotW = CONTENT_W - 40;
  const plotH = 120;
  const legendH = 12 * Math.ceil(chart.series.length / 4);
  pager.need(plotH + 30 + legendH);
  const top = pager.y;
  const max = niceMax(Math.max(0, ...chart.series.flatMap((series) => series.points.map((point) => point ?? 0))));
  const n = chart.xLabels.length;
  const x = (index: number): number => left + (n <= 1 ? plotW / 2 : (index / (n - 1)) * plotW);
  const y = (value: number): number => top + plotH - (value / max) * plotH;
  for (let step = 0; step <= 4; step++) {
    const value = (max / 4) * step;
    pager.push({ kind: 'line', x1: left, y1: y(value), x2: left + plotW, y2: y(value), colour: '#dddddd', widthPt: 0.5 });
    pager.push({ kind: 'text', x: MARGIN_PT, y: y(value) - 3, width: 22, align: 'right', text: Number.isInteger(value) ? String(value) : value.toFixed(1), sizePt: 6.5, weight: 'regular', colour: MUTED });
  }
  const every = Math.max(1, Math.ceil(n / 8));
  chart.xLabels.forEach((label, index) => {
    if (index % every === 0) pager.push({ kind: 'text', x: x(index) - 30, y: top + plotH + 4, width: 60, align: 'center', text: label, sizePt: 6.5, weight: 'regular', colour: MUTED });
  });
  chart.series.forEach((series, seriesIndex) => {
    const colour = SERIES_COLOURS[seriesIndex % SERIES_COLOURS.length]!;
    const under = seriesDepth(seriesIndex, chart.series.length);
    let run: [number, number][] = [];
    const flush = (): void => {
      if (run.length > 1) pager.push({ kind: 'polyline', points: run, colour, widthPt: 1.5 + 1.5 * under });
      run = [];
    };
    series.points.forEach((point, index) => {
      if (point === null) { flush(); return; }
      run.push([x(index), y(point)]);
      pager.push({ kind: 'circle', x: x(index), y: y(point), r: 2 + 0.75 * under, fill: colour });
    });
    flush();
    const lx = left + (seriesIndex % 4) * 110;
    const ly = top + plotH + 16 + Math.floor(seriesIndex / 4) * 12;
    pager.push({ kind: 'rect', x: lx, y: ly, w: 8, h: 8, fill: colour });
    pager.push({ kind: 'text', x: lx + 11, y: ly, text: series.name, sizePt: 7, weight: 'regular', colour: INK });
  });
  pager.y = top + plotH + 20 + legendH + 6;
}

function drawBlock(pager: Pager, block: DocBlock): void {
  switch (block.kind) {
    case 'table':
      drawTable(pager, block);
      return;
    case 'note':
      pager.paragraph(block.text, BODY_PT, block.tone === 'warn' ? 'bold' : 'regular', block.tone === 'muted' ? MUTED : block.tone === 'warn' ? WARN : INK, block.tone === 'warn' ? WARN_BG : undefined);
      return;
    case 'cards': {
      const gap = 8;
      const w = (CONTENT_W - gap * (block.cards.length - 1)) / block.cards.length;
      const h = 46;
      pager.need(h + 6);
      block.cards.forEach((card, index) => {
        const x = MARGIN_PT + index * (w + gap);
        pager.push({ kind: 'rect', x, y: pager.y, w, h, stroke: card.alert ? RED : '#d0d0d0' });
        pager.push({ kind: 'text', x: x + 6, y: pager.y + 5, text: card.value.text, sizePt: 18, weight: 'bold', colour: card.alert ? RED : card.value.hidden ? MUTED : INK });
        wrap(card.label, w - 12, 7.5).slice(0, 2).forEach((line, lineIndex) => pager.push({ kind: 'text', x: x + 6, y: pager.y + 27 + lineIndex * 9, text: line, sizePt: 7.5, weight: 'regular', colour: MUTED }));
      });
      pager.y += h + 8;
      return;
    }
    case 'chart':
      drawChart(pager, block.chart);
      return;
    case 'columns':
      for (const inner of block.blocks) drawBlock(pager, inner);
      return;
  }
}

export function planReportPdf(document: ReportDocument): PdfPage[] {
  const pager = new Pager(document);
  pager.push({ kind: 'text', x: MARGIN_PT, y: pager.y, text: document.title, sizePt: 18, weight: 'bold', colour: RED });
  pager.y += 24;
  for (const line of document.subtitle) pager.paragraph(line, BODY_PT, 'regular', MUTED);
  for (const banner of document.banners) pager.paragraph(banner.text, 9, 'bold', banner.tone === 'restricted' ? '#ffffff' : WARN, banner.tone === 'restricted' ? RED : WARN_BG);
  const sections = [document.summary, ...document.sections];
  sections.forEach((section, index) => {
    if (index === 1) pager.newPage();
    else pager.need(120);
    pager.y += 4;
    pager.push({ kind: 'text', x: MARGIN_PT, y: pager.y, text: section.title, sizePt: 13, weight: 'bold', colour: INK });
    pager.y += 17;
    pager.push({ kind: 'line', x1: MARGIN_PT, y1: pager.y, x2: PAGE_WIDTH_PT - MARGIN_PT, y2: pager.y, colour: RED, widthPt: 1.2 });
    pager.y += 6;
    for (const block of section.blocks) drawBlock(pager, block);
    if (index === 0) for (const line of document.legend) pager.paragraph(line, 7, 'regular', MUTED);
  });
  pager.paragraph(document.footer, 7, 'regular', MUTED);
  return pager.finish();
}
