/**
 * Capture profiles (scanners, fax, phone cameras) as one documented parameter table, their sampling, and the pure
 * pixel work: inverse-mapped homography warps with bilinear sampling, light, shadow, background, curl, noise and
 * thresholds. Blur, motion blur and encoding happen at the ENTRY edge (sharp); this module touches no file.
 */
import type { FormLayout, Size } from '../model/index.js';
import { applyHomography, fitHomography, invertHomography, type Homography } from '../geometry/index.js';
import type { InkCanvas } from './pen-marks.js';
import type { Rng } from '../model/index.js';

export type ProfileName = 'scan-300' | 'scan-200-bw' | 'fax-200' | 'phone-good' | 'phone-poor' | 'upside-down';
export const PROFILE_NAMES: readonly ProfileName[] = ['scan-300', 'scan-200-bw', 'fax-200', 'phone-good', 'phone-poor', 'upside-down'];

interface Range { readonly min: number; readonly max: number }
const r = (min: number, max: number): Range => ({ min, max });

export interface ScanProfile {
  readonly kind: 'scan';
  readonly description: string;
  /** Raster resolution of the delivered image (dots per inch); the page is rendered at this dpi. */
  readonly dpi: number;
  readonly output: 'gray' | 'bw';
  /** |skew| of the page on the glass (degrees), and its shift (mm). */
  readonly skewMaxDeg: number;
  readonly shiftMaxMm: number;
  readonly rotate180: boolean;
  /** Sensor noise, standard deviation in grey levels (0–255). */
  readonly noiseSigma: Range;
  /** Grey level below which a 1-bit device makes a pixel black (bw only). */
  readonly threshold: Range;
  /** Share of pixels flipped at random (bw only: fax line noise). */
  readonly saltPepper: Range;
  /** Horizontal streaks across the page (fax line errors): count range. */
  readonly streaks: Range;
  readonly blurSigmaPx: Range;
  readonly jpegQuality: number;
}

export interface PhoneProfile {
  readonly kind: 'phone';
  readonly description: string;
  /** Delivered frame: 4000 × 3000 px = 12 MP, portrait for portrait pages. */
  readonly frameLongPx: number;
  readonly frameShortPx: number;
  /** Page raster dpi before the warp (the frame resolves ≈ 250–300 dpi across the page). */
  readonly renderDpi: number;
  /** Out-of-plane tilt of the page against the camera (degrees): the perspective. */
  readonly tiltMaxDeg: number;
  /** In-plane rotation of the page in the frame (degrees). */
  readonly rotationMaxDeg: number;
  /** Share of the frame's shorter fitting dimension the page spans. */
  readonly pageFill: Range;
  /** Linear light fall-off across the page: 0 = even light, 0.4 = one side 40 % darker. */
  readonly lightGradient: Range;
  /** Chance of a soft shadow band (hand, phone) across the page, and how dark its core is (0–1). */
  readonly shadowChance: number;
  readonly shadowDepth: Range;
  readonly vignette: number;
  /** Gaussian (focus) blur sigma and motion-blur length, px in the 12 MP frame. */
  readonly blurSigmaPx: Range;
  readonly motionBlurPx: Range;
  readonly noiseSigma: Range;
  readonly jpegQuality: Range;
  readonly background: 'table' | 'textured';
  /** Chance that one side of the page is partly out of frame, and how deep at most (mm, limited to the white margin). */
  readonly cutChance: number;
  readonly cutMaxMm: number;
  /** Lift of a curled edge (mm of apparent displacement). */
  readonly curlMm: Range;
}

export type CameraProfile = ScanProfile | PhoneProfile;

const SCAN_BASE = {
  kind: 'scan', dpi: 300, output: 'gray', skewMaxDeg: 1, shiftMaxMm: 2, rotate180: false, noiseSigma: r(1, 3), threshold: r(0, 0),
  saltPepper: r(0, 0), streaks: r(0, 0), blurSigmaPx: r(0.3, 0.6), jpegQuality: 88,
} as const;

