/**
 * Page geometry for every form: the one place where coordinates are made.
 * print/ draws these rectangles and text lines, scan/ reads these rectangles; neither may add offsets of its own.
 * All values in millimetres, origin top-left, y down. Deterministic: same definition and options → same layout.
 */
import {
  labelText,
  tableCellId,
  type CheckboxField,
  type ChoiceField,
  type DigitsField,
  type Field,
  type FieldId,
  type FormDefinition,
  type LanguageCode,
  type Option,
  type PaperSize,
  type SignatureField,
  type TableField,
  type TextField,
  type WordGridField,
  type Section,
} from './form-definition.js';
import { PaperlinkError } from './errors.js';
import { layoutFingerprint } from './fingerprint.js';
import type { BoxLayout, FieldLayout, Mark, QrPlacement } from './reading-geometry.js';
import { MARK_INSET_MM, MARK_ZONE_MM, PAPER_SIZES_MM, QR_QUIET_MM, markCentresMm, qrPlacementMm } from './page-furniture.js';
import { lineHeightMm, textWidthMm, wrapText, type FontWeight } from './text-metrics.js';
import type { Point, Rect, Size } from './units.js';

// The reading geometry lives below both this module and fingerprint.ts (which hashes it); importers keep finding it here.
export type { BoxLayout, BoxShape, FieldLayout, Mark, QrPlacement } from './reading-geometry.js';

// ── Sizes of what is drawn between the page furniture (page-furniture.ts) ─────────────────────────────────────
/** Boxes sized for a stressed volunteer's pen (house rule: checkboxes ≥ 5 mm, digit cells ≥ 6 × 8 mm). */
export const CHECKBOX_MM = 5.5;
export const DIGIT_CELL_W_MM = 6.5;
export const DIGIT_CELL_H_MM = 8.5;
const DIGIT_GROUP_GAP_MM = 3;
/** Height of one line of a text field's area (its `lines` lines are this far apart): printing types text on them. */
export const TEXT_LINE_PITCH_MM = 8;
const WORD_CELL_H_MM = 9;
const SIGNATURE_W_MM = 42;
const SIGNATURE_H_MM = 12;
const TABLE_ROW_H_MM = 9.5;
const TABLE_CELL_PAD_MM = 1;
const TABLE_MIN_COLUMN_MM = 13;
const FIELD_GAP_MM = 2.6;
const COLUMN_GAP_MM = 7;
const SIDE_MARGIN_MM = 14;
const BOTTOM_BAND_MM = 20;
const SECTION_BAR_MM = 6.5;
const OPTION_GAP_MM = 1.4;

// ── Type sizes (points: the font's own unit) ───────────────────────────────────────────────────────────────
const TITLE_PT = 12;
const INSTRUCTION_PT = 7;
const SECTION_PT = 9;
const LABEL_PT = 7.5;
const OPTION_PT = 7;
const SMALL_PT = 6.2;
const CODE_PT = 8;
const FOOTER_PT = 6.5;

export interface TextItem {
  readonly page: number;
  readonly xMm: number;
  readonly yMm: number;
  readonly wMm: number;
  readonly sizePt: number;
  readonly weight: FontWeight;
  readonly align: 'left' | 'center' | 'right';
  readonly tone: 'ink' | 'muted' | 'inverse';
  readonly lineHeightMm: number;
  readonly lines: readonly string[];
}

export interface RuleLine {
  readonly page: number;
  readonly from: Point;
  readonly to: Point;
  readonly widthMm: number;
  readonly tone: 'ink' | 'muted';
}

export interface Shade extends Rect { readonly page: number; readonly tone: 'section' | 'operator' }

export interface PageLayout {
  readonly page: number;
  readonly texts: readonly TextItem[];
  readonly rules: readonly RuleLine[];
  readonly shades: readonly Shade[];
}

export interface FormLayout {
  readonly formId: string;
  readonly formCode: string;
  readonly version: number;
  readonly paper: PaperSize;
  readonly orientation: FormDefinition['orientation'];
  readonly languages: readonly LanguageCode[];
  readonly page: Size;
  readonly pageCount: number;
  /** Centres and diameter of the four registration marks (same on every page): TL, TR, BR, BL. */
  readonly marks: readonly Mark[];
  readonly qr: QrPlacement;
  /** Where the human-readable site/serial/page/check lines are printed beside the QR. */
  readonly codeText: Rect & { readonly sizePt: number; readonly lineHeightMm: number };
  readonly fields: readonly FieldLayout[];
  readonly pages: readonly PageLayout[];
  readonly fingerprint: string;
}

export interface LayoutOptions {
  readonly paper?: PaperSize;
  readonly languages?: readonly LanguageCode[];
}

