/** Runs the scan throughput bench alone: `npm run build && node dist/bench/run-scan.js` (from the package folder). */
import { benchScan } from './scan-bench.js';

const result = await benchScan(process.cwd());
for (const [key, value] of Object.entries(result)) console.log(`${key.padEnd(36)} ${value}`);
