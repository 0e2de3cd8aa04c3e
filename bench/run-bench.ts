/**
 * `npm run bench`: every benchmark, medians, with ratios against baselines measured in the same run.
 * Run one group with `npm run bench -- print` (names: print, scan-accuracy, scan-throughput).
 */
import { printFigures, type BenchFigures } from './measure.js';
import { benchPrint } from './print-bench.js';
import { benchScanAccuracy, benchScanThroughput } from './scan-bench.js';

const groups: Record<string, () => Promise<BenchFigures>> = {
  print: benchPrint,
  'scan-accuracy': () => benchScanAccuracy(process.cwd()),
  'scan-throughput': () => benchScanThroughput(process.cwd()),
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
console.log(`paperlink bench — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  printFigures(name, await run());
}
