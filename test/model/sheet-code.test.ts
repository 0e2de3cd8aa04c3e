import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeSheetCode, humanSheetId, keyedCheckCharacter, parseHumanSheetId, parseSheetCode, type SheetCode,
} from '../../src/model/index.js';

const sheetCode: fc.Arbitrary<SheetCode> = fc.record({
  formCode: fc.stringMatching(/^[A-Z]{3}$/),
  layoutVersion: fc.integer({ min: 1, max: 99 }),
  fingerprint: fc.stringMatching(/^[0-9A-F]{6}$/),
  pageCount: fc.integer({ min: 1, max: 9 }),
  page: fc.constant(1),
  serial: fc.integer({ min: 1, max: 999_999 }),
  site: fc.stringMatching(/^[A-Z][A-Z0-9]{1,7}$/),
}).chain((code) => fc.integer({ min: 1, max: code.pageCount }).map((page) => ({ ...code, page })));

const QR_ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/;

describe('sheet code', () => {
  it('round-trips: parse(encode(c)) = c, and stays within QR alphanumeric mode', () => {
    fc.assert(fc.property(sheetCode, (code) => {
      const text = encodeSheetCode(code);
      expect(text).toMatch(QR_ALPHANUMERIC);
      expect(text.length).toBeLessThanOrEqual(47); // QR version 3 at level Q holds 47 alphanumeric characters
      expect(parseSheetCode(text)).toEqual({ ok: true, code });
    }), { seed: 20261127, numRuns: 500 });
  });

  it('rejects any single changed character as tampered (or truncated when a separator is hit)', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    fc.assert(fc.property(sheetCode, fc.nat(), fc.nat(), (code, at, by) => {
      const text = encodeSheetCode(code);
      const index = at % text.length;
      const original = text[index]!;
      const replacement = alphabet[(alphabet.indexOf(original) + 1 + (by % (alphabet.length - 1))) % alphabet.length]!;
      const changed = text.slice(0, index) + replacement + text.slice(index + 1);
      const parsed = parseSheetCode(changed);
      expect(parsed.ok).toBe(false);
    }), { seed: 7, numRuns: 2000 });
  });

  it('says why a code is rejected: foreign, truncated or tampered', () => {
    const text = encodeSheetCode({ formCode: 'INT', layoutVersion: 1, fingerprint: 'ABC123', page: 1, pageCount: 2, serial: 42, site: 'AMS01' });
    expect(parseSheetCode('https://example.org')).toMatchObject({ ok: false, reason: 'foreign' });
    expect(parseSheetCode(text.split('.').slice(0, 6).join('.'))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(parseSheetCode(text.replace('000042', '000043'))).toMatchObject({ ok: false, reason: 'tampered' });
  });

  it('parses the printed human id back, and catches a single mistyped character', () => {
    const code = { site: 'AMS01', serial: 123, page: 2 };
    const id = humanSheetId(code);
    expect(id).toBe(`AMS01-000123-2-${keyedCheckCharacter('AMS01', 123, 2)}`);
    expect(parseHumanSheetId(id.toLowerCase().replaceAll('-', ' '))).toEqual({ ok: true, ...code });
    expect(parseHumanSheetId(id.replace('000123', '000124'))).toMatchObject({ ok: false });
    expect(parseHumanSheetId('AMS01 123')).toMatchObject({ ok: false });
  });
});
