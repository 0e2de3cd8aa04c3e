/**
 * Units of the model: all geometry is in millimetres, origin top-left of the page, y pointing down.
 * The only conversions out of millimetres are mmToPt (print) and the registered page transform (scan).
 */
export interface Point { readonly xMm: number; readonly yMm: number }
export interface Size { readonly widthMm: number; readonly heightMm: number }
export interface Rect { readonly xMm: number; readonly yMm: number; readonly wMm: number; readonly hMm: number }

export const MM_PER_INCH = 25.4;
export const PT_PER_INCH = 72;

/** Millimetres to PDF points (1/72 inch): the printer's one conversion. */
export function mmToPt(mm: number): number {
  return (mm / MM_PER_INCH) * PT_PER_INCH;
}

/** PDF points to millimetres (font sizes are given in points; their line height becomes layout geometry). */
export function ptToMm(pt: number): number {
  return (pt / PT_PER_INCH) * MM_PER_INCH;
}

export function rectCentre(rect: Rect): Point {
  return { xMm: rect.xMm + rect.wMm / 2, yMm: rect.yMm + rect.hMm / 2 };
}

/** A rectangle shrunk by `insetMm` on every side (never below zero size). */
export function insetRect(rect: Rect, insetMm: number): Rect {
  const inset = Math.min(insetMm, rect.wMm / 2, rect.hMm / 2);
  return { xMm: rect.xMm + inset, yMm: rect.yMm + inset, wMm: rect.wMm - 2 * inset, hMm: rect.hMm - 2 * inset };
}

export function rectsOverlap(a: Rect, b: Rect, gapMm = 0): boolean {
  return a.xMm < b.xMm + b.wMm + gapMm && b.xMm < a.xMm + a.wMm + gapMm &&
    a.yMm < b.yMm + b.hMm + gapMm && b.yMm < a.yMm + a.hMm + gapMm;
}

export function rectContains(outer: Rect, inner: Rect, toleranceMm = 1e-6): boolean {
  return inner.xMm >= outer.xMm - toleranceMm && inner.yMm >= outer.yMm - toleranceMm &&
    inner.xMm + inner.wMm <= outer.xMm + outer.wMm + toleranceMm &&
    inner.yMm + inner.hMm <= outer.yMm + outer.hMm + toleranceMm;
}
