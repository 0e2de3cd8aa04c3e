/**
 * The fingerprint of a public key in digits a person can read out over a radio ("30417-88213-…"): five groups of five
 * digits, about 83 bits of SHA-256 of the key (SPKI DER), enough that nobody can make a second key with the same
 * fingerprint. Office keys (bundles) and recipient keys (sealed outputs) are named the same way.
 */
import { createHash } from 'node:crypto';

const FINGERPRINT_GROUPS = 5;
const DIGITS_PER_GROUP = 5;

/** Fingerprint of a public key (SPKI DER as base64): digits in dash-separated groups. */
export function fingerprintOf(publicKeyBase64: string): string {
  const digest = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
  const digits = FINGERPRINT_GROUPS * DIGITS_PER_GROUP;
  // 11 bytes = 88 bits, reduced to 25 decimal digits (~83 bits).
  const number = BigInt(`0x${digest.slice(0, 22)}`) % 10n ** BigInt(digits);
  const text = number.toString().padStart(digits, '0');
  const groups: string[] = [];
  for (let i = 0; i < digits; i += DIGITS_PER_GROUP) groups.push(text.slice(i, i + DIGITS_PER_GROUP));
  return groups.join('-');
}

/** The fingerprint as typed by a person (spaces, dashes or none) in its one written form, or null when it is not one. */
export function normaliseFingerprint(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits) || digits.length !== FINGERPRINT_GROUPS * DIGITS_PER_GROUP) return null;
  return digits.match(new RegExp(`.{${DIGITS_PER_GROUP}}`, 'g'))!.join('-');
}
