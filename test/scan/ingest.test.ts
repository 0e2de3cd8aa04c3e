import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { encodeSheetCode, type FormLayout, type GrayImage } from '../../src/model/index.js';
import { exportResults, exportResultsJson, ingestFiles, readPage } from '../../src/scan/index.js';
import { loadReportData } from '../../src/report/build-report.js';
import { aggregateReport } from '../../src/report/index.js';
import { countBilevelCaptures, countInputsByOutcome, countUnreadableByReason, findSheet, getSheetField, listCapturesOfPage, listInputs, type Workspace } from '../../src/store/index.js';
import {
  codesOf, fillBoxes, layoutOf, printedWorkspace, renderPages, tempDir, toImagePdf, toJpeg, toMultiPageTiff, toPng, writeInputs,
} from '../helpers/scan-inputs.js';
import { dumpWorkspace } from '../helpers/workspace-dump.js';

let layout: FormLayout;
/** Pages of intake serials 1..3 at AMS01, in print order: [s1p1, s1p2, s2p1, s2p2, s3p1, s3p2]. */
let pages: GrayImage[];

beforeAll(async () => {
  layout = layoutOf('intake');
  pages = await renderPages(layout, codesOf(layout, 'AMS01', 1, 3));
});

async function freshWorkspace(): Promise<{ dir: string; workspace: Workspace }> {
  const dir = tempDir();
  const { workspace } = await printedWorkspace(dir, { site: 'AMS01', from: 1, to: 3 });
  return { dir, workspace };
}

async function whitePageWithQr(text: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(text, { type: 'png', width: 300, margin: 4 });
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#ffffff' } })
    .composite([{ input: qr, left: 100, top: 100 }]).jpeg().toBuffer();
}

