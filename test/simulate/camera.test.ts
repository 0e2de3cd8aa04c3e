import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutForm, parseForm } from '../../src/model/index.js';
import { CAMERA_PROFILES, PROFILE_NAMES, createRng } from '../../src/simulate/index.js';
import { applyHomography } from '../../src/geometry/index.js';
import { clearMarginMm, sampleCamera, type PhoneParams, type ScanParams } from '../../src/simulate/camera.js';

const parsed = parseForm(JSON.parse(readFileSync(new URL('../../forms/intake/v1.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error('intake invalid');
const layout = layoutForm(parsed.definition);
const SAMPLES = 300;

describe('sampleCamera', () => {
  it.each(PROFILE_NAMES)('keeps %s within its documented parameters', (name) => {
    const profile = CAMERA_PROFILES[name];
    for (let seed = 0; seed < SAMPLES; seed++) {
      const params = sampleCamera(name, layout, createRng(seed));
      if (profile.kind === 'scan') {
        const scan = params as ScanParams;
        expect(Math.abs(scan.skewDeg)).toBeLessThanOrEqual(profile.skewMaxDeg);
        expect(scan.dpi).toBe(profile.dpi);
        expect(scan.rotated180).toBe(profile.rotate180);
        // Upside down: the paper's top-left corner lands at the image's bottom-right.
        const topLeft = scan.pageCornersPx[0]!;
        if (profile.rotate180) expect(topLeft.y).toBeGreaterThan(scan.heightPx / 2);
        else expect(topLeft.y).toBeLessThan(scan.heightPx / 2);
        continue;
      }
      if (profile.kind !== 'phone') continue;
      const phone = params as PhoneParams;
      expect(phone.tiltDeg).toBeLessThanOrEqual(profile.tiltMaxDeg);
      expect(Math.abs(phone.rotationDeg)).toBeLessThanOrEqual(profile.rotationMaxDeg);
      expect(phone.widthPx * phone.heightPx).toBe(12_000_000);
      expect(phone.jpegQuality).toBeGreaterThanOrEqual(profile.jpegQuality.min);
      expect(phone.jpegQuality).toBeLessThanOrEqual(profile.jpegQuality.max);
      const inFrame = (x: number, y: number): boolean => {
        const p = applyHomography(phone.homography, { x, y });
        return p.x >= 0 && p.y >= 0 && p.x <= phone.widthPx && p.y <= phone.heightPx;
      };
      // Marks and QR always fully in frame; only a white margin may be cut.
      for (const mark of layout.marks) {
        for (const [dx, dy] of [[-1, 0], [1, 0], [0, -1], [0, 1]] as const) expect(inFrame(mark.xMm + dx * mark.sizeMm / 2, mark.yMm + dy * mark.sizeMm / 2)).toBe(true);
      }
      expect(inFrame(layout.qr.xMm, layout.qr.yMm) && inFrame(layout.qr.xMm + layout.qr.sizeMm, layout.qr.yMm + layout.qr.sizeMm)).toBe(true);
      if (phone.cut) {
        expect(phone.cut.depthMm).toBeLessThanOrEqual(Math.min(profile.cutMaxMm, clearMarginMm(layout)[phone.cut.side]));
      } else {
        for (const corner of phone.pageCornersPx) expect(corner.x >= -0.5 && corner.y >= -0.5 && corner.x <= phone.widthPx + 0.5 && corner.y <= phone.heightPx + 0.5).toBe(true);
      }
    }
  });

  it('cuts a margin in most phone-poor shots and never in phone-good ones', () => {
    const cuts = (name: 'phone-poor' | 'phone-good') => Array.from({ length: 100 }, (_, seed) => (sampleCamera(name, layout, createRng(seed)) as PhoneParams).cut).filter(Boolean).length;
    expect(cuts('phone-good')).toBe(0);
    expect(cuts('phone-poor')).toBeGreaterThan(40);
  });
});
