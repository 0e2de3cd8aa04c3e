/**
 * Reads one page image: decode the sheet QR → identify the layout → register → read every field → crops.
 * The steps are listed here in order (house rule 7); each is a pure function in its own file.
 * Returns a reading or the reason the page is unreadable; it never touches files or the workspace.
 */
import { assertNever, checkPageFields, humanSheetId, leafFields, type DigitsField, type LeafField, type FieldLayout, type FieldReading, type FormLayout, type GrayImage, type Metrics, type PageMetrics, type SheetCode, type UnreadableReason } from '../model/index.js';
import type { StoredLayout } from '../store/index.js';
import { measureCaptureTone } from './capture-tone.js';
import { cropDigitCells, cropField, readSignatureField, readWritingField } from './crop-field.js';
import { decideDigitField } from './decide-digits.js';
import { readDigitFields } from './read-digits.js';
import { decodeSheetQr, identifySheet, type LayoutLookup } from './decode-sheet-code.js';
import { readCheckboxField } from './read-checkbox.js';
import { registerFromMarks, registerPage, type InkLevels, type PageTransform, type Registration } from './register-page.js';
import { samplePageRect } from './sample-page.js';
import { detectionFactor, shrinkImage } from './shrink-image.js';
import {
  BLANK_PAGE_DARK_STEP, BLANK_PAGE_MAX_DARK_FRACTION, DETECTION_LONG_SIDE_PX, MAX_DETECTION_FACTOR, PAGE_IMAGE_PX_PER_MM,
} from './thresholds.js';
import { localHomography } from './local-correction.js';
import { rereadUnsureDigits, type ReadDigitField, type WholeResolution } from './reread-digits.js';
import { composeHomographies, type Homography } from './transform.js';

export type { LayoutLookup } from './decode-sheet-code.js';
export type { PageTransform } from './register-page.js';

export type PageReading =
  | {
    readonly kind: 'read'; readonly qrText: string; readonly code: SheetCode; readonly stored: StoredLayout; readonly pageNo: number;
    readonly transform: PageTransform;
    /** Every leaf field on this page, in layout order. */
    readonly fields: FieldReading[];
    /** Text, signature, word-grid and digit fields: whole field area + 2 mm margin at 8 px/mm, for review. */
    readonly crops: { fieldId: string; image: GrayImage }[];
    /** Per digit field, one crop per cell: cell + 1 mm margin at DIGIT_CROP_PX_PER_MM (the recogniser's input). */
    readonly digitCells: { fieldId: string; cells: GrayImage[] }[];
    /** The registered page resampled upright at PAGE_IMAGE_PX_PER_MM, for the review zoom view. */
    readonly pageImage: GrayImage;
    readonly metrics: PageMetrics;
  }
  | {
    readonly kind: 'unreadable'; readonly reason: UnreadableReason; readonly message: string;
    readonly qrText?: string; readonly code?: SheetCode; readonly metrics: PageMetrics;
  };

export interface ReadPageOptions {
  /** A person keyed the printed id of a page whose QR is unreadable: skip decoding, register from the marks alone. */
  readonly knownCode?: SheetCode;
  /** The image is the file decoded smaller: digit fields not sure at this size are read again from the whole pixels. */
  readonly wholeResolution?: WholeResolution;
}

