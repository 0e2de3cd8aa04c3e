/**
 * A sealed file: content encrypted once with a random content key (AES-256-GCM), and that key wrapped for each
 * recipient, either a person's X25519 public key (ephemeral-static Diffie–Hellman, HKDF-SHA256) or a passphrase
 * (scrypt). Any one recipient opens it; nobody else learns more than its length. Node's own crypto, nothing else.
 *
 * Layout: MAGIC, a 4-byte big-endian header length, the header as JSON (algorithms, wrapped keys, the content's
 * IV and tag, the original file name), then the ciphertext. The header is authenticated as the content's AAD, so a
 * changed byte anywhere makes opening fail.
 */
import {
  createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, scryptSync,
  type KeyObject,
} from 'node:crypto';
import { PaperlinkError, fingerprintOf } from '../model/index.js';

export const SEAL_MAGIC = Buffer.from('PAPERLINK-SEALED-1\n', 'latin1');
/** scrypt for a passphrase recipient: the workspace's cost (≈ 0.1 s a try). */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const HKDF_INFO = Buffer.from('paperlink seal v1');

export type SealRecipient =
  | { readonly kind: 'key'; readonly publicKeyPem: string }
  | { readonly kind: 'passphrase'; readonly passphrase: string };

export type SealOpener =
  | { readonly kind: 'key'; readonly privateKeyPem: string }
  | { readonly kind: 'passphrase'; readonly passphrase: string };

interface WrappedKey { readonly iv: string; readonly tag: string; readonly key: string }
type HeaderRecipient =
  | (WrappedKey & { readonly kind: 'x25519'; readonly fingerprint: string; readonly ephemeral: string })
  | (WrappedKey & { readonly kind: 'scrypt'; readonly salt: string; readonly N: number; readonly r: number; readonly p: number });

interface SealHeader {
  readonly version: 1;
  readonly name: string;
  readonly cipher: 'aes-256-gcm';
  readonly iv: string;
  readonly tag: string;
  readonly recipients: readonly HeaderRecipient[];
}

const b64 = (bytes: Buffer): string => bytes.toString('base64');

function gcm(key: Buffer, plain: Buffer, aad?: Buffer): { iv: Buffer; tag: Buffer; data: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

function ungcm(key: Buffer, iv: string, tag: string, data: Buffer, aad?: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

function spkiBase64(key: KeyObject): string {
  return b64(key.export({ type: 'spki', format: 'der' }));
}

/** The key-wrapping key shared with an X25519 recipient: HKDF over the DH secret, bound to both public keys. */
function sharedWrapKey(secret: Buffer, ephemeralSpki: string, recipientSpki: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.from(`${ephemeralSpki}|${recipientSpki}`), HKDF_INFO, 32));
}

function wrapFor(recipient: SealRecipient, contentKey: Buffer): HeaderRecipient {
  if (recipient.kind === 'passphrase') {
    const salt = randomBytes(16);
    const wrapped = gcm(scryptSync(recipient.passphrase.normalize('NFC'), salt, 32, SCRYPT), contentKey);
    return { kind: 'scrypt', salt: b64(salt), N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, iv: b64(wrapped.iv), tag: b64(wrapped.tag), key: b64(wrapped.data) };
  }
  const publicKey = createPublicKey(recipient.publicKeyPem);
  if (publicKey.asymmetricKeyType !== 'x25519') {
    throw new PaperlinkError('argument-invalid', 'That public key is not a paperlink recipient key.', 'Use a NAME.pub file made by `paperlink keys new NAME`.');
  }
  const ephemeral = generateKeyPairSync('x25519');
  const recipientSpki = spkiBase64(publicKey);
  const ephemeralSpki = spkiBase64(ephemeral.publicKey);
  const secret = diffieHellman({ privateKey: ephemeral.privateKey, publicKey });
  const wrapped = gcm(sharedWrapKey(secret, ephemeralSpki, recipientSpki), contentKey);
  return { kind: 'x25519', fingerprint: fingerprintOf(recipientSpki), ephemeral: ephemeralSpki, iv: b64(wrapped.iv), tag: b64(wrapped.tag), key: b64(wrapped.data) };
}

