/**
 * Sealed files: any one recipient (a key or a passphrase) opens them, nobody else; the content is nowhere in the
 * sealed bytes; one changed byte anywhere is refused as damaged.
 */
import { describe, expect, it } from 'vitest';
import { newRecipientKey, seal, unseal } from '../../src/seal/index.js';

const CONTENT = Buffer.from('<html>RESTRICTED Hnatiuk Dmytro 0687654321 GEHEIMSTRAAT 12</html>');

describe('seal', () => {
  it('opens for each recipient, key or passphrase, with the original name, and shows none of the content', () => {
    const anna = newRecipientKey();
    const bram = newRecipientKey();
    const sealed = seal(CONTENT, 'followup.html', [{ kind: 'key', publicKeyPem: anna.publicKeyPem }, { kind: 'key', publicKeyPem: bram.publicKeyPem }, { kind: 'passphrase', passphrase: 'zeven blauwe fietsen' }]);
    for (const needle of ['Hnatiuk', '0687654321', 'GEHEIMSTRAAT', 'RESTRICTED']) expect(sealed.includes(Buffer.from(needle))).toBe(false);
    expect(unseal(sealed, { kind: 'key', privateKeyPem: anna.privateKeyPem })).toEqual({ name: 'followup.html', content: CONTENT });
    expect(unseal(sealed, { kind: 'key', privateKeyPem: bram.privateKeyPem }).content).toEqual(CONTENT);
    expect(unseal(sealed, { kind: 'passphrase', passphrase: 'zeven blauwe fietsen' }).content).toEqual(CONTENT);
    // The fingerprint is the same readable form as the office keys': five groups of five digits.
    expect(anna.fingerprint).toMatch(/^\d{5}(-\d{5}){4}$/);
  });

  it('refuses another key, a wrong passphrase and any changed byte, saying which', () => {
    const anna = newRecipientKey();
    const stranger = newRecipientKey();
    const sealed = seal(CONTENT, 'pfif.xml', [{ kind: 'key', publicKeyPem: anna.publicKeyPem }, { kind: 'passphrase', passphrase: 'zeven blauwe fietsen' }]);
    expect(() => unseal(sealed, { kind: 'key', privateKeyPem: stranger.privateKeyPem })).toThrow(expect.objectContaining({ code: 'passphrase-wrong', hint: expect.stringContaining(anna.fingerprint) }));
    expect(() => unseal(sealed, { kind: 'passphrase', passphrase: 'acht blauwe fietsen' })).toThrow(expect.objectContaining({ code: 'passphrase-wrong' }));
    // Flip one byte in the content, in the header, and cut the file short.
    const flipped = (at: number): Buffer => { const copy = Buffer.from(sealed); copy[at] = copy[at]! ^ 1; return copy; };
    expect(() => unseal(flipped(sealed.length - 3), { kind: 'key', privateKeyPem: anna.privateKeyPem })).toThrow(expect.objectContaining({ code: 'bundle-damaged' }));
    const nameAt = sealed.indexOf(Buffer.from('pfif.xml'));
    expect(() => unseal(flipped(nameAt), { kind: 'key', privateKeyPem: anna.privateKeyPem })).toThrow(expect.objectContaining({ code: 'bundle-damaged' }));
    expect(() => unseal(sealed.subarray(0, 30), { kind: 'key', privateKeyPem: anna.privateKeyPem })).toThrow(expect.objectContaining({ code: 'bundle-damaged' }));
  });
});