export const DEFAULT_LANGUAGES: readonly LanguageCode[] = ['nl', 'en'];

/** The printed instruction every form carries, in every language it prints. */
export const MARK_INSTRUCTION: Readonly<Record<'tick' | 'fill', Record<string, string>>> = {
  tick: {
    nl: '✓ of ✗ om aan te kruisen; vak helemaal zwart maken = doorhalen; één cijfer per vak; blokletters.',
    en: '✓ or ✗ to mark; black the box out to cancel; one digit per box; block capitals.',
    uk: '✓ або ✗ — позначити; зафарбуйте квадрат повністю, щоб скасувати; одна цифра в клітинці.',
    pl: '✓ lub ✗ aby zaznaczyć; zaczernij całe pole, aby anulować; jedna cyfra w kratce.',
    tr: 'İşaretlemek için ✓ veya ✗; iptal için kutuyu tamamen karartın; her kutuya bir rakam.',
  },
  fill: {
    nl: 'Vak helemaal zwart maken om te kiezen; één cijfer per vak; blokletters.',
    en: 'Fill the box completely to choose; one digit per box; block capitals.',
    uk: 'Зафарбуйте квадрат повністю, щоб вибрати; одна цифра в клітинці.',
    pl: 'Zaczernij całe pole, aby wybrać; jedna cyfra w kratce.',
    tr: 'Seçmek için kutuyu tamamen doldurun; her kutuya bir rakam.',
  },
};

interface Frame { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number }

/** Collects geometry while the flow cursor moves through columns and pages. */
class Flow {
  readonly fields: FieldLayout[] = [];
  readonly pages: { texts: TextItem[]; rules: RuleLine[]; shades: Shade[] }[] = [];
  page = 1;
  column = 0;
  y: number;
  constructor(readonly frame: Frame, readonly columns: number) {
    this.y = frame.top;
    this.newPageStore();
  }
  get columnWidth(): number {
    return (this.frame.right - this.frame.left - COLUMN_GAP_MM * (this.columns - 1)) / this.columns;
  }
  get x(): number {
    return this.frame.left + this.column * (this.columnWidth + COLUMN_GAP_MM);
  }
  private newPageStore(): void {
    this.pages.push({ texts: [], rules: [], shades: [] });
  }
  nextPage(): void {
    this.page += 1;
    this.column = 0;
    this.y = this.frame.top;
    this.newPageStore();
  }
  nextColumn(): void {
    if (this.column + 1 < this.columns) {
      this.column += 1;
      this.y = this.frame.top;
    } else this.nextPage();
  }
  /** Makes room for a block of the given height, moving on to the next column or page when needed. */
  reserve(heightMm: number): void {
    if (this.y + heightMm <= this.frame.bottom + 1e-9) return;
    const atTop = Math.abs(this.y - this.frame.top) < 1e-9;
    if (atTop) return; // taller than a column: it cannot fit anywhere better; the invariant test catches it
    this.nextColumn();
  }
  text(item: Omit<TextItem, 'page'>): void {
    this.pages[this.page - 1]!.texts.push({ ...item, page: this.page });
  }
  rule(from: Point, to: Point, widthMm: number, tone: RuleLine['tone']): void {
    this.pages[this.page - 1]!.rules.push({ page: this.page, from, to, widthMm, tone });
  }
  shade(rect: Rect, tone: Shade['tone']): void {
    this.pages[this.page - 1]!.shades.push({ ...rect, page: this.page, tone });
  }
  field(id: FieldId, kind: FieldLayout['kind'], boxes: BoxLayout[]): void {
    this.fields.push({ id, kind, page: this.page, boxes });
  }
}

function textItem(x: number, y: number, w: number, lines: string[], sizePt: number, weight: FontWeight = 'regular',
  align: TextItem['align'] = 'left', tone: TextItem['tone'] = 'ink'): Omit<TextItem, 'page'> {
  return { xMm: x, yMm: y, wMm: w, sizePt, weight, align, tone, lineHeightMm: lineHeightMm(sizePt), lines };
}