/** Seals `content` (named `name` for whoever opens it) so that any one of `recipients` can open it. */
export function seal(content: Buffer, name: string, recipients: readonly SealRecipient[]): Buffer {
  if (recipients.length === 0) throw new PaperlinkError('argument-invalid', 'A sealed file needs at least one recipient.', 'Give --seal-to KEY.pub or --seal-passphrase.');
  const contentKey = randomBytes(32);
  const wrapped = recipients.map((recipient) => wrapFor(recipient, contentKey));
  const iv = randomBytes(12);
  // The header is fixed before the content is encrypted, with its own IV; the tag goes in after, outside the AAD.
  const base = { version: 1 as const, name, cipher: 'aes-256-gcm' as const, iv: b64(iv), recipients: wrapped };
  const aad = Buffer.from(JSON.stringify(base));
  const cipher = createCipheriv('aes-256-gcm', contentKey, iv);
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(content), cipher.final()]);
  const header: SealHeader = { ...base, tag: b64(cipher.getAuthTag()) };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  return Buffer.concat([SEAL_MAGIC, length, headerBytes, data]);
}

function parse(sealed: Buffer): { header: SealHeader; data: Buffer } {
  const damaged = (): PaperlinkError => new PaperlinkError('bundle-damaged', 'This is not a paperlink sealed file, or it is damaged.',
    'Copy the file again from where it came from (a half-copied file cannot be opened).');
  if (sealed.length < SEAL_MAGIC.length + 4 || !sealed.subarray(0, SEAL_MAGIC.length).equals(SEAL_MAGIC)) throw damaged();
  const length = sealed.readUInt32BE(SEAL_MAGIC.length);
  const start = SEAL_MAGIC.length + 4;
  if (start + length > sealed.length) throw damaged();
  try {
    return { header: JSON.parse(sealed.subarray(start, start + length).toString('utf8')) as SealHeader, data: sealed.subarray(start + length) };
  } catch {
    throw damaged();
  }
}

function unwrap(header: SealHeader, opener: SealOpener): Buffer | null {
  for (const recipient of header.recipients) {
    try {
      if (opener.kind === 'passphrase' && recipient.kind === 'scrypt') {
        const key = scryptSync(opener.passphrase.normalize('NFC'), Buffer.from(recipient.salt, 'base64'), 32, { N: recipient.N, r: recipient.r, p: recipient.p, maxmem: SCRYPT.maxmem });
        return ungcm(key, recipient.iv, recipient.tag, Buffer.from(recipient.key, 'base64'));
      }
      if (opener.kind === 'key' && recipient.kind === 'x25519') {
        const privateKey = createPrivateKey(opener.privateKeyPem);
        const recipientSpki = spkiBase64(createPublicKey(privateKey));
        if (fingerprintOf(recipientSpki) !== recipient.fingerprint) continue;
        const secret = diffieHellman({ privateKey, publicKey: createPublicKey({ key: Buffer.from(recipient.ephemeral, 'base64'), format: 'der', type: 'spki' }) });
        return ungcm(sharedWrapKey(secret, recipient.ephemeral, recipientSpki), recipient.iv, recipient.tag, Buffer.from(recipient.key, 'base64'));
      }
    } catch {
      // A wrong passphrase fails the wrapped key's tag: try the next recipient.
    }
  }
  return null;
}

/** Opens a sealed file: its original name and content, or a typed error that says why not. */
export function unseal(sealed: Buffer, opener: SealOpener): { name: string; content: Buffer } {
  const { header, data } = parse(sealed);
  const contentKey = unwrap(header, opener);
  if (!contentKey) {
    throw new PaperlinkError('passphrase-wrong', opener.kind === 'passphrase' ? 'The passphrase does not open this sealed file.' : 'This sealed file was not sealed to that key.',
      opener.kind === 'passphrase' ? 'Type it again, or ask the sender which passphrase they used.' : `It is sealed to: ${header.recipients.map((r) => (r.kind === 'x25519' ? r.fingerprint : 'a passphrase')).join(', ')}.`);
  }
  const { tag, ...base } = header;
  try {
    return { name: header.name, content: ungcm(contentKey, header.iv, tag, data, Buffer.from(JSON.stringify(base))) };
  } catch {
    throw new PaperlinkError('bundle-damaged', 'The sealed file is damaged (its content does not match its seal).', 'Copy the file again from where it came from.');
  }
}

/** A recipient key pair: the public half (PEM) to hand out, the private half (PEM) to keep, and the readable fingerprint. */
export function newRecipientKey(): { publicKeyPem: string; privateKeyPem: string; fingerprint: string } {
  const pair = generateKeyPairSync('x25519');
  return {
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(spkiBase64(pair.publicKey)),
  };
}

/** The fingerprint of a public key in PEM, as `paperlink keys new` showed it. */
export function recipientFingerprint(publicKeyPem: string): string {
  return fingerprintOf(spkiBase64(createPublicKey(publicKeyPem)));
}