/** THE profile table (README): every parameter the simulator samples, with its bounds. */
export const CAMERA_PROFILES: Readonly<Record<ProfileName, CameraProfile>> = {
  'scan-300': { ...SCAN_BASE, description: 'Flatbed or feeder scan, 300 dpi greyscale, page skewed up to 1°' },
  'scan-200-bw': { ...SCAN_BASE, description: 'Office multifunction device: 200 dpi, 1-bit fixed threshold', dpi: 200, output: 'bw',
    skewMaxDeg: 1.5, shiftMaxMm: 3, threshold: r(150, 175), saltPepper: r(0, 0.0005), blurSigmaPx: r(0.3, 0.5) },
  'fax-200': { ...SCAN_BASE, description: 'Received fax: 200 dpi 1-bit, line noise, streaks, skew up to 2°', dpi: 200, output: 'bw',
    skewMaxDeg: 2, shiftMaxMm: 4, noiseSigma: r(6, 12), threshold: r(135, 165), saltPepper: r(0.002, 0.006), streaks: r(2, 8), blurSigmaPx: r(0.6, 1) },
  'phone-good': { kind: 'phone', description: 'Careful 12 MP phone photo: page on a table, even light, mild perspective',
    frameLongPx: 4000, frameShortPx: 3000, renderDpi: 250, tiltMaxDeg: 20, rotationMaxDeg: 8, pageFill: r(0.78, 0.92), lightGradient: r(0, 0.12),
    shadowChance: 0, shadowDepth: r(0, 0), vignette: 0.08, blurSigmaPx: r(0.5, 1), motionBlurPx: r(0, 0), noiseSigma: r(2, 4), jpegQuality: r(85, 92),
    background: 'table', cutChance: 0, cutMaxMm: 0, curlMm: r(0, 0) },
  'phone-poor': { kind: 'phone', description: 'Hurried 12 MP phone photo: strong perspective, uneven light and a shadow band, motion blur, JPEG 50, busy background, a margin cut off, paper curl',
    frameLongPx: 4000, frameShortPx: 3000, renderDpi: 250, tiltMaxDeg: 35, rotationMaxDeg: 25, pageFill: r(0.85, 1), lightGradient: r(0.2, 0.45),
    shadowChance: 0.8, shadowDepth: r(0.3, 0.55), vignette: 0.25, blurSigmaPx: r(0.8, 1.6), motionBlurPx: r(4, 12), noiseSigma: r(4, 8), jpegQuality: r(50, 50),
    background: 'textured', cutChance: 0.7, cutMaxMm: 6, curlMm: r(1.5, 5) },
  'upside-down': { ...SCAN_BASE, description: 'scan-300, fed upside down (rotated 180°)', rotate180: true },
};

/** A 3 × 3 homography, row-major: [x', y', w'] = H · [x, y, 1]. */
export type Matrix3 = readonly [number, number, number, number, number, number, number, number, number];
export interface PixelPoint { readonly x: number; readonly y: number }

export interface ScanParams {
  readonly kind: 'scan';
  readonly profile: ProfileName;
  readonly dpi: number;
  readonly output: 'gray' | 'bw';
  readonly skewDeg: number;
  readonly shiftMm: { readonly x: number; readonly y: number };
  readonly rotated180: boolean;
  readonly noiseSigma: number;
  readonly threshold: number | null;
  readonly saltPepper: number;
  readonly streakRowsPx: readonly { readonly y: number; readonly heightPx: number; readonly black: boolean }[];
  readonly blurSigmaPx: number;
  readonly jpegQuality: number;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Where the paper's corners TL, TR, BR, BL landed in the image (px). */
  readonly pageCornersPx: readonly PixelPoint[];
  /** Page mm → image px. */
  readonly homography: Matrix3;
  readonly noiseSeed: number;
}

export interface PhoneParams {
  readonly kind: 'phone';
  readonly profile: ProfileName;
  readonly renderDpi: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly tiltDeg: number;
  readonly tiltAxisDeg: number;
  readonly rotationDeg: number;
  readonly pageFill: number;
  readonly lightGradient: number;
  readonly lightAngleDeg: number;
  readonly shadow: { readonly depth: number; readonly angleDeg: number; readonly offsetPx: number; readonly widthPx: number; readonly softPx: number } | null;
  readonly vignette: number;
  readonly tint: readonly [number, number, number];
  readonly background: { readonly style: 'table' | 'textured'; readonly rgb: readonly [number, number, number] };
  readonly blurSigmaPx: number;
  readonly motionBlur: { readonly lengthPx: number; readonly angleDeg: number } | null;
  readonly noiseSigma: number;
  readonly jpegQuality: number;
  /** The side of the paper partly out of frame and the deepest cut (mm of paper); null when the whole page is in frame. */
  readonly cut: { readonly side: 'top' | 'right' | 'bottom' | 'left'; readonly depthMm: number } | null;
  readonly curl: { readonly side: 'top' | 'right' | 'bottom' | 'left'; readonly liftMm: number } | null;
  readonly pageCornersPx: readonly PixelPoint[];
  readonly homography: Matrix3;
  readonly noiseSeed: number;
}

