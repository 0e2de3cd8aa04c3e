/**
 * Layout fingerprint: a hash of the reading geometry only (page size, marks, QR, field boxes), as SDAPS' survey_id.
 * Label wording may change without a new fingerprint; moving a box may not.
 */
import { createHash } from 'node:crypto';
import type { FieldLayout, Mark, QrPlacement } from './reading-geometry.js';
import type { Size } from './units.js';

export interface FingerprintInput {
  readonly formId: string;
  readonly version: number;
  readonly page: Size;
  readonly pageCount: number;
  readonly marks: readonly Mark[];
  readonly qr: QrPlacement;
  readonly fields: readonly FieldLayout[];
}

const round = (mm: number): number => Math.round(mm * 100) / 100;

/** 12 upper-case hex characters; the sheet code carries the first 6 (FINGERPRINT_SHORT_LENGTH). */
export function layoutFingerprint(layout: FingerprintInput): string {
  const geometry = {
    form: layout.formId,
    version: layout.version,
    page: [round(layout.page.widthMm), round(layout.page.heightMm), layout.pageCount],
    marks: layout.marks.map((mark) => [round(mark.xMm), round(mark.yMm), round(mark.sizeMm)]),
    qr: [round(layout.qr.xMm), round(layout.qr.yMm), round(layout.qr.sizeMm)],
    fields: layout.fields.map((field) => [field.id, field.kind, field.page,
      field.boxes.map((box) => [round(box.xMm), round(box.yMm), round(box.wMm), round(box.hMm), box.shape, box.value ?? null])]),
  };
  return createHash('sha256').update(JSON.stringify(geometry)).digest('hex').slice(0, 12).toUpperCase();
}

export const FINGERPRINT_SHORT_LENGTH = 6;

export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, FINGERPRINT_SHORT_LENGTH);
}