export async function readPage(image: GrayImage, lookup: LayoutLookup, options: ReadPageOptions = {}): Promise<PageReading> {
  const started = performance.now();
  const factor = detectionFactor(image, DETECTION_LONG_SIDE_PX, MAX_DETECTION_FACTOR);
  const detection = { image: shrinkImage(image, factor), factor };
  const tone = measureCaptureTone(image);
  const baseMetrics = { imageWidth: image.width, imageHeight: image.height, detectionFactor: factor, shrinkMs: ms(started),
    midToneShare: Math.round(tone.midToneShare * 1e5) / 1e5, bilevel: tone.bilevel };

  // 1. Identify: the QR (or the keyed-in code), the sheet code, the stored layout.
  let qrText: string | undefined;
  let identity: { code: SheetCode; stored: StoredLayout };
  let registration: Registration;
  let decodeMetrics: Metrics = {};
  if (options.knownCode) {
    const stored = lookup(options.knownCode);
    if (!stored) {
      return unreadable('unknown-layout', 'This workspace has no printed layout for the keyed-in sheet id.', { ...baseMetrics, totalMs: ms(started) }, { code: options.knownCode });
    }
    identity = { code: options.knownCode, stored };
    // 2. Register from the four marks alone.
    registration = registerFromMarks(image, detection, stored.layout, options.knownCode.page);
  } else {
    // A blank page holds no code (a QR alone is ≈ 0.5 % of an A4 page's area in dark modules): after the quick read,
    // the slow full-resolution readers are not run on it (a batch of empty backs would cost seconds a page).
    const blank = darkShare(detection.image) < BLANK_PAGE_MAX_DARK_FRACTION;
    const decoded = await decodeSheetQr(image, detection, { quickOnly: blank, bilevel: tone.bilevel });
    decodeMetrics = decoded.metrics;
    if (!decoded.found) {
      return blank
        ? unreadable('blank-page', 'The page is blank: nothing is printed or written on it (the back of a sheet, or an empty page in the batch).', { ...baseMetrics, ...decodeMetrics, totalMs: ms(started) })
        : unreadable('no-qr', 'No sheet QR code was found on this page. If it is a paperlink form, key in the id printed beside the QR (e.g. AMS01-000123-1-K); if the QR is torn or soaked that is the only way to identify it.', { ...baseMetrics, ...decodeMetrics, totalMs: ms(started) });
    }
    qrText = decoded.text;
    const identified = identifySheet(decoded.text, lookup);
    if (!identified.ok) {
      return unreadable(identified.reason, identified.message, { ...baseMetrics, ...decodeMetrics, totalMs: ms(started) },
        { qrText, ...(identified.code ? { code: identified.code } : {}) });
    }
    identity = identified;
    // 2. Register: QR corners → coarse fit → marks → final fit.
    registration = registerPage(image, detection, identified.stored.layout, decoded.corners, identified.code.page);
  }
  const { code, stored } = identity;
  const layout = stored.layout;
  if (code.page > layout.pageCount) {
    return unreadable('tampered-code', `The sheet code says page ${code.page}, but the form has ${layout.pageCount} pages.`, { ...baseMetrics, ...decodeMetrics, totalMs: ms(started) }, { ...(qrText ? { qrText } : {}), code });
  }
  if (!registration.ok) {
    // Say which sheet it is: the office can then find that paper and scan it again, without reading the tiny id.
    const which = qrText ? `QR code read: sheet ${humanSheetId(code)}.` : `Sheet ${humanSheetId(code)}.`;
    return unreadable('registration-failed', `${which} ${registration.message}`, { ...baseMetrics, ...decodeMetrics, ...registration.metrics, totalMs: ms(started) }, { ...(qrText ? { qrText } : {}), code });
  }
  const { transform, levels } = registration;

  // 3. Read every field of this page, in layout order.
  const fieldsStarted = performance.now();
  const fields: FieldReading[] = [];
  const crops: { fieldId: string; image: GrayImage }[] = [];
  const digitCells: { fieldId: string; cells: GrayImage[] }[] = [];
  const leaves = leafFieldsOf(stored.definition);
  const digitSpecs = new Map(leaves.filter((leaf): leaf is DigitsField & typeof leaf => leaf.kind === 'digits').map((leaf) => [leaf.id, leaf]));
  const kindMs: Record<string, number> = {};
  // Digit fields are cropped in the loop and read together afterwards: one classifier batch for the page's cells.
  const pendingDigits: (ReadDigitField & { weak: boolean })[] = [];
  for (const field of layout.fields) {
    if (field.page !== code.page) continue;
    const fieldStarted = performance.now();
    // A curled page: each field through its own neighbourhood's correction (the rectangle around all its boxes).
    const homography = transform.correction && field.boxes.length > 0
      ? localHomography(transform.homography, transform.correction, boundingRect(field.boxes)) : transform.homography;
    const read = readField(image, homography, field, layout, levels, stored.definition.markMode);
    kindMs[field.kind] = (kindMs[field.kind] ?? 0) + performance.now() - fieldStarted;
    if (read.cells) {
      pendingDigits.push({ index: fields.length, field, spec: digitSpecs.get(field.id), homography, weak: transform.weak });
      digitCells.push({ fieldId: field.id, cells: read.cells });
    }
    // A checkbox group whose every outline was found in place (4 marks found, so registration is off by ≤ 2 mm, inside
    // the ±2.5 mm box search; or a local fit whose anchors agree within 0.8 mm) was measured where it is printed: the
    // page's weak fit does not make it less sure.
    const located = (transform.marksFound === 4 || transform.correction !== undefined) && read.outlinesConfirmed === true;
    fields.push(transform.weak && !located ? weaken(read.reading) : read.reading);
    if (read.crop) crops.push({ fieldId: field.id, image: read.crop });
  }
  const digitsStarted = performance.now();
  const digitReadings = await readDigitFields(digitCells.map((entry) => entry.cells));
  pendingDigits.forEach(({ index, field, spec, weak }, k) => {
    const reading = decideDigitField(field, spec, digitReadings[k]!);
    fields[index] = weak ? weaken(reading) : reading;
  });
  let digitFieldsReadWhole = 0;
  let digitRegionDecodeMs = 0;
  if (options.wholeResolution) {
    // A weak page's readings are all unsure (weaken): its digit fields go to a person, not to a second read.
    const { rereads, regionDecodeMs } = transform.weak ? { rereads: [], regionDecodeMs: 0 } : await rereadUnsureDigits(fields, pendingDigits, options.wholeResolution);
    digitRegionDecodeMs = regionDecodeMs;
    for (const reread of rereads) {
      fields[reread.index] = reread.reading;
      const cells = digitCells.find((entry) => entry.fieldId === reread.fieldId);
      if (cells) cells.cells = reread.cells;
      const crop = crops.find((entry) => entry.fieldId === reread.fieldId);
      if (crop) crop.image = reread.crop;
    }
    digitFieldsReadWhole = rereads.length;
  }
  kindMs['digits'] = (kindMs['digits'] ?? 0) + performance.now() - digitsStarted;
  // 3b. Cross-field checks whose fields are all on this page (checks across pages run in ingest, per sheet).
  const checked = checkPageFields(stored.definition.checks, leaves.map((leaf) => leaf.id), fields);
  const fieldsMs = ms(fieldsStarted);

  // 4. The upright page for the review zoom view, sampled from the detection copy (it has ~4 px/mm already).
  const pageStarted = performance.now();
  const pageImage = samplePageRect(detection.image, toDetection(transform.homography, factor),
    { xMm: 0, yMm: 0, wMm: layout.page.widthMm, hMm: layout.page.heightMm }, PAGE_IMAGE_PX_PER_MM);
  const metrics: PageMetrics = {
    ...baseMetrics, ...decodeMetrics, ...registration.metrics, fieldsMs,
    ...Object.fromEntries(Object.entries(kindMs).map(([kind, value]) => [`${kind}Ms`, Math.round(value * 10) / 10])),
    pageImageMs: ms(pageStarted), totalMs: ms(started), ...(options.wholeResolution ? { digitFieldsReadWhole, digitRegionDecodeMs } : {}),
  };
  return { kind: 'read', qrText: qrText ?? '', code, stored, pageNo: code.page, transform, fields: checked, crops, digitCells, pageImage, metrics };
}

