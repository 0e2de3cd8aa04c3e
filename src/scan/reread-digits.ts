/**
 * Digit fields of a page read at half size that did not come out sure are read again from the file's own pixels:
 * one rectangle around all of them, decoded alone (decode-jpeg-shrunk.ts), their cells cropped from it through the
 * same registration. The recogniser was tuned on full-resolution cells; a sure half-size reading is kept (the
 * digits bench measures both), an unsure one gets every pixel the scan has before a person is asked.
 */
import type { DigitsField, FieldLayout, FieldReading, GrayImage } from '../model/index.js';
import type { DecodedRegion, PixelRect } from './decode-jpeg-shrunk.js';
import { cropDigitCells, cropField, fieldArea } from './crop-field.js';
import { decideDigitField } from './decide-digits.js';
import { readDigitFields } from './read-digits.js';
import { CROP_MARGIN_MM, DIGIT_CROP_MARGIN_MM } from './thresholds.js';
import { applyHomography, composeHomographies, reducedToFullPixels, type Homography } from './transform.js';

/** A page decoded 1/factor size, and how to get a rectangle of its full-resolution pixels. */
export interface WholeResolution {
  readonly factor: number;
  loadRegion(rect: PixelRect): Promise<DecodedRegion | undefined>;
}

/** A digit field as read at the working size: where its reading sits and the homography it was cropped through. */
export interface ReadDigitField {
  readonly index: number;
  readonly field: FieldLayout;
  readonly spec: DigitsField | undefined;
  readonly homography: Homography;
}

/** Millimetres around the fields' crops: registration drift between the half-size fit and the whole pixels. */
const REGION_SLACK_MM = 1;

export interface Reread {
  readonly index: number;
  readonly fieldId: string;
  readonly reading: FieldReading;
  readonly cells: GrayImage[];
  readonly crop: GrayImage;
}

/**
 * Reads again, at full resolution, the digit fields among `read` whose reading is neither sure nor empty. Returns the
 * new readings (with their cells and review crop), none when every field was sure or the region cannot be decoded,
 * and the time the region's decode took (ms: decoding, not reading digits).
 */
export async function rereadUnsureDigits(readings: readonly FieldReading[], read: readonly ReadDigitField[], whole: WholeResolution): Promise<{ rereads: Reread[]; regionDecodeMs: number }> {
  const unsure = read.filter(({ index }) => readings[index]?.status === 'needs-review');
  if (unsure.length === 0) return { rereads: [], regionDecodeMs: 0 };
  const toFile = reducedToFullPixels(whole.factor);
  let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
  for (const { field, homography } of unsure) {
    const area = fieldArea(field);
    const margin = Math.max(CROP_MARGIN_MM, DIGIT_CROP_MARGIN_MM) + REGION_SLACK_MM;
    const fileHomography = composeHomographies(toFile, homography);
    for (const [x, y] of [[area.xMm - margin, area.yMm - margin], [area.xMm + area.wMm + margin, area.yMm - margin],
      [area.xMm - margin, area.yMm + area.hMm + margin], [area.xMm + area.wMm + margin, area.yMm + area.hMm + margin]] as const) {
      const p = applyHomography(fileHomography, { x, y });
      x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
    }
  }
  const decodeStarted = performance.now();
  const region = await whole.loadRegion({ left: x0 - 1, top: y0 - 1, width: x1 - x0 + 2, height: y1 - y0 + 2 }).catch(() => undefined);
  const regionDecodeMs = Math.round((performance.now() - decodeStarted) * 10) / 10;
  if (!region) return { rereads: [], regionDecodeMs };
  const toRegion: Homography = [1, 0, -region.rect.left, 0, 1, -region.rect.top, 0, 0, 1];
  const cropped = unsure.map(({ index, field, spec, homography }) => {
    const regionHomography = composeHomographies(toRegion, composeHomographies(toFile, homography));
    return { index, field, spec, cells: cropDigitCells(region.image, regionHomography, field), crop: cropField(region.image, regionHomography, field) };
  });
  const again = await readDigitFields(cropped.map((entry) => entry.cells));
  const rereads = cropped.map(({ index, field, spec, cells, crop }, k) => {
    const reading = decideDigitField(field, spec, again[k]!);
    return { index, fieldId: field.id, reading: { ...reading, metrics: { ...reading.metrics, rereadWhole: true } }, cells, crop };
  });
  return { rereads, regionDecodeMs };
}
