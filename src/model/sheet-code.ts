/**
 * The sheet code carried by every page's QR, and the human-readable line printed beside it.
 * Pure strings: QR alphanumeric mode only (digits, A–Z, space, $%*+-./:) so the code stays at QR version 3.
 */
import { FINGERPRINT_SHORT_LENGTH, shortFingerprint } from './fingerprint.js';

export interface SheetCode {
  readonly formCode: string;
  readonly layoutVersion: number;
  /** First FINGERPRINT_SHORT_LENGTH characters of the layout fingerprint. */
  readonly fingerprint: string;
  readonly page: number;
  readonly pageCount: number;
  readonly serial: number;
  readonly site: string;
}

export type SheetCodeRejection = 'foreign' | 'truncated' | 'tampered';
export type ParsedSheetCode =
  | { readonly ok: true; readonly code: SheetCode }
  | { readonly ok: false; readonly reason: SheetCodeRejection; readonly message: string };

export const SHEET_CODE_PREFIX = 'PL';
export const SHEET_CODE_FORMAT_VERSION = 1;
export const SITE_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,7}$/;
export const MAX_SERIAL = 999_999;
const SERIAL_DIGITS = 6;
const QR_ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
/** Prime above the largest weighted difference of a one-character change, below 36² (two base-36 characters). */
const CHECK_MODULUS = 1291;

/** Two base-36 characters; any single changed or swapped neighbouring character changes them. */
export function sheetCodeCheck(body: string): string {
  let sum = 0;
  for (let index = 0; index < body.length; index++) {
    const value = QR_ALPHANUMERIC.indexOf(body[index] ?? '');
    sum = (sum + (index + 1) * (value < 0 ? 0 : value + 1)) % CHECK_MODULUS;
  }
  return sum.toString(36).toUpperCase().padStart(2, '0');
}

export function formatSerial(serial: number): string {
  return String(serial).padStart(SERIAL_DIGITS, '0');
}

export function encodeSheetCode(code: SheetCode): string {
  const body = [
    `${SHEET_CODE_PREFIX}${SHEET_CODE_FORMAT_VERSION}`, code.formCode, String(code.layoutVersion), code.fingerprint,
    String(code.page), String(code.pageCount), formatSerial(code.serial), code.site,
  ].join('.');
  return `${body}.${sheetCodeCheck(body)}`;
}

/** Whether a sheet code names this printed layout: same form code and version, and the code's short fingerprint
 * is the start of the layout's full one (older printed versions keep their own fingerprint). */
export function codeNamesLayout(code: Pick<SheetCode, 'formCode' | 'layoutVersion' | 'fingerprint'>,
  layout: { readonly formCode: string; readonly version: number; readonly fingerprint: string }): boolean {
  return layout.formCode === code.formCode && layout.version === code.layoutVersion && layout.fingerprint.startsWith(code.fingerprint);
}

export function parseSheetCode(text: string): ParsedSheetCode {
  const trimmed = text.trim();
  if (!trimmed.startsWith(`${SHEET_CODE_PREFIX}${SHEET_CODE_FORMAT_VERSION}.`)) {
    return { ok: false, reason: 'foreign', message: 'This QR code is not a paperlink sheet code.' };
  }
  const parts = trimmed.split('.');
  if (parts.length !== 9) {
    return { ok: false, reason: 'truncated', message: `The sheet code has ${parts.length} parts instead of 9.` };
  }
  const [, formCode, version, fingerprint, page, pageCount, serial, site, check] = parts as [string, string, string, string, string, string, string, string, string];
  const body = parts.slice(0, 8).join('.');
  if (sheetCodeCheck(body) !== check) {
    return { ok: false, reason: 'tampered', message: 'The sheet code does not match its check value: it was misread or altered.' };
  }
  const wellFormed = /^[A-Z]{3}$/.test(formCode) && /^[1-9][0-9]?$/.test(version) &&
    new RegExp(`^[0-9A-F]{${FINGERPRINT_SHORT_LENGTH}}$`).test(fingerprint) && /^[1-9][0-9]?$/.test(page) &&
    /^[1-9][0-9]?$/.test(pageCount) && Number(page) <= Number(pageCount) &&
    new RegExp(`^[0-9]{${SERIAL_DIGITS}}$`).test(serial) && SITE_CODE_PATTERN.test(site);
  if (!wellFormed) {
    return { ok: false, reason: 'tampered', message: 'The sheet code has a part in the wrong format.' };
  }
  return {
    ok: true,
    code: { formCode, layoutVersion: Number(version), fingerprint, page: Number(page), pageCount: Number(pageCount), serial: Number(serial), site },
  };
}