/** Lays out a form: marks, QR, header, every field's boxes, for the given paper and label languages. */
export function layoutForm(definition: FormDefinition, options: LayoutOptions = {}): FormLayout {
  const paper = options.paper ?? 'a4';
  const languages = orderLanguages(options.languages ?? DEFAULT_LANGUAGES);
  const base = PAPER_SIZES_MM[paper];
  const page: Size = definition.orientation === 'landscape'
    ? { widthMm: base.heightMm, heightMm: base.widthMm }
    : base;
  const W = page.widthMm;
  const H = page.heightMm;
  const marks = markCentresMm(page);
  const qr = qrPlacementMm(page);
  const codeTextW = 44;
  const codeText = {
    xMm: qr.xMm - QR_QUIET_MM - codeTextW, yMm: qr.yMm + 2, wMm: codeTextW, hMm: 4 * lineHeightMm(CODE_PT),
    sizePt: CODE_PT, lineHeightMm: lineHeightMm(CODE_PT),
  };
  // Content starts below whichever is lower: the QR's quiet zone or the title block.
  const headerBottom = Math.max(qr.yMm + qr.sizeMm + QR_QUIET_MM,
    ...headerTexts(definition, languages, 1, 2, W, qr).map((item) => item.yMm + item.lines.length * item.lineHeightMm));
  const frame: Frame = { left: SIDE_MARGIN_MM, top: headerBottom + 2, right: W - SIDE_MARGIN_MM, bottom: H - BOTTOM_BAND_MM };
  const flow = new Flow(frame, definition.columns);
  const companions = new Map<FieldId, ChoiceField>();
  for (const section of definition.sections) for (const field of section.fields) {
    if (field.kind === 'choice' && field.alongside) companions.set(field.alongside, field);
  }

  definition.sections.forEach((section, sectionIndex) => {
    if (section.pageBreakBefore && sectionIndex > 0) flow.nextPage();
    const firstField = section.fields.find((field) => !(field.kind === 'choice' && field.alongside));
    const firstGroup = groupFields(section)[0] ?? [];
    const firstHeight = firstGroup[0] && isRowField(section, firstGroup[0]) ? rowHeightOf(firstGroup, flow.columnWidth, languages)
      : firstField ? measureField(firstField, flow.columnWidth, languages, companions) : 0;
    flow.reserve(SECTION_BAR_MM + 1.5 + firstHeight);
    const titleLines = wrapText(labelText(section.title, languages), flow.columnWidth - 3, SECTION_PT, 'bold');
    const barHeight = Math.max(SECTION_BAR_MM, titleLines.length * lineHeightMm(SECTION_PT) + 1.6);
    flow.shade({ xMm: flow.x, yMm: flow.y, wMm: flow.columnWidth, hMm: barHeight }, 'section');
    flow.text(textItem(flow.x + 1.5, flow.y + 0.8, flow.columnWidth - 3, titleLines, SECTION_PT, 'bold', 'left', 'inverse'));
    flow.y += barHeight + 1.5;
    for (const group of groupFields(section)) {
      if (group.length > 1 || (group[0] && isRowField(section, group[0]))) {
        placeRow(flow, group, languages);
        continue;
      }
      const field = group[0]!;
      if (field.kind === 'choice' && field.alongside) continue; // drawn with its checkbox group
      const height = measureField(field, flow.columnWidth, languages, companions);
      flow.reserve(height);
      placeField(flow, field, languages, companions, definition.markMode);
      flow.y += FIELD_GAP_MM;
    }
    flow.y += 1;
  });

  if (definition.footerNote) {
    const lines = wrapText(labelText(definition.footerNote, languages), flow.columnWidth, SMALL_PT, 'bold');
    const height = lines.length * lineHeightMm(SMALL_PT);
    flow.reserve(height);
    flow.text(textItem(flow.x, flow.y, flow.columnWidth, lines, SMALL_PT, 'bold'));
    flow.y += height;
  }

  const pageCount = flow.pages.length;
  const pages: PageLayout[] = flow.pages.map((store, index) => {
    const number = index + 1;
    const texts = [...headerTexts(definition, languages, number, pageCount, W, qr), ...store.texts];
    const footerX = MARK_ZONE_MM + 2;
    texts.push({
      page: number, ...textItem(footerX, H - MARK_INSET_MM - 1.5, W - 2 * footerX,
        [footerLine(definition, languages, number, pageCount)], FOOTER_PT, 'regular', 'center', 'muted'),
    });
    return { page: number, texts, rules: store.rules, shades: store.shades };
  });

  const withoutFingerprint = {
    formId: definition.id, formCode: definition.code, version: definition.version, paper,
    orientation: definition.orientation, languages, page, pageCount, marks, qr, codeText, fields: flow.fields, pages,
  };
  return { ...withoutFingerprint, fingerprint: layoutFingerprint(withoutFingerprint) };
}

/** Dutch first, English second, then the others in the order asked: the house order of every label. */
function orderLanguages(languages: readonly LanguageCode[]): LanguageCode[] {
  const rest = languages.filter((language) => language !== 'nl' && language !== 'en');
  return ['nl', 'en', ...rest.filter((language, index) => rest.indexOf(language) === index)];
}