/** Each definition's leaf fields, worked out once per definition object: a batch reads many pages of one form, and
 * expanding its tables' cells (ids, joined labels) cost ≈ 0.5 ms a page. Read only, never changed. */
const leavesByDefinition = new WeakMap<StoredLayout['definition'], readonly LeafField[]>();

function leafFieldsOf(definition: StoredLayout['definition']): readonly LeafField[] {
  let leaves = leavesByDefinition.get(definition);
  if (!leaves) {
    leaves = leafFields(definition);
    leavesByDefinition.set(definition, leaves);
  }
  return leaves;
}

/** A field's reading; a digit field's is a placeholder until its cells are read with the page's others. */
interface FieldRead { reading: FieldReading; crop?: GrayImage; cells?: GrayImage[]; outlinesConfirmed?: boolean }

function readField(image: GrayImage, homography: Homography, field: FieldLayout, layout: FormLayout, levels: InkLevels,
  markMode: StoredLayout['definition']['markMode']): FieldRead {
  switch (field.kind) {
    case 'checkbox':
    case 'choice':
    {
      const read = readCheckboxField(image, homography, field, levels, markMode);
      return { reading: read.reading, outlinesConfirmed: read.outlinesConfirmed };
    }
    case 'digits': {
      const cells = cropDigitCells(image, homography, field);
      const pending: FieldReading = { fieldId: field.id, kind: 'digits', value: null, status: 'needs-review', confidence: 0, reasons: ['digits-unsure'], metrics: {} };
      return { reading: pending, crop: cropField(image, homography, field), cells };
    }
    case 'text':
    case 'wordgrid':
      return { reading: readWritingField(image, homography, field, layout, levels), crop: cropField(image, homography, field) };
    case 'signature':
      return { reading: readSignatureField(image, homography, field, levels), crop: cropField(image, homography, field) };
    default:
      return assertNever(field.kind, 'field kind');
  }
}

