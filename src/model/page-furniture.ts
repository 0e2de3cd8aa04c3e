/**
 * The fixed furniture of every page, the same on every form: paper sizes, the four registration discs and the sheet
 * QR with their quiet zones. layout.ts places the fields between them; the scanner looks for them here too.
 * All values in millimetres, origin top-left, y down.
 */
import type { PaperSize } from './form-definition.js';
import type { Mark, QrPlacement } from './reading-geometry.js';
import type { Size } from './units.js';

export const PAPER_SIZES_MM: Readonly<Record<PaperSize, Size>> = {
  a4: { widthMm: 210, heightMm: 297 },
  letter: { widthMm: 215.9, heightMm: 279.4 },
};
/** Registration marks: solid discs, unlike any checkbox or QR square, easy to find as one round blob. */
export const MARK_DIAMETER_MM = 8;
/** Mark centres sit this far inside each paper edge: ≥ 10 mm keeps them printable and in frame (Gradescan #37). */
export const MARK_INSET_MM = 12;
/** White space kept around each mark so nothing printed touches the blob. */
export const MARK_QUIET_MM = 3;
/** QR module area (quiet zone excluded): 25 mm keeps ≥ 5 px per module at 150 dpi for version 3. */
export const QR_SIZE_MM = 25;
/** Quiet zone around the QR: 4 modules of a version-3 code (29 modules → 0.86 mm each) rounded up. */
export const QR_QUIET_MM = 4;

/** Band along each edge that the discs and their quiet zones take: 19 mm. */
export const MARK_ZONE_MM = MARK_INSET_MM + MARK_DIAMETER_MM / 2 + MARK_QUIET_MM;

/** The four registration discs' centres on a page of this size, TL, TR, BR, BL: the one place they are set. */
export function markCentresMm(page: Size): Mark[] {
  const { widthMm: W, heightMm: H } = page;
  return [
    { xMm: MARK_INSET_MM, yMm: MARK_INSET_MM, sizeMm: MARK_DIAMETER_MM },
    { xMm: W - MARK_INSET_MM, yMm: MARK_INSET_MM, sizeMm: MARK_DIAMETER_MM },
    { xMm: W - MARK_INSET_MM, yMm: H - MARK_INSET_MM, sizeMm: MARK_DIAMETER_MM },
    { xMm: MARK_INSET_MM, yMm: H - MARK_INSET_MM, sizeMm: MARK_DIAMETER_MM },
  ];
}

/** The sheet QR on a page of this size: top right, its quiet zone clear of the top-right mark's quiet zone. */
export function qrPlacementMm(page: Size): QrPlacement {
  return { xMm: page.widthMm - MARK_ZONE_MM - 5 - QR_SIZE_MM, yMm: 8, sizeMm: QR_SIZE_MM, quietMm: QR_QUIET_MM };
}