function headerTexts(definition: FormDefinition, languages: readonly LanguageCode[], page: number, pageCount: number,
  W: number, qr: QrPlacement): TextItem[] {
  const left = MARK_ZONE_MM + 2;
  const right = qr.xMm - QR_QUIET_MM - 46;
  const width = right - left;
  const titleLines = wrapText(labelText(definition.title, languages), width, TITLE_PT, 'bold');
  const items: TextItem[] = [{ page, ...textItem(left, 7, width, titleLines, TITLE_PT, 'bold') }];
  let y = 7 + titleLines.length * lineHeightMm(TITLE_PT) + 1;
  const instruction = languages.map((language) => MARK_INSTRUCTION[definition.markMode][language]).filter(Boolean).join('\n');
  const instructionLines = wrapText(instruction, width, INSTRUCTION_PT);
  items.push({ page, ...textItem(left, y, width, instructionLines, INSTRUCTION_PT) });
  y += instructionLines.length * lineHeightMm(INSTRUCTION_PT);
  if (pageCount > 1) {
    items.push({ page, ...textItem(left, y + 0.5, width, [`${pageWord(languages)} ${page}/${pageCount}`], INSTRUCTION_PT, 'bold') });
  }
  return items;
}

function pageWord(languages: readonly LanguageCode[]): string {
  return languages.includes('en') ? 'Pagina / Page' : 'Pagina';
}

function footerLine(definition: FormDefinition, languages: readonly LanguageCode[], page: number, pageCount: number): string {
  return `paperlink · ${definition.id} v${definition.version} · ${pageWord(languages)} ${page}/${pageCount} · ${languages.join(',')}`;
}

// ── Measuring and placing fields ───────────────────────────────────────────────────────────────────────────

function fieldLabel(field: Field, languages: readonly LanguageCode[]): string {
  const text = labelText(field.label, languages);
  const condition = field.condition ? ` (${labelText(field.condition, languages)})` : '';
  return `${text}${field.required === 'required' ? ' *' : ''}${condition}`;
}

function digitsWidth(field: DigitsField): number {
  return field.count * DIGIT_CELL_W_MM + (field.groups.length - 1) * DIGIT_GROUP_GAP_MM;
}

function measureField(field: Field, width: number, languages: readonly LanguageCode[], companions: Map<FieldId, ChoiceField>): number {
  const probe = new Flow({ left: 0, top: 0, right: width, bottom: Number.POSITIVE_INFINITY }, 1);
  placeField(probe, field, languages, companions, 'tick');
  return probe.y;
}

function placeField(flow: Flow, field: Field, languages: readonly LanguageCode[], companions: Map<FieldId, ChoiceField>,
  markMode: FormDefinition['markMode']): void {
  switch (field.kind) {
    case 'checkbox':
      placeOptions(flow, field, languages, companions.get(field.id));
      return;
    case 'choice':
      placeOptions(flow, field, languages, undefined);
      return;
    case 'digits':
      placeDigits(flow, field, languages);
      return;
    case 'text':
      placeText(flow, field, languages);
      return;
    case 'signature':
      placeSignature(flow, field, languages);
      return;
    case 'wordgrid':
      placeWordGrid(flow, field, languages);
      return;
    case 'table':
      placeTable(flow, field, languages, markMode);
      return;
  }
}

function placeLabel(flow: Flow, text: string, width: number, x = flow.x): number {
  const lines = wrapText(text, width, LABEL_PT, 'bold');
  flow.text(textItem(x, flow.y, width, lines, LABEL_PT, 'bold'));
  return lines.length * lineHeightMm(LABEL_PT);
}

