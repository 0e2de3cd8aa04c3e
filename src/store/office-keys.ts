/**
 * The office key of this workspace and the office keys it trusts (typed queries only). Making keys, signing and
 * checking signatures is the bundle feature's business (node:crypto); the store only keeps the DER text.
 */
import { nowIso, type Workspace } from './workspace.js';

export interface StoredOfficeKey {
  /** SPKI DER, base64. */
  readonly publicKey: string;
  /** PKCS8 DER, base64; never leaves the workspace. */
  readonly privateKey: string;
  readonly fingerprint: string;
  readonly createdAt: string;
}

export function getOfficeKey(workspace: Workspace): StoredOfficeKey | undefined {
  return workspace.db.prepare('SELECT public_key AS publicKey, private_key AS privateKey, fingerprint, created_at AS createdAt FROM office_key WHERE id = 1')
    .get() as StoredOfficeKey | undefined;
}

/** Saves the office key unless one exists already (two processes at once keep the first); returns the one kept. */
export function saveOfficeKey(workspace: Workspace, key: Omit<StoredOfficeKey, 'createdAt'>): StoredOfficeKey {
  workspace.db.prepare('INSERT INTO office_key (id, public_key, private_key, fingerprint, created_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
    .run(key.publicKey, key.privateKey, key.fingerprint, nowIso());
  return getOfficeKey(workspace)!;
}

export function isOfficeTrusted(workspace: Workspace, fingerprint: string): boolean {
  return workspace.db.prepare('SELECT 1 FROM trusted_offices WHERE fingerprint = ?').get(fingerprint) !== undefined;
}

export function trustOffice(workspace: Workspace, fingerprint: string, publicKey: string): void {
  workspace.db.prepare('INSERT INTO trusted_offices (fingerprint, public_key, trusted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(fingerprint, publicKey, nowIso());
}

export function listTrustedOffices(workspace: Workspace): { fingerprint: string; trustedAt: string }[] {
  return workspace.db.prepare('SELECT fingerprint, trusted_at AS trustedAt FROM trusted_offices ORDER BY trusted_at, fingerprint').all() as { fingerprint: string; trustedAt: string }[];
}
