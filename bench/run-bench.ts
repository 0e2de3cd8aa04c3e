/**
 * `npm run bench`: every benchmark, medians, with ratios against baselines measured in the same run.
 * Run one group with `npm run bench -- print` (names: print, digits).
 */
import { printFigures, type BenchFigures } from './measure.js';
import { benchDigits } from './digits-bench.js';
import { benchPrint } from './print-bench.js';

const groups: Record<string, () => Promise<BenchFigures>> = {
  print: benchPrint,
  digits: benchDigits,
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
console.log(`paperlink bench — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  printFigures(name, await run());
}