function placeOptions(flow: Flow, field: CheckboxField | ChoiceField, languages: readonly LanguageCode[], companion: ChoiceField | undefined): void {
  const width = flow.columnWidth;
  flow.y += placeLabel(flow, fieldLabel(field, languages), width) + 0.8;
  if (companion) {
    const hint = wrapText(`○ = ${fieldLabel(companion, languages)}`, width, SMALL_PT);
    flow.text(textItem(flow.x, flow.y, width, hint, SMALL_PT));
    flow.y += hint.length * lineHeightMm(SMALL_PT) + 0.6;
  }
  const boxesWidth = CHECKBOX_MM + (companion ? CHECKBOX_MM + OPTION_GAP_MM : 0) + OPTION_GAP_MM;
  const optionColumns = chooseOptionColumns(field.options, width, boxesWidth, languages);
  const itemWidth = (width - (optionColumns - 1) * 2) / optionColumns;
  const labelWidth = itemWidth - boxesWidth;
  const shape = field.kind === 'choice' ? 'circle' : 'square';
  const boxes: BoxLayout[] = [];
  const companionBoxes: BoxLayout[] = [];
  const rows = Math.ceil(field.options.length / optionColumns);
  // Options run down the columns (like a printed list), so reading order matches the definition.
  for (let row = 0; row < rows; row++) {
    let rowHeight = CHECKBOX_MM;
    const placed: { option: Option; x: number; lines: string[] }[] = [];
    for (let column = 0; column < optionColumns; column++) {
      const option = field.options[column * rows + row];
      if (!option) continue;
      const lines = wrapText(labelText(option.label, languages), labelWidth, OPTION_PT, optionWeight(option));
      rowHeight = Math.max(rowHeight, lines.length * lineHeightMm(OPTION_PT));
      placed.push({ option, x: flow.x + column * (itemWidth + 2), lines });
    }
    for (const { option, x, lines } of placed) {
      const boxY = flow.y + (rowHeight - CHECKBOX_MM) / 2;
      boxes.push({ xMm: x, yMm: boxY, wMm: CHECKBOX_MM, hMm: CHECKBOX_MM, shape, value: option.value });
      if (companion) {
        companionBoxes.push({ xMm: x + CHECKBOX_MM + OPTION_GAP_MM, yMm: boxY, wMm: CHECKBOX_MM, hMm: CHECKBOX_MM, shape: 'circle', value: option.value });
      }
      const textHeight = lines.length * lineHeightMm(OPTION_PT);
      flow.text(textItem(x + boxesWidth, flow.y + (rowHeight - textHeight) / 2, labelWidth, lines, OPTION_PT, optionWeight(option)));
    }
    flow.y += rowHeight + OPTION_GAP_MM;
  }
  // Boxes in definition order (they were placed row by row): box i stands for option i.
  const order = (box: BoxLayout): number => field.options.findIndex((option) => option.value === box.value);
  flow.field(field.id, field.kind, boxes.sort((a, b) => order(a) - order(b)));
  if (companion) flow.field(companion.id, 'choice', companionBoxes.sort((a, b) => order(a) - order(b)));
}

/** Life-safety options print in bold so a volunteer's eye catches them. */
function optionWeight(option: Option): FontWeight {
  return option.lifeSafety ? 'bold' : 'regular';
}

/** As many option columns as fit with every option label on at most two lines (one column at least). */
function chooseOptionColumns(options: readonly Option[], width: number, boxesWidth: number, languages: readonly LanguageCode[]): number {
  for (let columns = Math.min(4, options.length); columns > 1; columns--) {
    const labelWidth = (width - (columns - 1) * 2) / columns - boxesWidth;
    if (labelWidth < 14) continue;
    if (options.every((option) => wrapText(labelText(option.label, languages), labelWidth, OPTION_PT, optionWeight(option)).length <= 2)) return columns;
  }
  return 1;
}

function digitCells(x: number, y: number, field: DigitsField): { boxes: BoxLayout[]; separators: Point[] } {
  const boxes: BoxLayout[] = [];
  const separators: Point[] = [];
  let cursor = x;
  let index = 0;
  field.groups.forEach((size, groupIndex) => {
    if (groupIndex > 0) {
      separators.push({ xMm: cursor + DIGIT_GROUP_GAP_MM / 2, yMm: y + DIGIT_CELL_H_MM / 2 });
      cursor += DIGIT_GROUP_GAP_MM;
    }
    for (let cell = 0; cell < size; cell++) {
      boxes.push({ xMm: cursor, yMm: y, wMm: DIGIT_CELL_W_MM, hMm: DIGIT_CELL_H_MM, shape: 'cell', value: index++ });
      cursor += DIGIT_CELL_W_MM;
    }
  });
  return { boxes, separators };
}

function placeSeparators(flow: Flow, field: DigitsField, separators: Point[]): void {
  for (const point of separators) {
    flow.text(textItem(point.xMm - 1.5, point.yMm - lineHeightMm(LABEL_PT) / 2, 3, [field.separator], LABEL_PT, 'bold', 'center'));
  }
}

function placeDigits(flow: Flow, field: DigitsField, languages: readonly LanguageCode[]): void {
  const width = flow.columnWidth;
  const cellsWidth = digitsWidth(field);
  const label = fieldLabel(field, languages);
  const besideWidth = width - cellsWidth - 2;
  const beside = besideWidth >= 24 && wrapText(label, besideWidth, LABEL_PT, 'bold').length <= 3;
  let cellsX = flow.x;
  let cellsY = flow.y;
  let height: number;
  if (beside) {
    const lines = wrapText(label, besideWidth, LABEL_PT, 'bold');
    const labelHeight = lines.length * lineHeightMm(LABEL_PT);
    height = Math.max(DIGIT_CELL_H_MM, labelHeight);
    flow.text(textItem(flow.x, flow.y + (height - labelHeight) / 2, besideWidth, lines, LABEL_PT, 'bold'));
    cellsX = flow.x + width - cellsWidth;
    cellsY = flow.y + (height - DIGIT_CELL_H_MM) / 2;
  } else {
    const labelHeight = placeLabel(flow, label, width) + 0.8;
    cellsY = flow.y + labelHeight;
    height = labelHeight + DIGIT_CELL_H_MM;
  }
  const { boxes, separators } = digitCells(cellsX, cellsY, field);
  placeSeparators(flow, field, separators);
  flow.field(field.id, 'digits', boxes);
  flow.y += height;
}

