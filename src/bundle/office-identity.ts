/**
 * The office key: an Ed25519 key pair (Node's own crypto) made on first use and kept in the workspace, named by its
 * fingerprint in digits a person can read out over a radio (model/key-fingerprint.ts).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { PaperlinkError, fingerprintOf, normaliseFingerprint } from '../model/index.js';
import { getOfficeKey, saveOfficeKey, type StoredOfficeKey, type Workspace } from '../store/index.js';

export { fingerprintOf, normaliseFingerprint } from '../model/index.js';

/** The office id inside event keys: the fingerprint's digits without dashes. */
export function officeIdOf(fingerprint: string): string {
  return fingerprint.replace(/-/g, '');
}

/** This workspace's office key, made and saved on first use. */
export function ensureOfficeKey(workspace: Workspace): StoredOfficeKey {
  const existing = getOfficeKey(workspace);
  if (existing) return existing;
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const privateKey = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  return workspace.transaction(() => saveOfficeKey(workspace, { publicKey, privateKey, fingerprint: fingerprintOf(publicKey) }));
}

export function signText(key: StoredOfficeKey, text: string): string {
  const privateKey = createPrivateKey({ key: Buffer.from(key.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  return sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');
}

/** True when `signature` is the office key's Ed25519 signature of `text`; a malformed key or signature is false. */
export function verifyText(publicKeyBase64: string, text: string, signature: string): boolean {
  try {
    const publicKey = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    if (publicKey.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function fingerprintArgument(text: string): string {
  const fingerprint = normaliseFingerprint(text);
  if (!fingerprint) {
    throw new PaperlinkError('argument-invalid', `"${text}" is not an office fingerprint.`,
      'An office fingerprint is 25 digits in five groups, e.g. 30417-88213-00562-91844-27730, as `paperlink bundle key` shows it at that office.', { path: '--trust' });
  }
  return fingerprint;
}
