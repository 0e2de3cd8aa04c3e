/**
 * `npm run bench`: every benchmark, medians, with ratios against baselines measured in the same run.
 * One or more groups: `npm run bench -- print scan` (names below). Figures print as they come.
 */
import { printFigures, type BenchFigures } from './measure.js';
import { benchPrint } from './print-bench.js';
import { benchSimulate } from './simulate-bench.js';
import { benchScan, benchScanAccuracy, benchScanThroughput } from './scan-bench.js';
import { benchDigits } from './digits-bench.js';
import { benchReview } from './review-bench.js';
import { benchReport } from './report-bench.js';
import { benchFamilyLinks } from './family-links-bench.js';
import { benchConsolidate } from './consolidate-bench.js';

const groups: Record<string, () => Promise<BenchFigures>> = {
  print: benchPrint,
  simulate: () => benchSimulate(),
  scan: () => benchScan(),
  'scan-accuracy': () => benchScanAccuracy(process.cwd()),
  'scan-throughput': () => benchScanThroughput(process.cwd()),
  digits: benchDigits,
  review: benchReview,
  report: benchReport,
  'family-links': benchFamilyLinks,
  consolidate: benchConsolidate,
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in groups));
if (unknown.length > 0) {
  console.error(`Unknown bench group ${unknown.join(', ')}. Groups: ${Object.keys(groups).join(', ')}.`);
  process.exit(2);
}
console.log(`paperlink bench — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  printFigures(name, await run());
}