/** In a "row" section, digits and signature fields stand side by side; other fields stack below as usual. */
function isRowField(section: Section, field: Field): boolean {
  return section.arrangement === 'row' && (field.kind === 'digits' || field.kind === 'signature');
}

/** The section's fields in placement groups: runs of row fields together, every other field alone. */
function groupFields(section: Section): Field[][] {
  const groups: Field[][] = [];
  for (const field of section.fields) {
    const last = groups[groups.length - 1];
    if (last && isRowField(section, field) && last[0] && isRowField(section, last[0])) last.push(field);
    else groups.push([field]);
  }
  return groups;
}

/** Natural width of a field standing in a row: its cells or box, widened for a short label (capped). */
function rowItemWidth(field: Field, languages: readonly LanguageCode[]): number {
  const boxWidth = field.kind === 'digits' ? digitsWidth(field) : SIGNATURE_W_MM;
  const labelWidth = Math.min(48, textWidthMm(fieldLabel(field, languages), LABEL_PT, 'bold') + 1);
  return Math.max(boxWidth, labelWidth);
}

/** Splits row fields into lines that fit the column width; each line is a list of [field, x offset, width]. */
function rowLines(fields: readonly Field[], width: number, languages: readonly LanguageCode[]): [Field, number, number][][] {
  const lines: [Field, number, number][][] = [[]];
  let x = 0;
  for (const field of fields) {
    const itemWidth = Math.min(width, rowItemWidth(field, languages));
    if (x > 0 && x + itemWidth > width) {
      lines.push([]);
      x = 0;
    }
    lines[lines.length - 1]!.push([field, x, itemWidth]);
    x += itemWidth + 4;
  }
  return lines;
}

function rowHeightOf(fields: readonly Field[], width: number, languages: readonly LanguageCode[]): number {
  return rowLines(fields, width, languages).reduce((sum, line) => sum + Math.max(...line.map(([field, , itemWidth]) =>
    wrapText(fieldLabel(field, languages), itemWidth, LABEL_PT, 'bold').length * lineHeightMm(LABEL_PT) + 0.8 +
    (field.kind === 'digits' ? DIGIT_CELL_H_MM : SIGNATURE_H_MM))) + FIELD_GAP_MM, 0);
}

/** A compact strip: short fields side by side, label above its cells, wrapping to a new line when full. */
function placeRow(flow: Flow, fields: readonly Field[], languages: readonly LanguageCode[]): void {
  for (const line of rowLines(fields, flow.columnWidth, languages)) {
    const labels = line.map(([field, , itemWidth]) => wrapText(fieldLabel(field, languages), itemWidth, LABEL_PT, 'bold'));
    const labelHeight = Math.max(...labels.map((lines) => lines.length)) * lineHeightMm(LABEL_PT) + 0.8;
    const boxHeight = Math.max(...line.map(([field]) => (field.kind === 'digits' ? DIGIT_CELL_H_MM : SIGNATURE_H_MM)));
    flow.reserve(labelHeight + boxHeight);
    line.forEach(([field, offset, itemWidth], index) => {
      const x = flow.x + offset;
      flow.text(textItem(x, flow.y + labelHeight - 0.8 - (labels[index]?.length ?? 1) * lineHeightMm(LABEL_PT), itemWidth, labels[index] ?? [], LABEL_PT, 'bold'));
      if (field.kind === 'digits') {
        const { boxes, separators } = digitCells(x, flow.y + labelHeight, field);
        placeSeparators(flow, field, separators);
        flow.field(field.id, 'digits', boxes);
      } else {
        flow.field(field.id, 'signature', [{ xMm: x, yMm: flow.y + labelHeight, wMm: Math.min(itemWidth, SIGNATURE_W_MM), hMm: SIGNATURE_H_MM, shape: 'area' }]);
      }
    });
    flow.y += labelHeight + boxHeight + FIELD_GAP_MM;
  }
}