export type CameraParams = ScanParams | PhoneParams;

/** The raster the camera delivers, before the ENTRY's blur and encoding. */
export interface CameraImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
  /** 1-bit content (only 0 and 255). */
  readonly bitonal: boolean;
}

export function renderDpiFor(profile: CameraProfile): number {
  return profile.kind === 'scan' ? profile.dpi : profile.renderDpi;
}

// ── Homography: the one of src/geometry, held as a fixed 3 × 3 tuple for the warp loops ─────────────────────────────

function asMatrix3(h: Homography): Matrix3 {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, g = 0, k = 0, m = 1] = h;
  return [a, b, c, d, e, f, g, k, m];
}

/** The homography mapping the four page corners (mm) onto where they land in the image (px): exact for 4 points. */
function homographyFromCorners(page: readonly PixelPoint[], image: readonly PixelPoint[]): Matrix3 {
  const h = fitHomography(page.map((point, index) => ({ page: point, image: image[index]! })));
  // Sampled corners always form a convex quadrilateral; a degenerate one is a bug in the sampling, not an input.
  if (!h) throw new Error('Simulated page corners are degenerate: no homography maps the page onto them.');
  return asMatrix3(h);
}

// ── Sampling the parameters of one capture ─────────────────────────────────────────────────────────────────

const inRange = (rng: Rng, range: Range): number => (range.max <= range.min ? range.min : rng.range(range.min, range.max));
const pageCorners = (page: Size): PixelPoint[] => [{ x: 0, y: 0 }, { x: page.widthMm, y: 0 }, { x: page.widthMm, y: page.heightMm }, { x: 0, y: page.heightMm }];

export function sampleCamera(name: ProfileName, layout: FormLayout, rng: Rng): CameraParams {
  const profile = CAMERA_PROFILES[name];
  return profile.kind === 'scan' ? sampleScan(name, profile, layout.page, rng) : samplePhone(name, profile, layout, rng);
}

function sampleScan(name: ProfileName, profile: ScanProfile, page: Size, rng: Rng): ScanParams {
  const pxPerMm = profile.dpi / 25.4;
  const widthPx = Math.round(page.widthMm * pxPerMm);
  const heightPx = Math.round(page.heightMm * pxPerMm);
  const skewDeg = rng.range(-profile.skewMaxDeg, profile.skewMaxDeg);
  const shiftMm = { x: rng.range(-profile.shiftMaxMm, profile.shiftMaxMm), y: rng.range(-profile.shiftMaxMm, profile.shiftMaxMm) };
  const angle = (skewDeg * Math.PI) / 180 + (profile.rotate180 ? Math.PI : 0);
  const cx = page.widthMm / 2, cy = page.heightMm / 2;
  const target = pageCorners(page).map(({ x, y }) => {
    const dx = x - cx, dy = y - cy;
    return { x: (cx + shiftMm.x + dx * Math.cos(angle) - dy * Math.sin(angle)) * pxPerMm, y: (cy + shiftMm.y + dx * Math.sin(angle) + dy * Math.cos(angle)) * pxPerMm };
  });
  const streakCount = Math.round(inRange(rng, profile.streaks));
  const streakRowsPx = Array.from({ length: streakCount }, () => ({ y: rng.int(0, heightPx - 1), heightPx: rng.int(1, 4), black: rng.chance(0.4) }));
  return {
    kind: 'scan', profile: name, dpi: profile.dpi, output: profile.output, skewDeg, shiftMm, rotated180: profile.rotate180,
    noiseSigma: inRange(rng, profile.noiseSigma), threshold: profile.output === 'bw' ? Math.round(inRange(rng, profile.threshold)) : null,
    saltPepper: inRange(rng, profile.saltPepper), streakRowsPx, blurSigmaPx: inRange(rng, profile.blurSigmaPx), jpegQuality: profile.jpegQuality,
    widthPx, heightPx, pageCornersPx: target, homography: homographyFromCorners(pageCorners(page), target), noiseSeed: rng.int(1, 2 ** 31),
  };
}

