import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { ingestFiles } from '../../src/scan/index.js';
import { codesOf, layoutOf, printedWorkspace, renderPages, tempDir, toImagePdf, writeInputs } from '../helpers/scan-inputs.js';

/** A scanner PDF of `blankPages` empty pages (vector, tiny) followed by real printed pages. */
async function longPdf(blankPages: number, label = 'short'): Promise<Buffer> {
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolveDone) => doc.on('end', () => resolveDone()));
  for (let index = 0; index < blankPages; index++) doc.addPage({ size: 'A4', margin: 0 }).fontSize(6).text(`${label} ${index + 1}`, 300, 820);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('ingestFiles on a long PDF', () => {
  it('reads a long PDF one page at a time and records every page', async () => {
    const dir = tempDir();
    const { workspace } = await printedWorkspace(dir, { from: 1, to: 1 });
    const layout = layoutOf('intake');
    const printed = await toImagePdf(await renderPages(layout, codesOf(layout, 'AMS01', 1, 1)));
    // A short PDF first warms up everything that is allocated once (wasm heaps, sharp, SQLite caches).
    const warmUp = writeInputs(join(dir, 'warm'), { 'short.pdf': await longPdf(10) });
    await ingestFiles(workspace, [warmUp], { workers: 0 });
    const input = writeInputs(join(dir, 'in'), { 'long.pdf': await longPdf(40, 'long'), 'sheet.pdf': printed });
    const rssBefore = process.memoryUsage().rss;
    const summary = await ingestFiles(workspace, [input], { workers: 0 });
    expect(summary.pages).toBe(42);
    expect(summary.unreadable['blank-page'] ?? 0).toBe(40);
    expect(summary.outcomes.accepted + summary.outcomes['needs-review']).toBe(2);
    // Pages are decoded one at a time: 40 more pages do not add 40 decoded pages (8.7 MB each at 300 dpi, 350 MB).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
  }, 120_000);
});