function placeText(flow: Flow, field: TextField, languages: readonly LanguageCode[]): void {
  const width = flow.columnWidth;
  flow.y += placeLabel(flow, fieldLabel(field, languages), width) + 0.8;
  const area: BoxLayout = { xMm: flow.x, yMm: flow.y, wMm: width, hMm: field.lines * TEXT_LINE_PITCH_MM, shape: 'area' };
  for (let line = 1; line < field.lines; line++) {
    const y = flow.y + line * TEXT_LINE_PITCH_MM;
    flow.rule({ xMm: flow.x + 1.5, yMm: y }, { xMm: flow.x + width - 1.5, yMm: y }, 0.15, 'muted');
  }
  flow.field(field.id, 'text', [area]);
  flow.y += area.hMm;
}

function placeSignature(flow: Flow, field: SignatureField, languages: readonly LanguageCode[]): void {
  const width = flow.columnWidth;
  const boxWidth = Math.min(SIGNATURE_W_MM, width);
  const besideWidth = width - boxWidth - 2;
  const label = fieldLabel(field, languages);
  if (besideWidth >= 24) {
    const lines = wrapText(label, besideWidth, LABEL_PT, 'bold');
    const height = Math.max(SIGNATURE_H_MM, lines.length * lineHeightMm(LABEL_PT));
    flow.text(textItem(flow.x, flow.y + (height - lines.length * lineHeightMm(LABEL_PT)) / 2, besideWidth, lines, LABEL_PT, 'bold'));
    flow.field(field.id, 'signature', [{ xMm: flow.x + width - boxWidth, yMm: flow.y + (height - SIGNATURE_H_MM) / 2, wMm: boxWidth, hMm: SIGNATURE_H_MM, shape: 'area' }]);
    flow.y += height;
    return;
  }
  flow.y += placeLabel(flow, label, width) + 0.8;
  flow.field(field.id, 'signature', [{ xMm: flow.x, yMm: flow.y, wMm: boxWidth, hMm: SIGNATURE_H_MM, shape: 'area' }]);
  flow.y += SIGNATURE_H_MM;
}

function placeWordGrid(flow: Flow, field: WordGridField, languages: readonly LanguageCode[]): void {
  const width = flow.columnWidth;
  flow.y += placeLabel(flow, fieldLabel(field, languages), width) + 0.8;
  const cellWidth = width / field.cols;
  const boxes: BoxLayout[] = [];
  for (let row = 0; row < field.rows; row++) {
    for (let col = 0; col < field.cols; col++) {
      const index = row * field.cols + col;
      boxes.push({ xMm: flow.x + col * cellWidth, yMm: flow.y + row * WORD_CELL_H_MM, wMm: cellWidth, hMm: WORD_CELL_H_MM, shape: 'cell', value: index });
      flow.text(textItem(flow.x + col * cellWidth + 0.6, flow.y + row * WORD_CELL_H_MM + 0.4, 5, [String(index + 1)], 5, 'regular', 'left', 'muted'));
    }
  }
  flow.field(field.id, 'wordgrid', boxes);
  flow.y += field.rows * WORD_CELL_H_MM;
}

function tableColumnWidth(cell: TableField['columns'][number]): number {
  switch (cell.kind) {
    case 'digits':
      return Math.max(TABLE_MIN_COLUMN_MM, digitsWidth(cell) + 2 * TABLE_CELL_PAD_MM);
    case 'checkbox':
      return Math.max(TABLE_MIN_COLUMN_MM, cell.options.length * (CHECKBOX_MM + 1.5) + 2 * TABLE_CELL_PAD_MM);
    case 'signature':
      return 24;
    case 'text':
      return 34;
  }
}