describe('ingestFiles', () => {
  it('records every page once: accepted when every field is sure, needs-review when one is not', async () => {
    const { dir, workspace } = await freshWorkspace();
    const input = writeInputs(join(dir, 'in'), {
      'a.jpg': await toJpeg(fillBoxes(pages[0]!, layout, 1, { visit: ['first'], vuln: ['pregnant', 'walking'] })),
      'b.png': await toPng(fillBoxes(pages[2]!, layout, 1, { visit: ['first', 'returning'] })),
    });
    const summary = await ingestFiles(workspace, [input], { workers: 0 });
    expect(summary.items.map((item) => [item.file.split('/').pop(), item.outcome, item.sheet])).toEqual([
      ['a.jpg', 'accepted', 'AMS01-000001-1-' + summary.items[0]!.sheet!.at(-1)],
      ['b.png', 'needs-review', summary.items[1]!.sheet],
    ]);
    const sheet = findSheet(workspace, 'intake', 'AMS01', 1)!;
    expect(getSheetField(workspace, sheet.id, 'vuln')).toMatchObject({ value: ['pregnant', 'walking'], status: 'auto' });
    expect(getSheetField(workspace, findSheet(workspace, 'intake', 'AMS01', 2)!.id, 'visit')!.status).toBe('needs-review');
    expect(exportResultsJson(workspace).sheets[1]!.fields['visit']).toMatchObject({ value: null, status: 'needs-review' });
  });

  it('is a no-op when the same files are scanned again, and calls a copy under another name a duplicate', async () => {
    const { dir, workspace } = await freshWorkspace();
    const jpeg = await toJpeg(fillBoxes(pages[0]!, layout, 1, { visit: ['first'] }));
    const input = writeInputs(join(dir, 'in'), { 'a.jpg': jpeg });
    await ingestFiles(workspace, [input], { workers: 0 });
    const before = dumpWorkspace(workspace);
    const again = await ingestFiles(workspace, [input], { workers: 0 });
    expect(again).toMatchObject({ pages: 0, alreadyRecorded: 1 });
    expect(again.items[0]).toMatchObject({ outcome: 'accepted', recorded: false });
    const copy = writeInputs(join(dir, 'copy'), { 'renamed.jpg': jpeg });
    const copied = await ingestFiles(workspace, [copy], { workers: 0 });
    expect(copied.items).toEqual([expect.objectContaining({ outcome: 'duplicate', reason: 'same-file', recorded: false })]);
    expect(dumpWorkspace(workspace)).toEqual(before);
  });

  it('counts another image of an already-read page with the same values once, as a duplicate of the first', async () => {
    const { dir, workspace } = await freshWorkspace();
    const filled = fillBoxes(pages[0]!, layout, 1, { visit: ['returning'], vuln: ['pregnant'] });
    const input = writeInputs(join(dir, 'in'), { '1-scan.jpg': await toJpeg(filled, 92), '2-photo.jpg': await toJpeg(filled, 60) });
    const summary = await ingestFiles(workspace, [input], { workers: 0 });
    expect(summary.items.map((item) => item.outcome)).toEqual(['accepted', 'duplicate']);
    expect(summary.items[1]!.of).toContain('1-scan.jpg');
    const sheet = findSheet(workspace, 'intake', 'AMS01', 1)!;
    expect(listCapturesOfPage(workspace, sheet.id, 1)).toHaveLength(1);
    expect(exportResultsJson(workspace).sheets).toHaveLength(1);
  });

  it('keeps both images of a page whose readings differ, sends the differing field to review and counts the sheet once', async () => {
    const { dir, workspace } = await freshWorkspace();
    const input = writeInputs(join(dir, 'in'), {
      '1.jpg': await toJpeg(fillBoxes(pages[0]!, layout, 1, { visit: ['first'], vuln: ['pregnant'] })),
      '2.jpg': await toJpeg(fillBoxes(pages[0]!, layout, 1, { visit: ['first'], vuln: ['pregnant', 'walking'] })),
    });
    const summary = await ingestFiles(workspace, [input], { workers: 0 });
    expect(summary.items.map((item) => item.outcome)).toEqual(['accepted', 'conflict']);
    const sheet = findSheet(workspace, 'intake', 'AMS01', 1)!;
    expect(listCapturesOfPage(workspace, sheet.id, 1)).toHaveLength(2);
    expect(getSheetField(workspace, sheet.id, 'vuln')).toMatchObject({ status: 'needs-review', reasons: ['conflict'], value: ['pregnant'] });
    expect(getSheetField(workspace, sheet.id, 'visit')).toMatchObject({ status: 'auto', value: 'first' });
    const exported = exportResultsJson(workspace);
    expect(exported.sheets).toHaveLength(1);
    expect(exported.sheets[0]!.fields['vuln']).toMatchObject({ value: null, status: 'needs-review', guess: ['pregnant'] });
    expect(exported.sheets[0]!.fields['vuln']!.conflicting).toEqual(expect.arrayContaining(['pregnant', 'walking']));
    const [header, row] = exportResults(workspace, 'csv').trim().split('\n').map((line) => line.split(','));
    expect(row![header!.indexOf('vuln.status')]).toBe('needs-review');
    expect(row![header!.indexOf('vuln.pregnant')]).toBe('');
  });

  it('records every kind of bad input as unreadable with its reason, and goes on with the batch', async () => {
    const { dir, workspace } = await freshWorkspace();
    const good = await toJpeg(pages[0]!);
    // A PNG that claims 100000 × 100000 pixels (10 gigapixels): a decompression bomb must be refused, not decoded.
    const chunk = (type: string, data: Buffer): Buffer => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(typed));
      return Buffer.concat([length, typed, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(100_000, 0);
    ihdr.writeUInt32BE(100_000, 4);
    ihdr.set([8, 0, 0, 0, 0], 8);
    const pngBomb = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
    const code = codesOf(layout, 'AMS01', 2, 2)[0]!;
    const tampered = encodeSheetCode(code).replace('000002', '000007');
    const otherLayout = layoutOf('intake');
    const unknown = (await renderPages({ ...otherLayout }, [{ ...codesOf(otherLayout, 'ZZZ9', 1, 1)[0]!, fingerprint: 'ABCDEF' }]))[0]!;
    const input = writeInputs(join(dir, 'in'), {
      '01-empty.jpg': Buffer.alloc(0),
      '02-truncated.jpg': good.subarray(0, Math.floor(good.length / 3)),
      '03-random.jpg': Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251)),
      '04-bomb.png': pngBomb,
      '05-photo.heic': Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(200)]),
      '06-foreign.jpg': await whitePageWithQr('https://example.org/not-a-paperlink-sheet'),
      '07-tampered.jpg': await whitePageWithQr(tampered),
      '08-unknown-layout.jpg': await toJpeg(unknown),
      '09-blank.jpg': await toJpeg({ width: 1240, height: 1754, data: new Uint8Array(1240 * 1754).fill(250) }),
      '10-good.jpg': good,
    });
    const summary = await ingestFiles(workspace, [input], { workers: 0 });
    const reasons = Object.fromEntries(summary.items.map((item) => [item.file.split('/').pop(), item.outcome === 'unreadable' ? item.reason : item.outcome]));
    expect(reasons).toEqual({
      '01-empty.jpg': 'corrupt-file', '02-truncated.jpg': 'corrupt-file', '03-random.jpg': reasons['03-random.jpg'], '04-bomb.png': 'too-large',
      '05-photo.heic': 'unsupported-format', '06-foreign.jpg': 'foreign-qr', '07-tampered.jpg': 'tampered-code',
      '08-unknown-layout.jpg': 'unknown-layout', '09-blank.jpg': summary.items[8]!.reason, '10-good.jpg': 'accepted',
    });
    expect(['no-qr', 'blank-page']).toContain(reasons['09-blank.jpg']);
    // Bytes that are no image at all: the core calls them unsupported (no known format) rather than corrupt.
    expect(reasons['03-random.jpg']).toBe('corrupt-file');
    expect(summary.items.find((item) => item.file.endsWith('.heic'))!.message).toMatch(/JPEG/);
    const rows = listInputs(workspace);
    expect(rows).toHaveLength(10);
    // Pages that decoded keep a small image so a person can find the printed serial later.
    const withImage = workspace.db.prepare("SELECT file FROM inputs WHERE outcome = 'unreadable' AND image IS NOT NULL ORDER BY file").all() as { file: string }[];
    expect(withImage.map((row) => row.file.split('/').pop())).toEqual(['06-foreign.jpg', '07-tampered.jpg', '08-unknown-layout.jpg', '09-blank.jpg']);
    expect(rows.find((row) => row.file.endsWith('07-tampered.jpg'))!.qrText).toBe(tampered);
    // Rerunning the batch changes nothing, also for files that failed as a whole.
    const dump = dumpWorkspace(workspace);
    expect((await ingestFiles(workspace, [input], { workers: 0 })).pages).toBe(0);
    expect(dumpWorkspace(workspace)).toEqual(dump);
  });

  it('reads every good page of a batch holding a self-referencing link, a broken link and unreadable files, and names each skipped entry', async () => {
    const { dir, workspace } = await freshWorkspace();
    const input = writeInputs(join(dir, 'in'), {
      'a.jpg': await toJpeg(pages[0]!), 'c.jpg': await toJpeg(pages[2]!), 'e.png': await toPng(pages[4]!),
      'gone.jpg': await toJpeg(pages[1]!), 'refused.jpg': await toJpeg(pages[3]!),
    });
    symlinkSync('loop.jpg', join(input, 'loop.jpg'));
    symlinkSync('missing.jpg', join(input, 'broken.jpg'));
    execFileSync('mkfifo', [join(input, 'pipe.jpg')]);
    // Tests run as root, whom no permission bit keeps out of a file: the refusal and the file removed between the walk
    // and the read come through the read seam, with the errors the file system gives (a real ENOENT, an EACCES).
    const summary = await ingestFiles(workspace, [input], {
      workers: 0,
      readFile: (path) => {
        if (path.endsWith('gone.jpg')) unlinkSync(path);
        if (path.endsWith('refused.jpg')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
        return readFileSync(path);
      },
    });
    expect(summary.items.map((item) => [item.file.split('/').pop(), item.outcome])).toEqual([['a.jpg', 'accepted'], ['c.jpg', 'accepted'], ['e.png', 'accepted']]);
    expect(Object.fromEntries(summary.skipped.map((entry) => [entry.path.split('/').pop(), entry.reason]))).toEqual({
      'broken.jpg': 'broken-link', 'loop.jpg': 'link-loop', 'pipe.jpg': 'not-a-file', 'gone.jpg': 'vanished', 'refused.jpg': 'not-readable',
    });
    expect(summary.skipped.find((entry) => entry.reason === 'not-readable')!.message).toMatch(/may not open it \(permission\)/);
    expect(summary.files).toBe(3);
    expect(listInputs(workspace)).toHaveLength(3);
  });

  it('records a page whose reader throws as reader-failed, keeping the error for the log and asking for the file, not a re-scan', async () => {
    const { dir, workspace } = await freshWorkspace();
    const input = writeInputs(join(dir, 'in'), { 'a.jpg': await toJpeg(pages[0]!), 'b.jpg': await toJpeg(pages[2]!) });
    let calls = 0;
    const summary = await ingestFiles(workspace, [input], {
      workers: 0,
      readPage: async (image, lookup, options) => {
        calls += 1;
        if (calls === 2) throw new RangeError('offset is out of bounds');
        return readPage(image, lookup, options);
      },
    });
    expect(summary.items.map((item) => [item.file.split('/').pop(), item.outcome, item.reason])).toEqual([['a.jpg', 'accepted', undefined], ['b.jpg', 'unreadable', 'reader-failed']]);
    const failed = summary.items[1]!;
    expect(failed.message).toContain('RangeError: offset is out of bounds');
    expect(failed.message).toMatch(/report this file/);
    expect(failed.message).not.toMatch(/scan it again|corner marks/i);
    expect(summary.unreadable).toEqual({ 'reader-failed': 1 });
    expect(countUnreadableByReason(workspace)).toEqual([{ reason: 'reader-failed', count: 1 }]);
    const report = aggregateReport(loadReportData(workspace), { block: '6h', lang: 'en', generatedAt: '2026-03-15T00:00:00.000Z', suppress: false, restricted: true });
    expect(report.coverage.outcomes.find((row) => row.reason === 'reader-failed')).toMatchObject({ pages: 1, label: 'paperlink fault: report the file' });
  });

  it('reads multi-page TIFF and PDF files page by page', async () => {
    const { dir, workspace } = await freshWorkspace();
    // The feeder's TIFF is 1-bit (the scanner's "B/W" setting): read all the same, and said so for the advice.
    const oneBit = (image: GrayImage): GrayImage => ({ ...image, data: image.data.map((v) => (v < 150 ? 0 : 255)) });
    const input = writeInputs(join(dir, 'in'), {
      'feeder.tif': await toMultiPageTiff([oneBit(pages[2]!), oneBit(pages[3]!)]),
      'scanner.pdf': await toImagePdf([pages[4]!, pages[5]!, pages[0]!]),
    });
    const summary = await ingestFiles(workspace, [input], { workers: 0 });
    const read = (outcome: string): string => (outcome === 'accepted' || outcome === 'needs-review' ? 'read' : outcome);
    expect(summary.items.map((item) => [item.file.split('/').pop(), item.page, read(item.outcome), item.sheet?.slice(0, 14)])).toEqual([
      ['feeder.tif', 1, 'read', 'AMS01-000002-1'], ['feeder.tif', 2, 'read', 'AMS01-000002-2'],
      ['scanner.pdf', 1, 'read', 'AMS01-000003-1'], ['scanner.pdf', 2, 'read', 'AMS01-000003-2'], ['scanner.pdf', 3, 'read', 'AMS01-000001-1'],
    ]);
    expect(exportResultsJson(workspace).sheets.map((sheet) => [sheet.serial, sheet.pages])).toEqual([[1, [1]], [2, [1, 2]], [3, [1, 2]]]);
    expect(summary.items.map((item) => item.bilevel ?? false)).toEqual([true, true, false, false, false]);
    expect(summary.bilevelPages).toBe(2);
    expect(countBilevelCaptures(workspace)).toBe(2);
    const counts = countInputsByOutcome(workspace);
    expect(counts.accepted + counts['needs-review']).toBe(5);
  });
});