type Side = 'top' | 'right' | 'bottom' | 'left';
const SIDES: readonly Side[] = ['top', 'right', 'bottom', 'left'];

/** White paper between each edge and the nearest registration mark or QR (mm): a cut may never reach further. */
export function clearMarginMm(layout: FormLayout): Record<Side, number> {
  const { widthMm, heightMm } = layout.page;
  const extents = layout.marks.map((mark) => ({ x0: mark.xMm - mark.sizeMm / 2, y0: mark.yMm - mark.sizeMm / 2, x1: mark.xMm + mark.sizeMm / 2, y1: mark.yMm + mark.sizeMm / 2 }));
  const q = layout.qr;
  extents.push({ x0: q.xMm - q.quietMm, y0: q.yMm - q.quietMm, x1: q.xMm + q.sizeMm + q.quietMm, y1: q.yMm + q.sizeMm + q.quietMm });
  for (const field of layout.fields) for (const box of field.boxes) extents.push({ x0: box.xMm, y0: box.yMm, x1: box.xMm + box.wMm, y1: box.yMm + box.hMm });
  return {
    top: Math.min(...extents.map((e) => e.y0)),
    left: Math.min(...extents.map((e) => e.x0)),
    bottom: heightMm - Math.max(...extents.map((e) => e.y1)),
    right: widthMm - Math.max(...extents.map((e) => e.x1)),
  };
}