/** The rectangle (mm) around a field's boxes. */
function boundingRect(boxes: readonly { xMm: number; yMm: number; wMm: number; hMm: number }[]): { xMm: number; yMm: number; wMm: number; hMm: number } {
  const x0 = Math.min(...boxes.map((box) => box.xMm));
  const y0 = Math.min(...boxes.map((box) => box.yMm));
  const x1 = Math.max(...boxes.map((box) => box.xMm + box.wMm));
  const y1 = Math.max(...boxes.map((box) => box.yMm + box.hMm));
  return { xMm: x0, yMm: y0, wMm: x1 - x0, hMm: y1 - y0 };
}

/** On a weakly registered page no value is sure: what would be auto goes to review with registration-weak. */
function weaken(reading: FieldReading): FieldReading {
  if (reading.status !== 'auto') return reading.status === 'needs-review' ? { ...reading, reasons: [...reading.reasons, 'registration-weak'] } : reading;
  return { ...reading, status: 'needs-review', reasons: [...reading.reasons, 'registration-weak'], confidence: Math.min(reading.confidence, 0.5) };
}

/** Page mm → detection-copy px: the full-image homography followed by the box-shrink (pixel centres kept). */
function toDetection(homography: Homography, factor: number): Homography {
  const s = 1 / factor;
  return composeHomographies([s, 0, 0.5 * s - 0.5, 0, s, 0.5 * s - 0.5, 0, 0, 1], homography);
}

/** Share of pixels clearly darker than the page's bright level: ~0 for a blank sheet. */
function darkShare(image: GrayImage): number {
  // Counted into eight interleaved histograms, then summed: consecutive pixels of one grey (most of a page) no longer
  // wait on each other's increment of the same counter (≈ 7 → 2.2 ms on a 2 MP page; the iterator form cost ≈ 15).
  const data = image.data;
  const parts = new Int32Array(8 * 256);
  const whole = data.length - (data.length % 8);
  let i = 0;
  for (; i < whole; i += 8) {
    parts[data[i]!]! += 1; parts[256 + data[i + 1]!]! += 1; parts[512 + data[i + 2]!]! += 1; parts[768 + data[i + 3]!]! += 1;
    parts[1024 + data[i + 4]!]! += 1; parts[1280 + data[i + 5]!]! += 1; parts[1536 + data[i + 6]!]! += 1; parts[1792 + data[i + 7]!]! += 1;
  }
  for (; i < data.length; i++) parts[data[i]!]! += 1;
  const histogram = new Uint32Array(256);
  for (let value = 0; value < 256; value++) {
    let count = 0;
    for (let part = 0; part < 8; part++) count += parts[part * 256 + value]!;
    histogram[value] = count;
  }
  let seen = 0;
  let bright = 255;
  for (let value = 255; value >= 0; value--) {
    seen += histogram[value]!;
    if (seen >= image.data.length * 0.05) { bright = value; break; }
  }
  const limit = bright - BLANK_PAGE_DARK_STEP;
  let dark = 0;
  for (let value = 0; value < Math.max(0, limit); value++) dark += histogram[value]!;
  return dark / Math.max(1, image.data.length);
}

function unreadable(reason: UnreadableReason, message: string, metrics: PageMetrics, extra: { qrText?: string; code?: SheetCode } = {}): PageReading {
  return { kind: 'unreadable', reason, message, ...extra, metrics };
}

function ms(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
