/**
 * A greyscale raster as plain data: one byte per pixel, 0 = black ink, 255 = white paper, row-major.
 * Recognition steps take and return these, so they stay pure and testable without sharp.
 */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export function createGrayImage(width: number, height: number, fill = 255): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(fill) };
}

/** Pixel value with clamping at the borders (images are never read out of range). */
export function grayAt(image: GrayImage, x: number, y: number): number {
  const xi = Math.min(image.width - 1, Math.max(0, Math.round(x)));
  const yi = Math.min(image.height - 1, Math.max(0, Math.round(y)));
  return image.data[yi * image.width + xi] ?? 255;
}

/** Bilinear sample at a sub-pixel position (for sampling field regions through a homography). */
export function sampleBilinear(image: GrayImage, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const w = image.width;
  const h = image.height;
  const cx0 = Math.min(w - 1, Math.max(0, x0));
  const cx1 = Math.min(w - 1, Math.max(0, x0 + 1));
  const cy0 = Math.min(h - 1, Math.max(0, y0));
  const cy1 = Math.min(h - 1, Math.max(0, y0 + 1));
  const d = image.data;
  const a = d[cy0 * w + cx0] ?? 255;
  const b = d[cy0 * w + cx1] ?? 255;
  const c = d[cy1 * w + cx0] ?? 255;
  const e = d[cy1 * w + cx1] ?? 255;
  return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + e * fx) * fy;
}
