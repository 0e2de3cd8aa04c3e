/**
 * The key of an encrypted workspace. A passphrase is stretched with scrypt over a 16-byte random salt; SQLCipher
 * (through better-sqlite3-multiple-ciphers) gets the raw 32-byte key with that salt, and keeps the salt as the
 * database file's first 16 bytes. The one file therefore holds everything but the passphrase, so encrypting or
 * re-keying a workspace is one atomic rename of one file. A plain workspace starts with SQLite's own header.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { randomBytes, scryptSync } from 'node:crypto';

/** The first 16 bytes of every plain SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
export const SALT_BYTES = 16;
/**
 * scrypt cost: N = 2^15, r = 8, p = 1 takes ≈ 0.1 s and 32 MiB on this machine (shared/docs/measurements.md's
 * laptop class), once per open; every guess of a stolen file's passphrase costs an attacker the same.
 */
export const SCRYPT_PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
export const KEY_BYTES = 32;

/** The SQLCipher settings every encrypted workspace uses (SQLCipher 4 page format). */
export const CIPHER_PRAGMAS: readonly string[] = ["cipher = 'sqlcipher'", 'legacy = 4'];

function head(file: string): Buffer | null {
  if (!existsSync(file)) return null;
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(SALT_BYTES);
    const read = readSync(fd, bytes, 0, SALT_BYTES, 0);
    return read === SALT_BYTES ? bytes : null;
  } finally {
    closeSync(fd);
  }
}

/** SQLCipher writes whole pages of 4096 bytes (its default page size, which paperlink keeps). */
const CIPHER_PAGE_BYTES = 4096;

/**
 * Whether the database file exists and is encrypted: whole pages that do not start with SQLite's plain header. Any
 * other file (a text file, a truncated copy) is neither, and is refused as no workspace when opened.
 */
export function isEncryptedFile(file: string): boolean {
  const bytes = head(file);
  if (bytes === null || bytes.equals(SQLITE_HEADER)) return false;
  const size = statSync(file).size;
  return size >= CIPHER_PAGE_BYTES && size % CIPHER_PAGE_BYTES === 0;
}

/** The salt an encrypted file was keyed with (its first 16 bytes). */
export function saltOf(file: string): Buffer {
  const bytes = head(file);
  if (!bytes) throw new Error(`${file} is too short to hold a salt`);
  return bytes;
}

export function newSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

/** The `key = …` (or `rekey = …`) pragma for this passphrase and salt: raw key and salt, no SQLCipher KDF on top. */
export function keyPragma(verb: 'key' | 'rekey', passphrase: string, salt: Buffer): string {
  const key = scryptSync(passphrase.normalize('NFC'), salt, KEY_BYTES, SCRYPT_PARAMS);
  return `${verb} = "x'${key.toString('hex')}${salt.toString('hex')}'"`;
}