function samplePhone(name: ProfileName, profile: PhoneProfile, layout: FormLayout, rng: Rng): PhoneParams {
  const page = layout.page;
  const portrait = page.heightMm >= page.widthMm;
  const widthPx = portrait ? profile.frameShortPx : profile.frameLongPx;
  const heightPx = portrait ? profile.frameLongPx : profile.frameShortPx;
  const tiltDeg = rng.range(0, profile.tiltMaxDeg);
  const tiltAxisDeg = rng.range(0, 360);
  const rotationDeg = rng.range(-profile.rotationMaxDeg, profile.rotationMaxDeg);
  // Pinhole camera about 1.15 page diagonals away (a phone's ~26 mm lens filling the frame with an A4 sheet).
  const diagonal = Math.hypot(page.widthMm, page.heightMm);
  const distance = diagonal * 1.15;
  const tilt = (tiltDeg * Math.PI) / 180;
  const axis = (tiltAxisDeg * Math.PI) / 180;
  const rot = (rotationDeg * Math.PI) / 180;
  const [ax, ay] = [Math.cos(axis), Math.sin(axis)];
  const projected = pageCorners(page).map(({ x, y }) => {
    const px = x - page.widthMm / 2, py = y - page.heightMm / 2;
    const X = px * Math.cos(rot) - py * Math.sin(rot);
    const Y = px * Math.sin(rot) + py * Math.cos(rot);
    // Rodrigues rotation of (X, Y, 0) about the in-plane axis (ax, ay, 0) by the tilt.
    const dot = X * ax + Y * ay;
    const c = Math.cos(tilt), s = Math.sin(tilt);
    const rx = X * c + ax * dot * (1 - c);
    const ry = Y * c + ay * dot * (1 - c);
    const rz = (ax * Y - ay * X) * s;
    return { x: rx / (distance + rz), y: ry / (distance + rz) };
  });
  const minX = Math.min(...projected.map((p) => p.x)), maxX = Math.max(...projected.map((p) => p.x));
  const minY = Math.min(...projected.map((p) => p.y)), maxY = Math.max(...projected.map((p) => p.y));
  const pageFill = inRange(rng, profile.pageFill);
  const scale = pageFill * Math.min(widthPx / (maxX - minX), heightPx / (maxY - minY));
  const spareX = widthPx - (maxX - minX) * scale;
  const spareY = heightPx - (maxY - minY) * scale;
  let offsetX = spareX * rng.range(0.2, 0.8) - minX * scale;
  let offsetY = spareY * rng.range(0.2, 0.8) - minY * scale;
  let corners = projected.map((p) => ({ x: p.x * scale + offsetX, y: p.y * scale + offsetY }));
  let homography = homographyFromCorners(pageCorners(page), corners);

  let cut: PhoneParams['cut'] = null;
  if (rng.chance(profile.cutChance)) {
    const margins = clearMarginMm(layout);
    const side = rng.pick(SIDES);
    // Keep 1.5 mm of white before the nearest mark, QR or box: those are never cut.
    const depthMm = Math.min(profile.cutMaxMm, margins[side] - 1.5) * rng.range(0.4, 1);
    if (depthMm > 0.5) {
      // Move the frame so the paper edge point deepest out of frame lies depthMm (of paper) outside it.
      const probes = edgeProbes(page, side, depthMm);
      const inside = probes.map((p) => applyHomography(homography, p));
      const shift = { x: 0, y: 0 };
      if (side === 'left') shift.x = -Math.min(...inside.map((p) => p.x));
      if (side === 'right') shift.x = widthPx - Math.max(...inside.map((p) => p.x));
      if (side === 'top') shift.y = -Math.min(...inside.map((p) => p.y));
      if (side === 'bottom') shift.y = heightPx - Math.max(...inside.map((p) => p.y));
      offsetX += shift.x;
      offsetY += shift.y;
      corners = projected.map((p) => ({ x: p.x * scale + offsetX, y: p.y * scale + offsetY }));
      homography = homographyFromCorners(pageCorners(page), corners);
      cut = { side, depthMm };
    }
  }
  const shadow = rng.chance(profile.shadowChance)
    ? { depth: inRange(rng, profile.shadowDepth), angleDeg: rng.range(0, 180), offsetPx: rng.range(-0.35, 0.35) * Math.min(widthPx, heightPx),
      widthPx: rng.range(0.08, 0.25) * Math.min(widthPx, heightPx), softPx: rng.range(0.03, 0.08) * Math.min(widthPx, heightPx) }
    : null;
  const curlLift = inRange(rng, profile.curlMm);
  const motionLength = inRange(rng, profile.motionBlurPx);
  const warm = rng.range(-1, 1);
  const tables: readonly (readonly [number, number, number])[] = profile.background === 'textured'
    ? [[122, 84, 52], [96, 70, 50], [70, 66, 62], [140, 110, 80]] : [[150, 150, 152], [182, 170, 150], [120, 118, 115]];
  return {
    kind: 'phone', profile: name, renderDpi: profile.renderDpi, widthPx, heightPx, tiltDeg, tiltAxisDeg, rotationDeg, pageFill,
    lightGradient: inRange(rng, profile.lightGradient), lightAngleDeg: rng.range(0, 360), shadow, vignette: profile.vignette,
    tint: [1 + 0.04 * warm, 1, 1 - 0.08 * warm], background: { style: profile.background, rgb: rng.pick(tables) },
    blurSigmaPx: inRange(rng, profile.blurSigmaPx), motionBlur: motionLength > 0 ? { lengthPx: motionLength, angleDeg: rng.range(0, 180) } : null,
    noiseSigma: inRange(rng, profile.noiseSigma), jpegQuality: Math.round(inRange(rng, profile.jpegQuality)), cut,
    curl: curlLift > 0 ? { side: rng.pick(SIDES), liftMm: curlLift } : null,
    pageCornersPx: corners, homography, noiseSeed: rng.int(1, 2 ** 31),
  };
}

/** Points along one paper edge, `depthMm` inside it (mm). */
function edgeProbes(page: Size, side: Side, depthMm: number): PixelPoint[] {
  const points: PixelPoint[] = [];
  for (let i = 0; i <= 20; i++) {
    const t = i / 20;
    if (side === 'top') points.push({ x: t * page.widthMm, y: depthMm });
    if (side === 'bottom') points.push({ x: t * page.widthMm, y: page.heightMm - depthMm });
    if (side === 'left') points.push({ x: depthMm, y: t * page.heightMm });
    if (side === 'right') points.push({ x: page.widthMm - depthMm, y: t * page.heightMm });
  }
  return points;
}

// ── Applying a capture to a filled page raster ─────────────────────────────────────────────────────────────

/** Fast seeded noise for per-pixel work (xorshift32); the hot loops inline the same recurrence. */
function noiseStream(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 4294967296;
  };
}

/** Luma of the RGB raster (ITU-R BT.601): what a greyscale scanner records; blue ink becomes mid-dark grey. */
export function toGray(canvas: InkCanvas): Uint8Array {
  const out = new Uint8Array(canvas.width * canvas.height);
  const d = canvas.data;
  for (let i = 0, j = 0; i < out.length; i++, j += 3) out[i] = (d[j]! * 77 + d[j + 1]! * 150 + d[j + 2]! * 29) >> 8;
  return out;
}