// ── The human-readable identity, for keying in when a QR is torn or soaked ──────────────────────────────────
const LUHN_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Luhn mod 36 check character over site + serial + page: catches every single mistyped character. */
export function keyedCheckCharacter(site: string, serial: number, page: number): string {
  const input = `${site}${formatSerial(serial)}${page}`;
  const n = LUHN_ALPHABET.length;
  let factor = 2;
  let sum = 0;
  for (let index = input.length - 1; index >= 0; index--) {
    const codePoint = LUHN_ALPHABET.indexOf(input[index] ?? '0');
    let addend = factor * Math.max(0, codePoint);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return LUHN_ALPHABET[(n - (sum % n)) % n] ?? '0';
}

/** The short id printed beside the QR: `AMS01-000123-1-K`. */
export function humanSheetId(code: Pick<SheetCode, 'site' | 'serial' | 'page'>): string {
  return `${code.site}-${formatSerial(code.serial)}-${code.page}-${keyedCheckCharacter(code.site, code.serial, code.page)}`;
}

export type ParsedHumanId =
  | { readonly ok: true; readonly site: string; readonly serial: number; readonly page: number }
  | { readonly ok: false; readonly message: string };

/** Parses what a person keyed in from the printed id (case, spaces and dashes forgiven). */
export function parseHumanSheetId(text: string): ParsedHumanId {
  const parts = text.toUpperCase().trim().split(/[\s\-·.]+/).filter(Boolean);
  if (parts.length !== 4) return { ok: false, message: 'Type the four parts printed beside the QR: site, serial, page and check character.' };
  const [site, serialText, pageText, check] = parts as [string, string, string, string];
  if (!SITE_CODE_PATTERN.test(site)) return { ok: false, message: `"${site}" is not a site code.` };
  if (!/^[0-9]{1,6}$/.test(serialText) || !/^[1-9][0-9]?$/.test(pageText)) return { ok: false, message: 'Serial and page must be numbers.' };
  const serial = Number(serialText);
  const page = Number(pageText);
  if (keyedCheckCharacter(site, serial, page) !== check) {
    return { ok: false, message: 'The check character does not match: one of the parts was typed wrongly. Compare each character with the sheet.' };
  }
  return { ok: true, site, serial, page };
}

/** Lines printed beside the QR: form, site and serial, page, and the id to key in when the QR is unreadable. */
export function humanReadableCodeLines(code: SheetCode, formId: string): string[] {
  return [
    `${formId} v${code.layoutVersion} · ${code.formCode}`,
    `${code.site} · ${formatSerial(code.serial)} · p. ${code.page}/${code.pageCount}`,
    humanSheetId(code),
  ];
}

/** The identity a layout gives its sheet codes (a FormLayout has these). */
export interface SheetCodeSource {
  readonly formCode: string;
  readonly version: number;
  readonly fingerprint: string;
  readonly pageCount: number;
}

/** The sheet codes of serials serialFrom..serialTo, each serial with all its pages, in print order. */
export function sheetCodesFor(layout: SheetCodeSource, site: string, serialFrom: number, serialTo: number): SheetCode[] {
  const codes: SheetCode[] = [];
  for (let serial = serialFrom; serial <= serialTo; serial++) {
    for (let page = 1; page <= layout.pageCount; page++) {
      codes.push({ formCode: layout.formCode, layoutVersion: layout.version, fingerprint: shortFingerprint(layout.fingerprint),
        page, pageCount: layout.pageCount, serial, site });
    }
  }
  return codes;
}
