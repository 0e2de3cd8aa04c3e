import { describe, expect, it } from 'vitest';
import { encodeSheetCode, type GrayImage } from '../../src/model/index.js';
import { identifySheet, readPage } from '../../src/scan/index.js';
import { codeFor, loadIntake, pageWithQr } from '../helpers/scan-page.js';

const { layout, stored } = loadIntake();
const lookup = (): typeof stored => stored;
const none = (): undefined => undefined;

describe('identifying a page', () => {
  it('calls a QR that is not a sheet code foreign-qr and reports its raw text', async () => {
    const reading = await readPage(pageWithQr('https://example.org/menu'), lookup);
    expect(reading).toMatchObject({ kind: 'unreadable', reason: 'foreign-qr', qrText: 'https://example.org/menu' });
  });

  it('calls a sheet code whose check value does not match tampered-code', async () => {
    const text = encodeSheetCode(codeFor(layout, 7, 1)).replace('000007', '000008');
    const reading = await readPage(pageWithQr(text), lookup);
    expect(reading).toMatchObject({ kind: 'unreadable', reason: 'tampered-code', qrText: text });
  });

  it('calls a valid code without a stored layout unknown-layout, keeping the code', async () => {
    const code = codeFor(layout, 7, 2);
    const reading = await readPage(pageWithQr(encodeSheetCode(code)), none);
    expect(reading).toMatchObject({ kind: 'unreadable', reason: 'unknown-layout', code: { serial: 7, page: 2 } });
  });

  it('calls a uniform page blank-page and a page with print but no QR no-qr', async () => {
    const blank: GrayImage = { width: 1240, height: 1754, data: new Uint8Array(1240 * 1754).fill(243) };
    expect(await readPage(blank, lookup)).toMatchObject({ kind: 'unreadable', reason: 'blank-page' });
    const printed: GrayImage = { ...blank, data: Uint8Array.from(blank.data) };
    for (let y = 200; y < 1500; y += 40) printed.data.fill(30, y * 1240 + 100, y * 1240 + 1100);
    expect(await readPage(printed, lookup)).toMatchObject({ kind: 'unreadable', reason: 'no-qr' });
  });

  it('identifies a code as text alone (pure)', () => {
    const text = encodeSheetCode(codeFor(layout, 12, 1));
    expect(identifySheet(text, lookup)).toMatchObject({ ok: true, code: { serial: 12 } });
    expect(identifySheet(text.slice(0, 20), lookup)).toMatchObject({ ok: false, reason: 'tampered-code' });
  });
});