export function applyCamera(canvas: InkCanvas, params: CameraParams): CameraImage {
  return params.kind === 'scan' ? applyScan(canvas, params) : applyPhone(canvas, params);
}

function applyScan(canvas: InkCanvas, params: ScanParams): CameraImage {
  const gray = toGray(canvas);
  const { widthPx: w, heightPx: h } = params;
  // Image px → page px of the raster: inverse homography (to mm) then the raster's scale. A scan is affine (w' = 1),
  // so u and v advance by constant steps along a row.
  const inv = asMatrix3(invertHomography(params.homography));
  const s = canvas.pxPerMm;
  const out = new Uint8Array(w * h);
  const sw = canvas.width, sh = canvas.height;
  const maxU = sw - 1, maxV = sh - 1;
  const du = inv[0] * s, dv = inv[3] * s;
  // Uniform noise with the given standard deviation (√12 · σ wide): cheap and bounded.
  const noiseScale = (params.noiseSigma * 3.46) / 4294967296;
  let state = params.noiseSeed >>> 0 || 1;
  // Scanners see their white lid where the skewed page leaves the glass uncovered.
  const LID = 250;
  for (let y = 0; y < h; y++) {
    const yc = y + 0.5;
    let u = (inv[0] * 0.5 + inv[1] * yc + inv[2]) * s - 0.5;
    let v = (inv[3] * 0.5 + inv[4] * yc + inv[5]) * s - 0.5;
    let o = y * w;
    for (let x = 0; x < w; x++, u += du, v += dv, o++) {
      let value = LID;
      if (u >= 0 && v >= 0 && u < maxU && v < maxV) {
        const x0 = u | 0, y0 = v | 0;
        const fx = u - x0, fy = v - y0;
        const i = y0 * sw + x0;
        const top = gray[i]! + (gray[i + 1]! - gray[i]!) * fx;
        const bottom = gray[i + sw]! + (gray[i + sw + 1]! - gray[i + sw]!) * fx;
        value = top + (bottom - top) * fy;
      } else if (u > -1 && v > -1 && u < sw && v < sh) {
        value = gray[Math.min(maxV, Math.max(0, Math.round(v))) * sw + Math.min(maxU, Math.max(0, Math.round(u)))]!;
      }
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
      value += ((state >>> 0) - 2147483648) * noiseScale;
      out[o] = value < 0 ? 0 : value > 255 ? 255 : value;
    }
  }
  return { width: w, height: h, channels: 1, data: out, bitonal: params.output === 'bw' };
}

/** The 1-bit step of bw profiles, applied after the (sharp) optics blur: threshold, line noise, streaks. */
export function thresholdBitonal(data: Uint8Array, width: number, params: ScanParams): Uint8Array {
  const out = new Uint8Array(data.length);
  const threshold = params.threshold ?? 128;
  for (let i = 0; i < data.length; i++) out[i] = data[i]! < threshold ? 0 : 255;
  const random = noiseStream(params.noiseSeed ^ 0x5bd1e995);
  const flips = Math.round(data.length * params.saltPepper);
  for (let i = 0; i < flips; i++) {
    const at = Math.floor(random() * data.length);
    out[at] = out[at] === 0 ? 255 : 0;
  }
  const height = data.length / width;
  for (const streak of params.streakRowsPx) {
    for (let y = streak.y; y < Math.min(height, streak.y + streak.heightPx); y++) {
      // Fax line errors: a run of a row lost to white, or smeared black, over part of the width.
      const from = Math.floor(random() * width * 0.5);
      const to = Math.min(width, from + Math.floor(width * (0.3 + random() * 0.7)));
      out.fill(streak.black ? 0 : 255, y * width + from, y * width + to);
    }
  }
  return out;
}