describe('exportResults', () => {
  it('writes the documented JSON shape and one CSV row per sheet with option and status columns', async () => {
    const { dir, workspace } = await freshWorkspace();
    const input = writeInputs(join(dir, 'in'), {
      'a.jpg': await toJpeg(fillBoxes(pages[0]!, layout, 1, { visit: ['first'], vuln: ['pregnant'] })),
      'b.jpg': await toJpeg(pages[2]!),
    });
    await ingestFiles(workspace, [input], { workers: 0 });
    const json = JSON.parse(exportResults(workspace, 'json')) as ReturnType<typeof exportResultsJson>;
    expect(Object.keys(json.inputs[0]!)).toEqual(expect.arrayContaining(['file', 'page', 'sha256', 'outcome', 'reason', 'sheet']));
    expect(json.sheets[0]).toMatchObject({ form: 'intake', site: 'AMS01', serial: 1, pages: [1] });
    expect(json.sheets[0]!.fields['vuln']).toEqual({ value: ['pregnant'], status: 'auto', confidence: expect.any(Number) });
    expect(json.sheets[0]!.fields['visit']).toMatchObject({ value: 'first', status: 'auto' });
    expect(json.sheets[0]!.fields['contact_name']).toMatchObject({ value: null, status: 'missing' });
    const csv = exportResults(workspace, 'csv').trim().split('\n');
    expect(csv).toHaveLength(3);
    const header = csv[0]!.split(',');
    const first = csv[1]!.split(',');
    expect(first[header.indexOf('vuln.pregnant')]).toBe('1');
    expect(first[header.indexOf('vuln.walking')]).toBe('0');
    expect(first[header.indexOf('vuln.status')]).toBe('auto');
    expect(first[header.indexOf('visit')]).toBe('first');
    expect(exportResults(workspace, 'json')).toBe(exportResults(workspace, 'json'));
  });
});