function placeTable(flow: Flow, field: TableField, languages: readonly LanguageCode[], markMode: FormDefinition['markMode']): void {
  void markMode;
  const width = flow.columnWidth;
  const labelled = field.rows.some((row) => row.label);
  const rowLabels = field.rows.map((row) => (row.label ? labelText(row.label, languages) : row.id));
  const rowLabelWidth = labelled
    ? Math.min(32, Math.max(...rowLabels.map((label) => textWidthMm(label, OPTION_PT))) + 2)
    : Math.max(6, Math.max(...rowLabels.map((label) => textWidthMm(label, OPTION_PT))) + 2);
  const natural = field.columns.map(tableColumnWidth);
  const naturalTotal = rowLabelWidth + natural.reduce((sum, w) => sum + w, 0);
  if (naturalTotal > width + 1e-6) {
    throw new PaperlinkError('form-invalid', `Table "${field.id}" needs ${naturalTotal.toFixed(0)} mm but its column is ${width.toFixed(0)} mm wide.`,
      'Give the table fewer cells, or set "columns": 1 or "orientation": "landscape" on the form.', { field: field.id });
  }
  // Spread the spare width over the columns so the table spans its column neatly.
  const spare = (width - naturalTotal) / field.columns.length;
  const widths = natural.map((w) => w + spare);
  flow.y += placeLabel(flow, fieldLabel(field, languages), width) + 0.8;
  const headerLines = field.columns.map((cell, index) => wrapText(labelText(cell.label, languages), (widths[index] ?? 10) - 1, SMALL_PT));
  const headerHeight = Math.max(...headerLines.map((lines) => lines.length)) * lineHeightMm(SMALL_PT) + 1;
  const top = flow.y;
  let x = flow.x + rowLabelWidth;
  field.columns.forEach((_, index) => {
    flow.text(textItem(x + 0.5, top + 0.5, (widths[index] ?? 10) - 1, headerLines[index] ?? [], SMALL_PT, 'regular', 'center'));
    x += widths[index] ?? 0;
  });
  flow.rule({ xMm: flow.x, yMm: top + headerHeight }, { xMm: flow.x + width, yMm: top + headerHeight }, 0.3, 'ink');
  const rowHeight = Math.max(TABLE_ROW_H_MM, ...rowLabels.map((label) => (labelled ? wrapText(label, rowLabelWidth - 1, OPTION_PT).length : 1) * lineHeightMm(OPTION_PT) + 1));
  field.rows.forEach((row, rowIndex) => {
    const y = top + headerHeight + rowIndex * rowHeight;
    const lines = labelled ? wrapText(rowLabels[rowIndex] ?? '', rowLabelWidth - 1, OPTION_PT) : [rowLabels[rowIndex] ?? ''];
    flow.text(textItem(flow.x, y + (rowHeight - lines.length * lineHeightMm(OPTION_PT)) / 2, rowLabelWidth - 1, lines, OPTION_PT, 'bold', labelled ? 'left' : 'center'));
    let cellX = flow.x + rowLabelWidth;
    field.columns.forEach((cell, columnIndex) => {
      const cellWidth = widths[columnIndex] ?? 0;
      const id = tableCellId(field.id, row.id, cell.id);
      placeTableCell(flow, id, cell, cellX, y, cellWidth, rowHeight);
      cellX += cellWidth;
    });
    flow.rule({ xMm: flow.x, yMm: y + rowHeight }, { xMm: flow.x + width, yMm: y + rowHeight }, 0.15, 'muted');
  });
  flow.y = top + headerHeight + field.rows.length * rowHeight;
}

function placeTableCell(flow: Flow, id: FieldId, cell: TableField['columns'][number], x: number, y: number, width: number, rowHeight: number): void {
  switch (cell.kind) {
    case 'digits': {
      const cellsWidth = digitsWidth(cell);
      const { boxes, separators } = digitCells(x + (width - cellsWidth) / 2, y + (rowHeight - DIGIT_CELL_H_MM) / 2, cell);
      placeSeparators(flow, cell, separators);
      flow.field(id, 'digits', boxes);
      return;
    }
    case 'checkbox': {
      const total = cell.options.length * (CHECKBOX_MM + 1.5) - 1.5;
      const boxes = cell.options.map((option, index): BoxLayout => ({
        xMm: x + (width - total) / 2 + index * (CHECKBOX_MM + 1.5), yMm: y + (rowHeight - CHECKBOX_MM) / 2,
        wMm: CHECKBOX_MM, hMm: CHECKBOX_MM, shape: 'square', value: option.value,
      }));
      flow.field(id, 'checkbox', boxes);
      return;
    }
    case 'signature':
    case 'text':
      flow.field(id, cell.kind, [{ xMm: x + 1, yMm: y + 0.75, wMm: width - 2, hMm: rowHeight - 1.5, shape: 'area' }]);
      return;
  }
}

/** The field layout for a leaf id, or undefined when the layout has no such field. */
export function findFieldLayout(layout: FormLayout, id: FieldId): FieldLayout | undefined {
  return layout.fields.find((field) => field.id === id);
}

/**
 * The documented layout JSON (README, `paperlink layout --json`): page, marks (centres), qr, fields with boxes.
 * Third-party tools read geometry from this; more keys may be added, none removed.
 */
export function documentedLayout(layout: FormLayout): unknown {
  return {
    form: layout.formId, version: layout.version, fingerprint: layout.fingerprint, paper: layout.paper, languages: layout.languages,
    page: layout.page, pageCount: layout.pageCount,
    marks: layout.marks, qr: { xMm: layout.qr.xMm, yMm: layout.qr.yMm, sizeMm: layout.qr.sizeMm },
    fields: layout.fields.map((field) => ({
      id: field.id, kind: field.kind, page: field.page,
      boxes: field.boxes.map((box) => ({ xMm: box.xMm, yMm: box.yMm, wMm: box.wMm, hMm: box.hMm, ...(box.value !== undefined ? { value: box.value } : {}) })),
    })),
  };
}