function applyPhone(canvas: InkCanvas, params: PhoneParams): CameraImage {
  const { widthPx: w, heightPx: h } = params;
  const inv = asMatrix3(invertHomography(params.homography));
  const s = canvas.pxPerMm;
  const sw = canvas.width, sh = canvas.height;
  const maxU = sw - 1, maxV = sh - 1;
  const src = canvas.data;
  const out = new Uint8Array(w * h * 3);
  const backgroundRow = coarseField(w, h, backgroundLuma(params, w, h));
  const lightRow = coarseField(w, h, lightAt(params, w, h));
  const [bgR, bgG, bgB] = params.background.rgb;
  const [tr, tg, tb] = params.tint;
  const curl = params.curl;
  const curlPx = curl ? curl.liftMm * s : 0;
  const noiseScale = (params.noiseSigma * 3.46) / 4294967296;
  let state = params.noiseSeed >>> 0 || 1;
  // Paper is never pure white in a photo.
  const PAPER = 0.94;
  for (let y = 0; y < h; y++) {
    const yc = y + 0.5;
    const rowStart = y * w;
    const light = lightRow(y).slice();
    const background = backgroundRow(y);
    for (let x = 0; x < w; x++) {
      const xc = x + 0.5;
      const den = inv[6] * xc + inv[7] * yc + inv[8];
      let u = ((inv[0] * xc + inv[1] * yc + inv[2]) / den) * s;
      let v = ((inv[3] * xc + inv[4] * yc + inv[5]) / den) * s;
      if (curl) {
        // A curled edge bows outwards: displacement grows with the cube of the distance from the opposite edge.
        const fu = u / sw, fv = v / sh;
        const bu = 2 * fu - 1, bv = 2 * fv - 1;
        if (curl.side === 'bottom') v -= curlPx * bu * bu * fv * fv * fv;
        else if (curl.side === 'top') v += curlPx * bu * bu * (1 - fv) * (1 - fv) * (1 - fv);
        else if (curl.side === 'left') u += curlPx * bv * bv * (1 - fu) * (1 - fu) * (1 - fu);
        else u -= curlPx * bv * bv * fu * fu * fu;
      }
      u -= 0.5; v -= 0.5;
      let red: number, green: number, blue: number;
      if (u >= 0 && v >= 0 && u < maxU && v < maxV) {
        const x0 = u | 0, y0 = v | 0;
        const fx = u - x0, fy = v - y0;
        const a = (y0 * sw + x0) * 3, c = a + sw * 3;
        const w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy;
        red = (src[a]! * w00 + src[a + 3]! * w10 + src[c]! * w01 + src[c + 3]! * w11) * PAPER;
        green = (src[a + 1]! * w00 + src[a + 4]! * w10 + src[c + 1]! * w01 + src[c + 4]! * w11) * PAPER;
        blue = (src[a + 2]! * w00 + src[a + 5]! * w10 + src[c + 2]! * w01 + src[c + 5]! * w11) * (PAPER - 0.01);
      } else {
        const grain = background[x]!;
        red = bgR * grain; green = bgG * grain; blue = bgB * grain;
      }
      const l = light[x]!;
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
      const n = ((state >>> 0) - 2147483648) * noiseScale;
      const i = (rowStart + x) * 3;
      const rr = red * l * tr + n, gg = green * l * tg + n, bb = blue * l * tb + n;
      out[i] = rr < 0 ? 0 : rr > 255 ? 255 : rr;
      out[i + 1] = gg < 0 ? 0 : gg > 255 ? 255 : gg;
      out[i + 2] = bb < 0 ? 0 : bb > 255 ? 255 : bb;
    }
  }
  return { width: w, height: h, channels: 3, data: out, bitonal: false };
}

/** Cell size (px) of the coarse grids light and background are computed on; both vary slowly, so bilinear is exact enough. */
const FIELD_CELL_PX = 8;

/** A slowly varying field over the frame, computed on a coarse grid and expanded one image row at a time. */
function coarseField(w: number, h: number, at: (x: number, y: number) => number): (y: number) => Float32Array {
  const gw = Math.ceil(w / FIELD_CELL_PX) + 2, gh = Math.ceil(h / FIELD_CELL_PX) + 2;
  const grid = new Float32Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) for (let gx = 0; gx < gw; gx++) grid[gy * gw + gx] = at(gx * FIELD_CELL_PX, gy * FIELD_CELL_PX);
  const row = new Float32Array(w);
  return (y) => {
    const gy = y / FIELD_CELL_PX;
    const y0 = gy | 0, fy = gy - y0;
    for (let x = 0; x < w; x++) {
      const gx = x / FIELD_CELL_PX;
      const x0 = gx | 0, fx = gx - x0;
      const i = y0 * gw + x0;
      const top = grid[i]! + (grid[i + 1]! - grid[i]!) * fx;
      const bottom = grid[i + gw]! + (grid[i + gw + 1]! - grid[i + gw]!) * fx;
      row[x] = top + (bottom - top) * fy;
    }
    return row;
  };
}

