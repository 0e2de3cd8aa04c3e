/**
 * Hostile inputs, generated: real page files with flipped bits, cut short, or with another format's header spliced in,
 * and real pages whose QR carries a mutated sheet code. Whatever the bytes, ingest must not crash, and every input page
 * must end in exactly one outcome (fixed seeds, so a failure replays).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import fc from 'fast-check';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { encodeSheetCode, type FormLayout, type GrayImage } from '../../src/model/index.js';
import { ingestFiles } from '../../src/scan/index.js';
import { listInputs } from '../../src/store/index.js';
import { codesOf, printedWorkspace, renderPages, tempDir, TEST_DPI, toImagePdf, toJpeg, toMultiPageTiff, toPng, writeInputs } from '../helpers/scan-inputs.js';

type Base = 'jpg' | 'png' | 'pdf' | 'tif';
const BASES: readonly Base[] = ['jpg', 'png', 'pdf', 'tif'];

type Mutation =
  | { readonly kind: 'flip'; readonly base: Base; readonly bits: readonly number[] }
  | { readonly kind: 'truncate'; readonly base: Base; readonly keep: number }
  | { readonly kind: 'splice'; readonly base: Base; readonly head: Base; readonly length: number }
  | { readonly kind: 'code'; readonly edits: readonly { readonly at: number; readonly op: 'replace' | 'insert' | 'delete'; readonly char: string }[] };

const base = fc.constantFrom(...BASES);
// Bit positions: half in the first 2 KiB (headers, tables, where a flip hurts most), half anywhere in the file.
const bit = fc.oneof(fc.integer({ min: 0, max: 2048 * 8 - 1 }), fc.nat());
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), base, bits: fc.array(bit, { minLength: 1, maxLength: 24 }) }),
  fc.record({ kind: fc.constant('truncate' as const), base, keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('splice' as const), base, head: base, length: fc.integer({ min: 2, max: 600 }) }),
  fc.record({ kind: fc.constant('code' as const), edits: fc.array(fc.record({
    at: fc.nat(), op: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const),
    char: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ .-:/$%*+é\u0000'.split('')),
  }), { minLength: 1, maxLength: 4 }) }),
);

let layout: FormLayout;
let page: GrayImage;
let files: Record<Base, Buffer>;

beforeAll(async () => {
  const dir = tempDir();
  ({ layout } = await printedWorkspace(dir, { site: 'AMS01', from: 1, to: 1 }));
  page = (await renderPages(layout, codesOf(layout, 'AMS01', 1, 1)))[0]!;
  files = { jpg: await toJpeg(page), png: await toPng(page), pdf: await toImagePdf([page]), tif: await toMultiPageTiff([page]) };
});

function mutateCode(text: string, edits: Extract<Mutation, { kind: 'code' }>['edits']): string {
  let chars = [...text];
  for (const edit of edits) {
    const at = edit.at % (chars.length + 1);
    if (edit.op === 'insert') chars.splice(at, 0, edit.char);
    else if (edit.op === 'delete') chars.splice(at, 1);
    else chars[Math.min(at, chars.length - 1)] = edit.char;
  }
  if (chars.length === 0) chars = ['?'];
  return chars.join('');
}

/** The page with its printed QR replaced by one carrying `text`. */
async function pageWithQr(text: string): Promise<Buffer> {
  const pxPerMm = TEST_DPI / 25.4;
  const size = Math.round(layout.qr.sizeMm * pxPerMm);
  const qr = await QRCode.toBuffer(text, { type: 'png', width: size, margin: 0 });
  return sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .composite([{ input: await sharp(qr).resize(size, size).toBuffer(), left: Math.round(layout.qr.xMm * pxPerMm), top: Math.round(layout.qr.yMm * pxPerMm) }])
    .jpeg({ quality: 90 }).toBuffer();
}

async function mutatedFile(change: Mutation): Promise<{ ext: Base; bytes: Buffer }> {
  switch (change.kind) {
    case 'flip': {
      const bytes = Buffer.from(files[change.base]);
      for (const position of change.bits) {
        const index = Math.floor(position / 8) % bytes.length;
        bytes[index] = bytes[index]! ^ (1 << (position % 8));
      }
      return { ext: change.base, bytes };
    }
    case 'truncate':
      return { ext: change.base, bytes: files[change.base].subarray(0, Math.floor(files[change.base].length * change.keep)) };
    case 'splice': {
      const body = Buffer.from(files[change.base]);
      files[change.head].copy(body, 0, 0, Math.min(change.length, body.length));
      return { ext: change.base, bytes: body };
    }
    case 'code':
      return { ext: 'jpg', bytes: await pageWithQr(mutateCode(encodeSheetCode(codesOf(layout, 'AMS01', 1, 1)[0]!), change.edits)) };
  }
}

describe('ingestFiles on mutated inputs', () => {
  it('never crashes and gives every page of every mutated file exactly one outcome', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 6, maxLength: 8 }), async (changes) => {
      const dir = tempDir();
      const { workspace } = await printedWorkspace(dir, { site: 'AMS01', from: 1, to: 1 });
      try {
        const named: Record<string, Buffer> = {};
        for (const [index, change] of changes.entries()) {
          const { ext, bytes } = await mutatedFile(change);
          named[`${String(index).padStart(2, '0')}-${change.kind}.${ext}`] = bytes;
        }
        const input = writeInputs(join(dir, 'in'), named);
        const summary = await ingestFiles(workspace, [input], { workers: 0 });
        expect(summary.skipped).toEqual([]);
        for (const name of Object.keys(named)) {
          const items = summary.items.filter((item) => item.file === join(input, name));
          expect(items.length, name).toBeGreaterThanOrEqual(1);
          expect(new Set(items.map((item) => item.page)).size, name).toBe(items.length);
          // A reader that throws is a crash, whatever the bytes: it must never happen.
          for (const item of items) expect(item.outcome === 'unreadable' ? item.reason : item.outcome, name).not.toBe('reader-failed');
        }
        expect(listInputs(workspace)).toHaveLength(summary.items.filter((item) => item.recorded).length);
      } finally {
        workspace.close();
      }
    }), { seed: 20261203, numRuns: 8 });
  });
});
