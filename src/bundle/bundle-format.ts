/**
 * The bundle file: line 1 is the signed manifest, then one event per line, all canonical JSON. The manifest names
 * the office key, the sequence range and the SHA-256 of every event line in order, and is signed with Ed25519.
 * parseBundle checks everything (complete, unchanged, signed by the key it names, events of that office) before
 * anyone may write a single event; it never touches a store.
 */
import { PaperlinkError } from '../model/index.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { fingerprintOf, officeIdOf, verifyText } from './office-identity.js';

export const BUNDLE_FORMAT = 'paperlink-bundle/1';

export const EVENT_KINDS = ['layout', 'print-run', 'sheet', 'page', 'capture', 'sheet-values', 'decision', 'image'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One immutable event: `id` is `<key>#<revision>`, made at its office; `sheet` is form:site:serial when it has one. */
export interface BundleEvent {
  readonly id: string;
  readonly office: string;
  readonly seq: number;
  readonly kind: EventKind;
  readonly sheet: string | null;
  readonly body: Record<string, unknown>;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly office: { readonly fingerprint: string; readonly publicKey: string };
  /** Manifest hash of the bundle this one continues (`--since`), or null for a full export. */
  readonly since: string | null;
  readonly seqFrom: number;
  readonly seqTo: number;
  readonly createdAt: string;
  readonly withImages: boolean;
  /** SHA-256 (hex) of every event line, in file order. */
  readonly events: readonly string[];
}

export interface ParsedBundle {
  readonly file: string;
  readonly manifest: BundleManifest;
  /** SHA-256 of the canonical manifest: the bundle's identity (what `--since` and the import log name). */
  readonly manifestHash: string;
  readonly events: readonly (BundleEvent & { readonly hash: string })[];
}

export function eventKeyOf(event: Pick<BundleEvent, 'id'>): { key: string; rev: number } {
  const at = event.id.lastIndexOf('#');
  return { key: event.id.slice(0, at), rev: Number(event.id.slice(at + 1)) };
}

/**
 * What an event says, without where it sits in its bundle (office, sequence): the same layout sent by two offices,
 * or an event in a later full export, is the same content. The export log hashes drafts the same way.
 */
export function contentHashOf(event: Pick<BundleEvent, 'kind' | 'sheet' | 'body'>): string {
  return sha256Hex(canonicalJson({ kind: event.kind, sheet: event.sheet, body: event.body }));
}

export function manifestHashOf(manifest: BundleManifest): string {
  return sha256Hex(canonicalJson(manifest));
}

/** The whole file text: signed manifest line, then the event lines (already canonical), each ending in a newline. */
export function writeBundleText(manifest: BundleManifest, signature: string, eventLines: readonly string[]): string {
  return [canonicalJson({ manifest, signature }), ...eventLines].map((line) => `${line}\n`).join('');
}

function damaged(file: string, what: string): PaperlinkError {
  return new PaperlinkError('bundle-damaged', `The bundle ${file} has been changed or damaged since its office made it (${what}).`,
    'Nothing was imported from it. Ask the office for a fresh copy (`paperlink bundle export` there), or copy it again from the original stick.', { file });
}

function incomplete(file: string, what: string): PaperlinkError {
  return new PaperlinkError('bundle-incomplete', `The bundle ${file} is incomplete (${what}): it was probably not copied to the end.`,
    'Nothing was imported from it. Copy the bundle again from the original stick (wait until copying has finished before removing the stick).', { file });
}

function isManifest(value: unknown): value is BundleManifest {
  const m = value as Partial<BundleManifest> | null;
  return !!m && m.format === BUNDLE_FORMAT && typeof m.office?.fingerprint === 'string' && typeof m.office.publicKey === 'string'
    && (m.since === null || typeof m.since === 'string') && Number.isInteger(m.seqFrom) && Number.isInteger(m.seqTo)
    && typeof m.createdAt === 'string' && typeof m.withImages === 'boolean' && Array.isArray(m.events) && m.events.every((h) => typeof h === 'string');
}

function checkEvent(file: string, value: unknown, manifest: BundleManifest, index: number): BundleEvent {
  const event = value as Partial<BundleEvent> | null;
  const office = officeIdOf(manifest.office.fingerprint);
  const valid = !!event && typeof event.id === 'string' && event.id.includes('#') && event.office === office
    && EVENT_KINDS.includes(event.kind as EventKind) && Number.isInteger(event.seq) && (event.sheet === null || typeof event.sheet === 'string')
    && typeof event.body === 'object' && event.body !== null;
  if (!valid) throw damaged(file, `event ${index + 1} is not a paperlink event`);
  // An office signs only its own events; layouts are named by their fingerprint, the same at every office.
  if (!event.id!.startsWith(`${office}/`) && !(event.kind === 'layout' && event.id!.startsWith('layout/'))) {
    throw damaged(file, `event ${index + 1} claims to come from another office`);
  }
  if (event.seq! < manifest.seqFrom || event.seq! > manifest.seqTo) throw damaged(file, `event ${index + 1} lies outside the bundle's sequence range`);
  return event as BundleEvent;
}

/** Reads and checks a whole bundle: any change of any byte, or a cut-off copy, is refused with a typed error. */
export function parseBundle(file: string, bytes: Uint8Array): ParsedBundle {
  const text = Buffer.from(bytes).toString('utf8');
  if (text.length === 0) throw incomplete(file, 'the file is empty');
  if (!text.endsWith('\n')) throw incomplete(file, 'it stops in the middle of a line');
  const lines = text.slice(0, -1).split('\n');
  let head: { manifest?: unknown; signature?: unknown };
  try {
    head = JSON.parse(lines[0] ?? '') as typeof head;
  } catch {
    throw damaged(file, 'the first line is not a bundle manifest');
  }
  if (!isManifest(head.manifest) || typeof head.signature !== 'string' || canonicalJson(head) !== lines[0]) throw damaged(file, 'the manifest is not in paperlink form');
  const manifest = head.manifest;
  if (fingerprintOf(manifest.office.publicKey) !== manifest.office.fingerprint) throw damaged(file, 'the office fingerprint does not belong to its key');
  if (!verifyText(manifest.office.publicKey, canonicalJson(manifest), head.signature)) throw damaged(file, 'the signature does not match the manifest');
  const eventLines = lines.slice(1);
  if (eventLines.length < manifest.events.length) throw incomplete(file, `${eventLines.length} of ${manifest.events.length} events are there`);
  if (eventLines.length > manifest.events.length) throw damaged(file, 'it holds more events than its manifest lists');
  const events = eventLines.map((line, index) => {
    const hash = sha256Hex(line);
    if (hash !== manifest.events[index]) throw damaged(file, `event ${index + 1} does not match its hash`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw damaged(file, `event ${index + 1} is not JSON`);
    }
    return { ...checkEvent(file, value, manifest, index), hash };
  });
  return { file, manifest, manifestHash: manifestHashOf(manifest), events };
}