/** Light over the frame: gradient, vignette and the shadow band. */
function lightAt(params: PhoneParams, w: number, h: number): (x: number, y: number) => number {
  const angle = (params.lightAngleDeg * Math.PI) / 180;
  const lx = Math.cos(angle), ly = Math.sin(angle);
  const diag = Math.hypot(w, h);
  const shadow = params.shadow;
  const sa = shadow ? (shadow.angleDeg * Math.PI) / 180 : 0;
  const snx = -Math.sin(sa), sny = Math.cos(sa);
  return (x, y) => {
    let l = 1 - params.lightGradient * (0.5 + ((x - w / 2) * lx + (y - h / 2) * ly) / diag);
    const dx = (x - w / 2) / (w / 2), dy = (y - h / 2) / (h / 2);
    l *= 1 - params.vignette * 0.5 * (dx * dx + dy * dy);
    if (shadow) {
      const distance = Math.abs((x - w / 2) * snx + (y - h / 2) * sny - shadow.offsetPx) - shadow.widthPx / 2;
      const t = distance <= 0 ? 1 : distance >= shadow.softPx ? 0 : 1 - distance / shadow.softPx;
      l *= 1 - shadow.depth * t * t * (3 - 2 * t);
    }
    return l;
  };
}

/** Brightness factor of the table under the page: wood grain for 'textured', a faint mottle for 'table'. */
function backgroundLuma(params: PhoneParams, w: number, h: number): (x: number, y: number) => number {
  const texture = textureGrid(params.noiseSeed ^ 0x2545f491);
  const fine = textureGrid(params.noiseSeed ^ 0x1b873593);
  const textured = params.background.style === 'textured';
  const grainAngle = (params.noiseSeed % 180) * (Math.PI / 180);
  const ca = Math.cos(grainAngle), sa = Math.sin(grainAngle);
  return (x, y) => {
    const t = sampleTexture(texture, x / w, y / h);
    if (!textured) return 1 + 0.06 * (t - 0.5);
    const f = sampleTexture(fine, (x / w) * 7 % 1, (y / h) * 7 % 1);
    const along = x * ca + y * sa, across = -x * sa + y * ca;
    return 1 + 0.13 * Math.sin(across * 0.045 + t * 10 + Math.sin(along * 0.003) * 3) + 0.12 * (t - 0.5) + 0.08 * (f - 0.5);
  };
}

const TEXTURE_CELLS = 48;
function textureGrid(seed: number): Float32Array {
  const random = noiseStream(seed);
  const grid = new Float32Array((TEXTURE_CELLS + 1) * (TEXTURE_CELLS + 1));
  for (let i = 0; i < grid.length; i++) grid[i] = random();
  return grid;
}

function sampleTexture(grid: Float32Array, fx: number, fy: number): number {
  const x = fx * TEXTURE_CELLS, y = fy * TEXTURE_CELLS;
  const x0 = Math.min(TEXTURE_CELLS - 1, x | 0), y0 = Math.min(TEXTURE_CELLS - 1, y | 0);
  const tx = x - x0, ty = y - y0;
  const n = TEXTURE_CELLS + 1;
  const top = grid[y0 * n + x0]! * (1 - tx) + grid[y0 * n + x0 + 1]! * tx;
  const bottom = grid[(y0 + 1) * n + x0]! * (1 - tx) + grid[(y0 + 1) * n + x0 + 1]! * tx;
  return top + (bottom - top) * ty;
}

/** A normalised line kernel for sharp.convolve: motion blur of the given length (px) and direction. */
export function motionKernel(lengthPx: number, angleDeg: number): { width: number; height: number; kernel: number[] } {
  const size = Math.max(3, Math.ceil(lengthPx) | 1);
  const kernel = new Array<number>(size * size).fill(0);
  const angle = (angleDeg * Math.PI) / 180;
  const c = (size - 1) / 2;
  const steps = size * 4;
  for (let i = 0; i <= steps; i++) {
    const t = (i / steps - 0.5) * lengthPx;
    const x = Math.round(c + t * Math.cos(angle));
    const y = Math.round(c + t * Math.sin(angle));
    if (x >= 0 && y >= 0 && x < size && y < size) kernel[y * size + x]! += 1;
  }
  const total = kernel.reduce((sum, value) => sum + value, 0);
  return { width: size, height: size, kernel: kernel.map((value) => value / total) };
}
