/**
 * Looks at digit errors the way a person would: simulates intake sheets with VALIDATION digits (never the test
 * split), reads them with readPage, prints the confusion matrix and writes every misread or unsure cell as a PNG
 * (crop enlarged, beside its 28×28 network input). Tuning aid only; figures for reports come from `npm run bench`.
 * Usage: node dist/scripts/diagnose-digits.js [--seed 4242] [--sheets 16] [--profile scan-300] [--out dir]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { leafFields, parseForm, type GrayImage } from '../src/model/index.js';
import { renderSheetsPdf } from '../src/print/index.js';
import { openInput, readPage } from '../src/scan/index.js';
import { normaliseDigitCell, readDigitField } from '../src/scan/read-digits.js';
import { DIGIT_ACCEPT_MIN_CONFIDENCE } from '../src/scan/thresholds.js';
import { simulateForm, type DigitSource, type ProfileName } from '../src/simulate/index.js';
import type { StoredLayout } from '../src/store/index.js';
import { DEFAULT_SEED, splitMnist } from '../test/helpers/digit-cells.js';

const get = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const seed = Number(get('seed', '4242'));
const sheets = Number(get('sheets', '16'));
const profile = get('profile', 'scan-300') as ProfileName;
const outDir = get('out', '/tmp/digit-diagnosis');
const dumpUnsure = process.argv.includes('--unsure');

const parsed = parseForm(JSON.parse(readFileSync(new URL('../../forms/intake/v1.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error('intake v1 does not parse');
const definition = parsed.definition;
const { validation } = splitMnist(DEFAULT_SEED);
const byLabel = Array.from({ length: 10 }, (_, label) => validation.filter((s) => s.label === label));
const digitSource: DigitSource = (digit, rng) => byLabel[digit]![rng.int(0, byLabel[digit]!.length - 1)]!.pixels;

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'paperlink-diagnose-digits-'));
const result = await simulateForm({
  definition, profile, seed, outDir: work, site: 'DIAG1', serialFrom: 1, count: sheets, digitSource,
  renderPdf: (codes, layout) => renderSheetsPdf(layout, codes, new Date('2026-01-01T00:00:00Z')),
});
const stored: StoredLayout = { fingerprint: result.layout.fingerprint, formId: definition.id, formCode: definition.code,
  version: definition.version, layout: result.layout, definition };
const digitIds = new Set(leafFields(definition).filter((leaf) => leaf.kind === 'digits').map((leaf) => leaf.id));
const confusion = Array.from({ length: 11 }, () => new Array<number>(11).fill(0));
let cells = 0;
let right = 0;
let accepted = 0;
let acceptedWrong = 0;
let dumped = 0;
for (const image of result.truth.images) {
  const opened = await openInput(readFileSync(join(work, image.file)), image.file);
  if (!opened.ok) throw new Error(opened.message);
  const reading = await readPage(await opened.loadPage(image.page), () => stored);
  if (reading.kind !== 'read') continue;
  const cellsById = new Map(reading.digitCells.map((d) => [d.fieldId, d.cells]));
  for (const [fieldId, truthValue] of Object.entries(image.fields)) {
    if (!digitIds.has(fieldId) || typeof truthValue !== 'string' || truthValue === '') continue;
    const crops = cellsById.get(fieldId);
    // Right-aligned counts (" 3") have fewer truth digits than cells: left out here, the bench counts them.
    if (!crops || crops.length !== truthValue.length) continue;
    const read = await readDigitField(crops);
    for (let i = 0; i < truthValue.length; i++) {
      const crop = crops[i];
      const cell = read.cells[i];
      if (!crop || !cell) continue;
      const truth = Number(truthValue[i]);
      const got = cell.value === null ? 10 : Number(cell.value);
      confusion[truth]![got]! += 1;
      cells++;
      const ok = got === truth;
      if (ok) right++;
      const sure = cell.confidence >= DIGIT_ACCEPT_MIN_CONFIDENCE;
      if (sure) {
        accepted++;
        if (!ok) acceptedWrong++;
      }
      if (!ok || (dumpUnsure && !sure)) {
        const name = `${ok ? 'unsure' : 'wrong'}-${truth}-as-${cell.value ?? 'blank'}-c${cell.confidence.toFixed(3)}-${image.file.replace(/\W/g, '')}-${fieldId}-${i}.png`;
        await writeCellPng(crop, join(outDir, name));
        writeFileSync(join(outDir, name.replace('.png', '.json')), JSON.stringify({ width: crop.width, height: crop.height, data: Array.from(crop.data) }));
        dumped++;
        console.log(`${name}  ink ${cell.metrics.inkRatio.toFixed(3)} borders ${cell.metrics.borderSidesRemoved} touches ${cell.metrics.touchesBorder} dropped ${cell.metrics.droppedInkPx}`);
      }
    }
  }
}
rmSync(work, { recursive: true, force: true });
console.log(`${profile} seed ${seed}: ${cells} cells, accuracy ${((100 * right) / cells).toFixed(2)} %, accepted ${((100 * accepted) / cells).toFixed(1)} %, accepted wrong ${acceptedWrong}; ${dumped} PNGs in ${outDir}`);
console.log('truth \\ read   0    1    2    3    4    5    6    7    8    9  blank');
confusion.slice(0, 10).forEach((row, t) => console.log(`${t}          ${row.map((n) => String(n).padStart(4)).join(' ')}`));

/** Crop ×6 beside its 28×28 network input ×6 (ink black on white), for eyes. */
async function writeCellPng(crop: GrayImage, file: string): Promise<void> {
  const z = 6;
  const { image28 } = normaliseDigitCell(crop);
  const w = crop.width * z + 8 + 28 * z;
  const h = Math.max(crop.height, 28) * z;
  const data = new Uint8Array(w * h).fill(128);
  for (let y = 0; y < crop.height * z; y++) for (let x = 0; x < crop.width * z; x++) data[y * w + x] = crop.data[Math.floor(y / z) * crop.width + Math.floor(x / z)] ?? 0;
  const x0 = crop.width * z + 8;
  for (let y = 0; y < 28 * z; y++) for (let x = 0; x < 28 * z; x++) data[y * w + x0 + x] = Math.round(255 * (1 - (image28[Math.floor(y / z) * 28 + Math.floor(x / z)] ?? 0)));
  writeFileSync(file, await sharp(Buffer.from(data), { raw: { width: w, height: h, channels: 1 } }).png().toBuffer());
}
