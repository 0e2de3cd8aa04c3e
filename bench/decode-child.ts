/**
 * The throughput bench's baseline in a process of its own: sharp's bare decode (whole, grey) of the files named in a
 * list file, after one untimed decode (libvips start-up is not a per-page cost). Two of these run at once give "decoding
 * the same files at full resolution in two processes", the yardstick issue #19 sets ingest against. Prints one JSON line.
 * Run: node dist/bench/decode-child.js LIST_FILE (one path per line).
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

export interface DecodeChildResult {
  readonly files: number;
  /** Wall seconds of the timed decodes, and when they started and ended (ms since the epoch: how two children overlapped). */
  readonly seconds: number;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
}

const files = readFileSync(process.argv[2]!, 'utf8').split('\n').filter((line) => line.length > 0);
await sharp(readFileSync(files[0]!)).toColourspace('b-w').raw().toBuffer();
const startedAtMs = Date.now();
const started = performance.now();
for (const file of files) await sharp(readFileSync(file)).rotate().toColourspace('b-w').raw().toBuffer();
const result: DecodeChildResult = { files: files.length, seconds: (performance.now() - started) / 1000, startedAtMs, endedAtMs: Date.now() };
console.log(JSON.stringify(result));
